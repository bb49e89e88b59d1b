/// \file
/// \brief Model files: what is written is what is read, and every damaged file is refused with
///        a message naming the file and what is wrong: truncated, another magic or version, a
///        bad checksum, widths that do not fit the weights, a weight that is not finite.
///
/// The format is src/nnref/io/model.hpp; the page is
/// \ref ch09_train_eval "chapter 9, section 16: nnref train and nnref eval".
#include "nnref/core/error.hpp"
#include "nnref/io/model.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <zlib.h>

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

/// The bytes of a model file written by hand, field by field, to say what a writer never would.
struct Bytes {
    std::string bytes = "NNREFMLP";
    Bytes& u32(std::uint32_t v) { return put(v, 4); }
    Bytes& u64(std::uint64_t v) { return put(v, 8); }
    Bytes& text(const std::string& s) {
        bytes += s;
        return *this;
    }
    /// The bytes with the right CRC-32 after them.
    std::string with_crc() const {
        Bytes out = *this;
        const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
        return out.u32(static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), data, static_cast<uInt>(bytes.size())))).bytes;
    }

private:
    Bytes& put(std::uint64_t v, int n) {
        for (int b = 0; b < n; ++b) {
            bytes += static_cast<char>((v >> (8 * b)) & 0xFF);
        }
        return *this;
    }
};

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
    std::string name = good;
    name[32] = '\n';  // the activation's name, "relu", is printed in messages
    refused(name, "the activation's name holds byte 10, which is not a printable ASCII character");
    expect_error<input_error>([] { load_model("/nonexistent/model.nnref"); },
                              "model file '/nonexistent/model.nnref' does not exist");
    expect_error<input_error>([] { load_model(fs::temp_directory_path()); }, "is a directory, not a file");
}

BOOST_AUTO_TEST_CASE(huge_widths_in_a_small_file_are_refused_before_anything_is_allocated) {
    // (2^31 - 1 + 1) x 2^31 = 2^62 parameters; 4 bytes each, that is 2^64, which wraps to 0,
    // so unchecked the 4 bytes of a checksum were "room" for them, and the reader asked for
    // 16 EiB. It is refused by comparing the widths' needs with the bytes there.
    const std::string wrap =
        Bytes().u32(1).u32(2).u32(0x7FFFFFFF).u32(0x80000000).u32(4).text("relu").u64(std::uint64_t{1} << 62).with_crc();
    expect_error<input_error>([&] { parse_model(wrap, "wrap.nnref"); },
                              "wrap.nnref: 4611686018427387904 parameters, but widths 2147483647-2147483648 need more "
                              "than the 0 the rest of the file has room for");
    // 1024 layers of 2^32 - 1: a sum past 2^64.
    Bytes many;
    many.u32(1).u32(1024);
    for (int l = 0; l < 1024; ++l) {
        many.u32(0xFFFFFFFF);
    }
    expect_error<input_error>([&] { parse_model(many.u32(4).text("relu").u64(5).with_crc(), "many.nnref"); },
                              "the rest of the file has room for");
    BOOST_CHECK_THROW(parameter_count(std::vector<std::uint32_t>(1024, 0xFFFFFFFF)), shape_error);
    // A file that is right in every byte parses in memory as it does from disk.
    const ModelFile m = parse_model(Bytes().u32(1).u32(2).u32(1).u32(1).u32(4).text("tanh").u64(2).u32(0).u32(0x3f800000).with_crc(),
                                    "tiny.nnref");
    BOOST_TEST((m.widths == std::vector<std::uint32_t>{1, 1}));
    BOOST_TEST(m.parameters.back() == 1.0f);
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
