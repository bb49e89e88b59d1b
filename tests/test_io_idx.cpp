/// \file
/// \brief The IDX reader: round trips through plain and gzip files, subsets, pixel scaling,
///        and a clear error for every kind of damaged file. The tests write their own files.
#include "nnref/io/idx.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

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
    expect_error<input_error>([&] { read_idx(dir.path / "missing.gz"); }, "does not exist");
    write_bytes(p, {0, 0});
    expect_error<input_error>([&] { read_idx(p); }, "truncated: the 4-byte header needs 4 bytes, only 2");
    write_bytes(p, {1, 0, 8, 1, 0, 0, 0, 1, 5});
    expect_error<input_error>([&] { read_idx(p); }, "must start with two zero bytes");
    write_bytes(p, {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
    expect_error<input_error>([&] { read_idx(p); }, "element type 13 is not supported");
    write_bytes(p, {0, 0, 8, 0});
    expect_error<input_error>([&] { read_idx(p); }, "0 dimensions");
    write_bytes(p, {0, 0, 8, 2, 0, 0, 0, 3});
    expect_error<input_error>([&] { read_idx(p); }, "the size of dimension 1 needs 4 bytes");
    write_bytes(p, {0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3});
    expect_error<input_error>([&] { read_idx(p); }, "the data (5 items) needs 5 bytes, only 3 are there");
    write_bytes(p, {0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff});
    expect_error<input_error>([&] { read_idx(p); }, "truncated");
    write_idx(dir.path / "img", sample());
    expect_error<input_error>([&] { read_idx_labels(dir.path / "img"); }, "labels need 1 dimension");
    write_idx(dir.path / "lab", IdxArray{{3}, {1, 2, 3}});
    expect_error<input_error>([&] { read_idx_images<f64>(dir.path / "lab"); }, "images need 3 dimensions");
}

BOOST_AUTO_TEST_CASE(a_damaged_gzip_stream_is_reported) {
    TempDir dir;
    const auto p = dir.path / "big.gz";
    IdxArray a{{1000}, std::vector<std::uint8_t>(1000)};
    for (std::size_t k = 0; k < 1000; ++k) {
        a.data[k] = static_cast<std::uint8_t>((k * 37) % 251);
    }
    write_idx(p, a);
    // Flip bytes in the middle of the compressed stream.
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(std::filesystem::file_size(p) / 2));
    f.write("\xde\xad\xbe\xef\xde\xad", 6);
    f.close();
    try {
        read_idx(p);
        BOOST_ERROR("a damaged gzip file was read without an error");
    } catch (const input_error& e) {
        BOOST_TEST(std::string(e.what()).find(p.string()) != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(writing_refuses_data_that_does_not_fill_the_dimensions) {
    TempDir dir;
    BOOST_CHECK_THROW(write_idx(dir.path / "x", IdxArray{{2, 3}, std::vector<std::uint8_t>(5)}),
                      shape_error);
    BOOST_TEST(!std::filesystem::exists(dir.path / "x"));
}

BOOST_AUTO_TEST_SUITE_END()
