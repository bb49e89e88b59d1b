/// \file
/// \brief Reading a whole file into memory, with an error that says which file and why not.
///
/// nnref's readers (CSV, IDX, model files) each read their file with read_file() and then
/// parse the bytes in memory. The parsers can then be tested, and fuzzed, on bytes that never
/// touch the disk, and every size a file claims can be checked against the bytes really there.
/// The readers are used by chapter 1 (CSV, \ref ch01_neuron), chapter 6 (IDX,
/// \ref ch06_data "chapter 6, section 2") and chapter 9 (model files,
/// \ref ch09_train_eval "chapter 9, section 16"); their tests are
/// tests/test_io_csv.cpp, tests/test_io_idx.cpp and tests/test_io_model.cpp.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace nnref {

/// The bytes of a file.
/// \param path the file
/// \param kind what the file should be, for messages, e.g. "IDX file"
/// \throws input_error naming the file if it is missing, a directory, not a regular file
///         (a device or a pipe, which could be endless) or unreadable
inline std::string read_file(const std::filesystem::path& path, std::string_view kind) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) {
        throw input_error(cat(kind, " '", path.string(), "' does not exist"));
    }
    if (std::filesystem::is_directory(status)) {
        throw input_error(cat(kind, " '", path.string(), "' is a directory, not a file"));
    }
    if (!std::filesystem::is_regular_file(status)) {
        throw input_error(cat(kind, " '", path.string(), "' is not a regular file"));
    }
    const auto size = std::filesystem::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) {
        throw input_error(cat("cannot open ", kind, " '", path.string(), "'"));
    }
    std::string bytes(size, '\0');
    // A file that shrinks while it is read comes back short: gcount() tells.
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) {
        throw input_error(cat("cannot read ", kind, " '", path.string(), "': read ", in.gcount(),
                              " of its ", size, " bytes"));
    }
    return bytes;
}

}  // namespace nnref
