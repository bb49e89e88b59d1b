/// \file
/// \brief The search for the data folders. Only this file knows where the source tree and
///        the install prefix are (compile definitions of nnref::io, not of its users).
#include "nnref/data/locate.hpp"

#include "nnref/core/error.hpp"

#include <cstdlib>
#include <string>
#include <system_error>

namespace nnref {

namespace fs = std::filesystem;

namespace {

/// True when `dir/file` exists (an unreadable folder counts as missing, not as an error).
bool holds(const fs::path& dir, const char* file) {
    std::error_code ec;
    return !dir.empty() && fs::is_regular_file(dir / file, ec);
}

/// The value of an environment variable, or "" when it is not set.
std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

}  // namespace

fs::path data_dir(const fs::path& dir) {
    constexpr const char* marker = "iris.csv";
    if (!dir.empty()) {
        if (!holds(dir, marker)) {
            throw input_error("data folder '" + dir.string() + "' has no " + marker +
                              "; give the folder of nnref's data/ (see data/README.md)");
        }
        return dir;
    }
    if (const std::string env = environment("NNREF_DATA_DIR"); !env.empty()) {
        if (!holds(env, marker)) {
            throw input_error("NNREF_DATA_DIR='" + env + "' has no " + marker +
                              "; point it at nnref's data/ folder, or unset it");
        }
        return env;
    }
    for (const fs::path& candidate :
         {fs::path(NNREF_SOURCE_DATA_DIR), fs::path(NNREF_INSTALL_DATA_DIR)}) {
        if (holds(candidate, marker)) {
            return candidate;
        }
    }
    throw input_error(std::string("nnref's data folder was not found; looked in ") +
                      NNREF_SOURCE_DATA_DIR + " (the source tree) and " + NNREF_INSTALL_DATA_DIR +
                      " (the install). Pass --data-dir, or set NNREF_DATA_DIR to a folder "
                      "holding iris.csv");
}

fs::path fashion_mnist_dir(const fs::path& data) {
    constexpr const char* marker = "train-images-idx3-ubyte.gz";
    const fs::path debian = "/usr/share/datasets/fashion-mnist";
    if (const std::string env = environment("NNREF_FASHION_MNIST_DIR"); !env.empty()) {
        if (!holds(env, marker)) {
            throw input_error("Fashion-MNIST was not found: NNREF_FASHION_MNIST_DIR='" + env +
                              "' has no " + marker +
                              "; point it at the folder of the four "
                              "IDX files, or unset it to use Debian's " +
                              debian.string());
        }
        return env;
    }
    std::string tried;
    if (!data.empty()) {
        if (holds(data / "fashion-mnist", marker)) {
            return data / "fashion-mnist";
        }
        tried = (data / "fashion-mnist").string() + " and ";
    }
    if (holds(debian, marker)) {
        return debian;
    }
    throw input_error("Fashion-MNIST was not found in " + tried + debian.string() +
                      ". Install it with: apt-get install dataset-fashion-mnist; or set "
                      "NNREF_FASHION_MNIST_DIR to a folder holding " +
                      marker + " and the other three files");
}

}  // namespace nnref
