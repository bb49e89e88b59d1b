/// \file
/// \brief Model files: what is written is what is read, and every damaged file is refused with
///        a message naming the file and what is wrong: truncated, another magic or version, a
///        bad checksum, widths that do not fit the weights, a weight that is not finite.
#include "nnref/core/error.hpp"
#include "nnref/io/model.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace nnref;
namespace fs = std::filesystem;

namespace {

ModelFile small_model() {
    ModelFile m{{3, 4, 2}, "relu", {}};
    m.parameters.resize(parameter_count(m.widths));
    for (std::size_t k = 0; k < m.parameters.size(); ++k) {
        m.parameters[k] = 0.25f * static_cast<float>(k) - 1.5f;
    }
    return m;
}

std::string read_bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

/// A model file in the temporary folder, written afresh.
struct TempModel {
    fs::path path = fs::temp_directory_path() / "nnref-test-model.nnref";
    TempModel() { save_model(path, small_model()); }
    ~TempModel() { fs::remove(path); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(io_model)

BOOST_AUTO_TEST_CASE(what_is_written_is_read) {
    const TempModel file;
    const ModelFile m = load_model(file.path);
    BOOST_TEST(m.widths == small_model().widths);
    BOOST_TEST(m.activation == "relu");
    BOOST_TEST(std::memcmp(m.parameters.data(), small_model().parameters.data(), m.parameters.size() * 4) == 0);
    BOOST_TEST(parameter_count({784, 512, 256, 10}) == 535818u);
    BOOST_TEST(!fs::exists(fs::path(file.path).concat(".tmp")));  // renamed, not left behind
}

BOOST_AUTO_TEST_CASE(a_damaged_file_is_refused_with_what_is_wrong) {
    const TempModel file;
    const std::string good = read_bytes(file.path);
    const auto refused = [&](std::string bytes, const std::string& needle) {
        write_bytes(file.path, bytes);
        expect_error<input_error>([&] { load_model(file.path); }, needle);
        expect_error<input_error>([&] { load_model(file.path); }, file.path.string());
    };
    refused(good.substr(0, good.size() - 7), "truncated");
    refused(good.substr(0, 10), "truncated");
    refused("NOTAMODEL" + good.substr(9), "not an nnref model file");
    std::string version = good;
    version[8] = 2;
    refused(version, "format version 2; this nnref reads version 1");
    std::string flipped = good;
    flipped[good.size() - 9] ^= 0x10;  // a bit of the last weight
    refused(flipped, "the checksum does not match");
    refused(good + "x", "bytes to spare");
    // Widths that need another number of weights than the file has.
    std::string widths = good;
    widths[16] = 5;  // the first width, 3, becomes 5
    refused(widths, "parameters, but widths 5-4-2 need");
    refused(std::string(), "not an nnref model file");
    expect_error<input_error>([] { load_model("/nonexistent/model.nnref"); }, "cannot open");
}

BOOST_AUTO_TEST_CASE(a_weight_that_is_not_finite_is_refused) {
    ModelFile m = small_model();
    m.parameters[3] = std::nanf("");
    const fs::path p = fs::temp_directory_path() / "nnref-test-nan.nnref";
    save_model(p, m);  // the writer writes what it is given; the reader checks
    expect_error<input_error>([&] { load_model(p); }, "parameter 3 is nan");
    fs::remove(p);
}

BOOST_AUTO_TEST_CASE(a_model_that_does_not_fit_its_widths_is_not_written) {
    ModelFile m = small_model();
    m.parameters.pop_back();
    expect_error<shape_error>([&] { save_model(fs::temp_directory_path() / "nnref-x.nnref", m); },
                              "25 parameters for widths 3-4-2, which need 26");
}

BOOST_AUTO_TEST_SUITE_END()
