/// \file
/// \brief Reads small numeric CSV datasets (data/*.csv) into a Matrix<T>, exactly.
///
/// Each number is converted from its decimal text straight into T, so "0.1" in a file is
/// 0.1 to 50 digits in hp50, not the double nearest to it. Errors name the file, the line
/// and the column.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/text.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace nnref {

/// A CSV file's header and its numbers, one row per line.
template <Real T>
struct CsvTable {
    std::vector<std::string> columns;  ///< the header's column names
    Matrix<T> values;                  ///< rows × columns

    /// The index of the column called `name`; throws input_error naming the file's columns.
    std::size_t column(const std::string& name) const {
        for (std::size_t j = 0; j < columns.size(); ++j) {
            if (columns[j] == name) {
                return j;
            }
        }
        throw input_error("CSV has no column '" + name + "'; its columns are: " + join(columns, ", "));
    }
};

namespace detail {

inline std::vector<std::string> split_csv_line(const std::string& line) {
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

}  // namespace detail

/// Reads a CSV file with a header line and numeric fields. Lines starting with '#' and
/// empty lines are skipped.
/// \throws input_error if the file is missing, empty, has a row of the wrong length or a
///         field that is not a number (the message gives file:line and the column name)
template <Real T>
CsvTable<T> read_csv(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw input_error("cannot open CSV file '" + path.string() + "'");
    }
    CsvTable<T> table;
    std::vector<T> values;
    std::string line;
    std::size_t line_no = 0;
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        auto fields = detail::split_csv_line(line);
        const std::string where = path.string() + ":" + std::to_string(line_no);
        if (table.columns.empty()) {
            table.columns = std::move(fields);
            continue;
        }
        if (fields.size() != table.columns.size()) {
            throw input_error(where + ": expected " + std::to_string(table.columns.size()) +
                              " fields (as in the header), found " +
                              std::to_string(fields.size()));
        }
        for (std::size_t j = 0; j < fields.size(); ++j) {
            // strtod validates the syntax (the whole field must be consumed); T's own
            // constructor then converts the decimal text exactly.
            const char* text = fields[j].c_str();
            char* end = nullptr;
            errno = 0;
            const double approx = std::strtod(text, &end);
            bool ok = !fields[j].empty() && end == text + fields[j].size() &&
                      errno != ERANGE && std::isfinite(approx);
            if (ok) {
                try {
                    values.push_back(literal<T>(text));
                } catch (const std::exception&) {
                    ok = false;  // a form strtod accepts but T does not, such as hex
                }
            }
            if (!ok) {
                throw input_error(where + ": column '" + table.columns[j] + "' holds '" +
                                  fields[j] + "', which is not a finite decimal number");
            }
        }
        ++rows;
    }
    if (table.columns.empty()) {
        throw input_error("CSV file '" + path.string() + "' is empty: it needs a header line");
    }
    if (rows == 0) {
        throw input_error("CSV file '" + path.string() + "' has a header but no data rows");
    }
    table.values = Matrix<T>(rows, table.columns.size());
    table.values.data() = std::move(values);
    return table;
}

}  // namespace nnref
