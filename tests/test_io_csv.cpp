/// \file
/// \brief The CSV reader: decimals read exactly into every precision, the same syntax in
///        every precision (no hex, inf or nan), a byte order mark skipped, subnormal and
///        underflowing numbers accepted, numbers beyond T's range refused, and every error
///        naming the file, the line and the column.
///
/// The reader is src/nnref/io/csv.hpp, first used in \ref ch01_neuron (iris.csv) and by
/// chapter 5's iris_dataset (\ref ch05_training "chapter 5, section 6").
#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"
#include "nnref/io/csv.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

using namespace nnref;
namespace fs = std::filesystem;

namespace {

/// A file in this test process's own temporary folder, removed at the end.
struct TempFile {
    fs::path path;
    TempFile(const std::string& name, const std::string& text)
        : path(fs::temp_directory_path() / ("nnref-csv-test-" + std::to_string(::getpid()) + "-" + name)) {
        std::ofstream(path, std::ios::binary) << text;
    }
    ~TempFile() { fs::remove(path); }
};

/// The one number of a one-column CSV whose row is `field`.
template <Real T>
T single(const std::string& field) {
    return parse_csv<T>("x\n" + field + "\n", "one.csv").values(0, 0);
}

/// Expects parse_csv<T> of a one-column CSV with `field` on line 2 to fail with `needle`.
template <Real T>
void refused(const std::string& field, const std::string& needle) {
    expect_error<input_error>([&] { parse_csv<T>("x\n" + field + "\n", "one.csv"); },
                              "one.csv:2: column 1 ('x') holds '" + field + "'");
    expect_error<input_error>([&] { parse_csv<T>("x\n" + field + "\n", "one.csv"); }, needle);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(io_csv)

BOOST_AUTO_TEST_CASE(csv_reads_decimals_exactly) {
    const TempFile file("ok.csv", "# comment\na,b\n0.1,2\n\n-3.5,1e2\n");
    const auto t = read_csv<hp50>(file.path);
    BOOST_TEST(t.columns == (std::vector<std::string>{"a", "b"}));
    BOOST_TEST(t.values.shape() == "2x2");
    BOOST_TEST(t.values(0, 0) == literal<hp50>("0.1"));
    BOOST_TEST(t.values(1, 1) == hp50(100));
    BOOST_TEST(t.column("b") == 1u);
    BOOST_TEST((t.lines == std::vector<std::size_t>{3, 5}));
    expect_error<input_error>([&] { t.column("c"); }, file.path.string() + ": the CSV has no column 'c'; its columns are: a, b");
}

BOOST_AUTO_TEST_CASE(every_decimal_form_reads_the_same_in_every_precision) {
    for (const auto& [text, value] : std::vector<std::pair<std::string, double>>{
             {"+1", 1}, {"-.5", -0.5}, {"5.", 5}, {"1E+2", 100}, {"2.5e-1", 0.25}, {"-0", 0}, {"007", 7}}) {
        BOOST_TEST(single<f32>(text) == static_cast<f32>(value), text);
        BOOST_TEST(single<f64>(text) == value, text);
        BOOST_TEST(single<hp50>(text) == hp50(value), text);
    }
}

BOOST_AUTO_TEST_CASE(hex_inf_and_nan_are_refused_in_every_precision) {
    // strtod reads 0x1p3 as 8 and Boost's parser refuses it; the files are decimal, so both do.
    refused<f64>("0x1p3", "hexadecimal numbers are not read; the files are decimal");
    refused<hp50>("0x1p3", "hexadecimal numbers are not read; the files are decimal");
    refused<f32>("-0X10", "hexadecimal numbers are not read");
    for (const std::string text : {"inf", "-infinity", "nan", "NaN", "1e", "1e+", ".", "-", "1.2.3", "1e5x", "1 2", "e5"}) {
        refused<f64>(text, "which is not a finite decimal number");
        refused<hp50>(text, "which is not a finite decimal number");
    }
    expect_error<input_error>([] { parse_csv<f64>("a,b\n1,\n", "two.csv"); },
                              "two.csv:2: column 2 ('b') holds '', which is not a finite decimal number: the field is empty");
    refused<hp50>("1e12345", "its exponent has more than 4 digits");
}

BOOST_AUTO_TEST_CASE(tiny_numbers_are_numbers) {
    // 1e-310 is below double's smallest normal number (2.2e-308): strtod sets ERANGE for it,
    // yet it is a valid subnormal double, and hp50 holds it with all its digits.
    BOOST_TEST(single<f64>("1e-310") == 1e-310);
    BOOST_TEST(single<f64>("1e-310") < std::numeric_limits<f64>::min());
    BOOST_TEST(single<hp50>("1e-310") == literal<hp50>("1e-310"));
    // Below the smallest subnormal a double rounds to zero, as any conversion rounds.
    BOOST_TEST(single<f64>("-1e-400") == 0.0);
    BOOST_TEST(single<hp50>("1e-400") == literal<hp50>("1e-400"));
}

BOOST_AUTO_TEST_CASE(numbers_beyond_the_range_of_t_are_refused) {
    BOOST_TEST(single<f64>("1e300") == 1e300);
    refused<f32>("1e300", "which is beyond f32's range");
    refused<f64>("-1e400", "which is beyond f64's range");
    BOOST_TEST(single<hp50>("1e400") == literal<hp50>("1e400"));
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_is_not_part_of_the_first_name) {
    const auto t = parse_csv<f64>("\xEF\xBB\xBFsepal_length,b\n1,2\n", "bom.csv");
    BOOST_TEST(t.columns.front() == "sepal_length");
    BOOST_TEST(t.column("sepal_length") == 0u);
}

BOOST_AUTO_TEST_CASE(csv_errors_name_file_line_and_column) {
    auto message = [](const std::string& text) {
        const TempFile file("bad.csv", text);
        try {
            read_csv<f64>(file.path);
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string bad_number = message("a,b\n1,2\n3,x7\n");
    BOOST_TEST(bad_number.find("bad.csv:3: column 2 ('b') holds 'x7'") != std::string::npos, bad_number);
    BOOST_TEST(message("a,b\n1,2,3\n").find("bad.csv:2: expected 2 fields") != std::string::npos);
    BOOST_TEST(message("a,b\n1,nan\n").find("not a finite") != std::string::npos);
    BOOST_TEST(message("").find("bad.csv' is empty") != std::string::npos);
    BOOST_TEST(message("a,b\n").find("bad.csv' has a header but no data rows") != std::string::npos);
    expect_error<input_error>([] { read_csv<f64>("/nonexistent/file.csv"); },
                              "CSV file '/nonexistent/file.csv' does not exist");
}

BOOST_AUTO_TEST_CASE(a_directory_is_not_an_empty_file) {
    const fs::path dir = fs::temp_directory_path() / ("nnref-csv-test-dir-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    expect_error<input_error>([&] { read_csv<f64>(dir); }, "CSV file '" + dir.string() + "' is a directory, not a file");
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
