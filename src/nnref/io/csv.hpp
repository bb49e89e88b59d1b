/// \file
/// \brief Reads small numeric CSV datasets (data/*.csv) into a Matrix<T>, exactly.
///
/// Each number is converted from its decimal text straight into T, so "0.1" in a file is
/// 0.1 to 50 digits in hp50, not the double nearest to it. The format is the same in every
/// precision:
///   - the first line that is not empty or a '#' comment is the header, the column names;
///     a UTF-8 byte order mark before it (as some spreadsheets write) is skipped;
///   - every later line that is not empty or a comment is a row with one field per column;
///   - a field is a decimal number: an optional sign, digits with an optional point, and an
///     optional exponent (e or E, an optional sign and at most 4 digits). Hexadecimal
///     (0x1p3), inf and nan are refused, in every precision, since the files are decimal;
///   - a number must be finite in T: 1e300 is a double but not a float. A number too small
///     for T rounds to zero or to a subnormal, as the conversion always rounds (1e-310 is a
///     valid double).
/// Errors name the file, the line and the column.
///
/// Chapter 1 reads iris.csv with it (\ref ch01_neuron), and chapter 5's iris_dataset too
/// (\ref ch05_training "chapter 5, section 6"). The tests are tests/test_io_csv.cpp.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/text.hpp"
#include "nnref/io/file.hpp"

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace nnref {

/// A CSV file's header and its numbers, one row per line.
/// Chapter 1, \ref ch01_neuron; chapter 5, \ref ch05_training "section 6".
template <Real T>
struct CsvTable {
    std::string source;                ///< the file it was read from, for messages
    std::vector<std::string> columns;  ///< the header's column names
    Matrix<T> values;                  ///< rows × columns
    std::vector<std::size_t> lines;    ///< the line of the file each row was on, for messages

    /// The index of the column called `name`; throws input_error naming the file's columns.
    std::size_t column(const std::string& name) const {
        for (std::size_t j = 0; j < columns.size(); ++j) {
            if (columns[j] == name) {
                return j;
            }
        }
        throw input_error(cat(source, ": the CSV has no column '", name, "'; its columns are: ",
                              join(columns, ", ")));
    }
};

namespace detail {

inline std::vector<std::string> split_csv_line(std::string_view line) {
    std::vector<std::string> fields(1);
    for (char c : line) {
        if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    for (auto& f : fields) {
        const auto first = f.find_first_not_of(" \t");
        const auto last = f.find_last_not_of(" \t");
        f = first == std::string::npos ? "" : f.substr(first, last - first + 1);
    }
    return fields;
}

/// Why `text` is not a decimal number as the file's comment defines it, or "" if it is one.
/// Checked here, not left to strtod: strtod also takes hex, inf and nan, and Boost's parser
/// takes other forms again, so each precision would accept a different set of files.
inline std::string not_decimal(std::string_view text) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            ++i;
        }
        return i - from;
    };
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        ++i;
    }
    const bool hex = text.substr(i, 2) == "0x" || text.substr(i, 2) == "0X";
    std::size_t mantissa = digits();
    if (i < text.size() && text[i] == '.') {
        ++i;
        mantissa += digits();
    }
    if (hex) {
        return "hexadecimal numbers are not read; the files are decimal";
    }
    if (mantissa == 0) {
        return text.empty() ? "the field is empty" : "it is not a decimal number";
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        // Four digits reach far past double's range (1e308); a longer exponent could overflow
        // the integer a parser keeps it in.
        const std::size_t exponent = digits();
        if (exponent == 0) {
            return "its exponent has no digits";
        }
        if (exponent > 4) {
            return "its exponent has more than 4 digits";
        }
    }
    return i == text.size() ? "" : "it is not a decimal number";
}

}  // namespace detail

/// Parses the text of a CSV file (the file's comment gives the format).
/// \param text the file's contents
/// \param name the file's name, for messages
/// \throws input_error if there is no header, no data row, a row of the wrong length or a
///         field that is not a number (the message gives name:line, the column's number and name)
template <Real T>
CsvTable<T> parse_csv(std::string_view text, const std::string& name) {
    // Spreadsheets often start a UTF-8 file with the byte order mark EF BB BF; unskipped, it
    // would become part of the first column's name.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    CsvTable<T> table;
    table.source = name;
    std::vector<T> values;
    std::size_t rows = 0;
    std::size_t line_no = 0;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++line_no;
        if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;
        }
        auto fields = detail::split_csv_line(line);
        const std::string where = cat(name, ":", line_no);
        if (table.columns.empty()) {
            table.columns = std::move(fields);
            continue;
        }
        if (fields.size() != table.columns.size()) {
            throw input_error(cat(where, ": expected ", table.columns.size(),
                                  " fields (as in the header), found ", fields.size()));
        }
        for (std::size_t j = 0; j < fields.size(); ++j) {
            const std::string column = cat("column ", j + 1, " ('", table.columns[j], "')");
            if (const std::string why = detail::not_decimal(fields[j]); !why.empty()) {
                throw input_error(cat(where, ": ", column, " holds '", fields[j],
                                      "', which is not a finite decimal number: ", why));
            }
            const T value = literal<T>(fields[j].c_str());
            using std::isfinite;  // and, by argument-dependent lookup, Boost's for hp50
            if (!isfinite(value)) {
                throw input_error(cat(where, ": ", column, " holds '", fields[j], "', which is beyond ",
                                      number_name<T>(), "'s range"));
            }
            values.push_back(value);
        }
        table.lines.push_back(line_no);
        ++rows;
    }
    if (table.columns.empty()) {
        throw input_error(cat("CSV file '", name, "' is empty: it needs a header line"));
    }
    if (rows == 0) {
        throw input_error(cat("CSV file '", name, "' has a header but no data rows"));
    }
    table.values = Matrix<T>(rows, table.columns.size());
    table.values.data() = std::move(values);
    return table;
}

/// Reads a CSV file with a header line and numeric fields: read_file(), then parse_csv().
/// \param path the file
/// \throws input_error if the file is missing, a directory, or not as parse_csv() requires
template <Real T>
CsvTable<T> read_csv(const std::filesystem::path& path) {
    return parse_csv<T>(read_file(path, "CSV file"), path.string());
}

}  // namespace nnref
