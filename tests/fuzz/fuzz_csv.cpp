/// \file
/// \brief Fuzz target: the CSV reader, parse_csv(), in f32, f64 and hp50, and iris_from_table()
///        on every table that parses. The syntax is the same in every precision and only the
///        range differs, so a text that f32 reads must read in f64, and one f64 reads must read
///        in hp50: the target aborts if not.
#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"
#include "nnref/data/datasets.hpp"
#include "nnref/io/csv.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

/// Parses the text in T and, if that works, makes iris of it; true if the text parsed.
template <nnref::Real T>
bool parses(std::string_view text) {
    nnref::CsvTable<T> table;
    try {
        table = nnref::parse_csv<T>(text, "fuzz.csv");
    } catch (const nnref::error&) {
        return false;
    }
    try {
        nnref::iris_from_table(table);
    } catch (const nnref::error&) {
        // most tables are not iris
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const bool f32 = parses<nnref::f32>(text);
    const bool f64 = parses<nnref::f64>(text);
    const bool hp50 = parses<nnref::hp50>(text);
    if ((f32 && !f64) || (f64 && !hp50)) {
        std::fprintf(stderr, "fuzz_csv: the precisions disagree: f32 %d, f64 %d, hp50 %d\n", f32, f64, hp50);
        std::abort();
    }
    return 0;
}
