/// \file
/// \brief The IDX reader: round trips through plain and gzip files, subsets, pixel scaling,
///        and a clear error naming the file for every kind of damaged file: sizes that
///        overflow, a small file claiming gigabytes, a damaged, truncated or padded gzip
///        stream, data longer than the header says. The tests write their own files.
///
/// The reader is src/nnref/io/idx.hpp; the format is introduced in
/// \ref ch06_data "chapter 6, section 2".
#include "nnref/io/idx.hpp"

#include "allocations.hpp"
#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using namespace nnref;

namespace {

/// A fresh folder for this test process's files, removed at the end.
struct TempDir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("nnref-idx-test-" + std::to_string(::getpid()));
    TempDir() { std::filesystem::create_directories(path); }
    ~TempDir() { std::filesystem::remove_all(path); }
};

void write_bytes(const std::filesystem::path& p, const std::vector<unsigned char>& bytes) {
    std::ofstream f(p, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

/// Writes bytes as one gzip member (or appends a member to the file, with mode "ab").
void write_gz(const std::filesystem::path& p, const std::vector<unsigned char>& bytes, const char* mode = "wb") {
    gzFile f = gzopen(p.c_str(), mode);
    BOOST_REQUIRE(f != nullptr);
    BOOST_REQUIRE(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
    BOOST_REQUIRE(gzclose(f) == Z_OK);
}

std::vector<unsigned char> read_bytes(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

/// Expects reading the file to fail with `needle` in the message, and the file's name.
void refused(const std::filesystem::path& p, const std::string& needle, std::size_t max_items = 0) {
    expect_error<input_error>([&] { read_idx(p, max_items); }, needle);
    expect_error<input_error>([&] { read_idx(p, max_items); }, p.string());
}

/// An IDX file of 1000 items of 64 bytes whose bytes follow no simple pattern, so that the
/// compressed stream is long enough to damage in the middle, and a subset of 2 items is read
/// long before zlib reaches the stream's end.
IdxArray varied() {
    IdxArray a{{1000, 64}, std::vector<std::uint8_t>(64000)};
    for (std::size_t k = 0; k < a.data.size(); ++k) {
        a.data[k] = static_cast<std::uint8_t>((k * 37 + k / 7) % 251);
    }
    return a;
}

IdxArray sample() {
    IdxArray a{{4, 2, 3}, {}};
    for (int k = 0; k < 24; ++k) {
        a.data.push_back(static_cast<std::uint8_t>(k * 11));
    }
    return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(io_idx)

BOOST_AUTO_TEST_CASE(plain_and_gzip_files_round_trip) {
    TempDir dir;
    for (const char* name : {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
        const auto p = dir.path / name;
        write_idx(p, sample());
        const IdxArray back = read_idx(p);
        BOOST_TEST(back.dims == sample().dims);
        BOOST_TEST(back.data == sample().data);
        BOOST_TEST(!std::filesystem::exists(p.string() + ".tmp"));
    }
    // The .gz file really is compressed: it starts with gzip's magic bytes 1f 8b.
    std::ifstream f(dir.path / "a-idx3-ubyte.gz", std::ios::binary);
    BOOST_TEST(f.get() == 0x1f);
    BOOST_TEST(f.get() == 0x8b);
}

BOOST_AUTO_TEST_CASE(a_subset_reads_only_the_first_items) {
    TempDir dir;
    write_idx(dir.path / "s.gz", sample());
    const IdxArray two = read_idx(dir.path / "s.gz", 2);
    BOOST_TEST(two.dims[0] == 2u);
    BOOST_TEST(two.data.size() == 12u);
    BOOST_TEST(two.data[11] == sample().data[11]);
    BOOST_TEST(read_idx(dir.path / "s.gz", 99).dims[0] == 4u);  // more than there are: all
}

BOOST_AUTO_TEST_CASE(images_are_scaled_to_the_unit_interval_and_labels_kept) {
    TempDir dir;
    write_idx(dir.path / "img.gz", IdxArray{{2, 1, 2}, {0, 255, 51, 102}});
    const Matrix<f64> X = read_idx_images<f64>(dir.path / "img.gz");
    BOOST_TEST(X.rows() == 2u);
    BOOST_TEST(X.cols() == 2u);
    BOOST_TEST(X(0, 0) == 0.0);
    BOOST_TEST(X(0, 1) == 1.0);
    BOOST_TEST(X(1, 0) == 0.2);
    const Matrix<hp50> X50 = read_idx_images<hp50>(dir.path / "img.gz");
    BOOST_TEST(X50(1, 1) == hp50(2) / hp50(5));  // 102/255, exactly in hp50's rounding
    write_idx(dir.path / "lab", IdxArray{{3}, {9, 0, 4}});
    BOOST_TEST((read_idx_labels(dir.path / "lab") == std::vector<int>{9, 0, 4}));
}

BOOST_AUTO_TEST_CASE(damaged_files_give_clear_errors) {
    TempDir dir;
    const auto p = dir.path / "bad";
    refused(dir.path / "missing.gz", "does not exist");
    refused(dir.path, "is a directory, not a file");
    write_bytes(p, {0, 0});
    refused(p, "truncated: the 4-byte header needs 4 bytes, only 2");
    write_bytes(p, {1, 0, 8, 1, 0, 0, 0, 1, 5});
    refused(p, "must start with two zero bytes");
    write_bytes(p, {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
    refused(p, "element type 13 is not supported");
    write_bytes(p, {0, 0, 8, 0});
    refused(p, "0 dimensions");
    write_bytes(p, {0, 0, 8, 2, 0, 0, 0, 3});
    refused(p, "the size of dimension 1 needs 4 bytes");
    write_bytes(p, {0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 0});
    refused(p, "dimension 1 is 0");
    write_bytes(p, {0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3});
    refused(p, "the data (5 items) needs 5 bytes, only 3 are there");
    write_bytes(p, {0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff});
    refused(p, "truncated");
    write_idx(dir.path / "img", sample());
    expect_error<input_error>([&] { read_idx_labels(dir.path / "img"); }, "labels need 1 dimension");
    write_idx(dir.path / "lab", IdxArray{{3}, {1, 2, 3}});
    expect_error<input_error>([&] { read_idx_images<f64>(dir.path / "lab"); }, "images need 3 dimensions");
}

BOOST_AUTO_TEST_CASE(sizes_that_overflow_when_multiplied_are_refused) {
    // 65536 x 131072 x 2^31 is 2^64 bytes, which wraps to 0 in 64 bits: unchecked, this
    // 16-byte header was a "valid" file of 2^64 images' worth of nothing.
    TempDir dir;
    const std::vector<unsigned char> header = {0, 0, 8, 3, 0, 1, 0, 0, 0, 2, 0, 0, 0x80, 0, 0, 0};
    write_bytes(dir.path / "wrap", header);
    refused(dir.path / "wrap", "dimensions 65536 x 131072 x 2147483648 hold more than 16 GiB");
    write_gz(dir.path / "wrap.gz", header);
    refused(dir.path / "wrap.gz", "hold more than 16 GiB");
    expect_error<input_error>([&] { read_idx_images<f64>(dir.path / "wrap"); }, "more than 16 GiB");
    // 2^34 exactly is allowed, and then only truncated.
    write_bytes(dir.path / "edge", {0, 0, 8, 2, 0, 4, 0, 0, 0, 1, 0, 0, 7});
    refused(dir.path / "edge", "needs 17179869184 bytes, only 1 are there");
}

BOOST_AUTO_TEST_CASE(a_small_file_claiming_huge_sizes_allocates_little) {
    // 1000 x 512 x 512 (262 MB) claimed, 100 bytes there: plain or gzip'd, the reader reports
    // the truncation having allocated no more than one piece of 1 MiB.
    TempDir dir;
    std::vector<unsigned char> bytes = {0, 0, 8, 3, 0, 0, 0x03, 0xe8, 0, 0, 2, 0, 0, 0, 2, 0};
    bytes.resize(bytes.size() + 100, 9);
    write_bytes(dir.path / "huge", bytes);
    write_gz(dir.path / "huge.gz", bytes);
    for (const char* name : {"huge", "huge.gz"}) {
        reset_largest_allocation();
        refused(dir.path / name, "needs 262144000 bytes, only 100 are there");
        BOOST_TEST(largest_allocation() <= (std::size_t{1} << 20) + 4096);
    }
}

BOOST_AUTO_TEST_CASE(a_gzip_file_is_checked_to_its_end) {
    // zcat refuses each of these files; so must the reader, even when the data it needs came
    // before the damage, as it does with a subset.
    TempDir dir;
    const auto good = dir.path / "good.gz";
    write_idx(good, varied());
    const std::vector<unsigned char> bytes = read_bytes(good);
    const auto p = dir.path / "bad.gz";
    auto damaged = bytes;
    damaged[damaged.size() - 8] ^= 0x01;  // the CRC-32 of the data, in the trailer
    write_bytes(p, damaged);
    refused(p, "the gzip stream is damaged (zlib: incorrect data check)");
    refused(p, "incorrect data check", 2);
    damaged = bytes;
    damaged[damaged.size() - 1] ^= 0x01;  // the length of the data, mod 2^32
    write_bytes(p, damaged);
    refused(p, "incorrect length check");
    damaged = bytes;
    damaged[damaged.size() / 2] ^= 0xff;  // the deflate data itself
    write_bytes(p, damaged);
    refused(p, "the gzip stream is damaged", 2);
    write_bytes(p, std::vector<unsigned char>(bytes.begin(), bytes.end() - 4));
    refused(p, "the gzip stream is truncated");
    auto junk = bytes;
    junk.insert(junk.end(), {'j', 'u', 'n', 'k'});
    write_bytes(p, junk);
    refused(p, "4 bytes follow the end of the gzip stream, and they are not another gzip member");
    // The decompressed data is longer than the header says.
    write_gz(p, {0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3});
    refused(p, "longer than its header says: the data (2 items) is followed by more decompressed bytes");
}

BOOST_AUTO_TEST_CASE(a_plain_file_must_end_where_its_data_ends) {
    TempDir dir;
    write_bytes(dir.path / "long", {0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3, 4});
    refused(dir.path / "long", "longer than its header says: the data (2 items) is followed by 2 more bytes");
    refused(dir.path / "long", "followed by 2 more bytes", 1);
}

BOOST_AUTO_TEST_CASE(gzip_members_one_after_another_are_one_file) {
    // As `zcat a.gz b.gz` prints both (RFC 1952: a gzip file is a series of members).
    TempDir dir;
    const auto p = dir.path / "two.gz";
    write_gz(p, {0, 0, 8, 1, 0, 0, 0, 4, 10});
    write_gz(p, {20, 30, 40}, "ab");
    const IdxArray a = read_idx(p);
    BOOST_TEST(a.data == (std::vector<std::uint8_t>{10, 20, 30, 40}));
}

BOOST_AUTO_TEST_CASE(bytes_in_memory_parse_as_the_file_would) {
    TempDir dir;
    write_idx(dir.path / "s.gz", sample());
    write_idx(dir.path / "s", sample());
    for (const char* name : {"s.gz", "s"}) {
        const std::vector<unsigned char> b = read_bytes(dir.path / name);
        const IdxArray a = parse_idx(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()), "memory", 3);
        BOOST_TEST(a.dims == (std::vector<std::uint32_t>{3, 2, 3}));
        BOOST_TEST(a.data.size() == 18u);
    }
    expect_error<input_error>([] { parse_idx(std::string_view("\0\0\x08", 3), "memory"); },
                              "memory: the file is truncated");
}

BOOST_AUTO_TEST_CASE(writing_refuses_data_that_does_not_fill_the_dimensions) {
    TempDir dir;
    expect_error<shape_error>([&] { write_idx(dir.path / "x", IdxArray{{2, 3}, std::vector<std::uint8_t>(5)}); },
                              "write_idx '" + (dir.path / "x").string() + "': 5 elements do not fill dimensions 2 x 3");
    BOOST_TEST(!std::filesystem::exists(dir.path / "x"));
}

BOOST_AUTO_TEST_SUITE_END()
