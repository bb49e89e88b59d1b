/// \file
/// \brief What every chapter demo receives: where to print, where to write figures' data,
///        and where the shipped datasets are.
#pragma once

#include <filesystem>
#include <ostream>

namespace nnref {

/// The context a chapter demo runs in. Demos print to `out` and write CSV files, one per
/// figure, into `out_dir`; the book's build turns those into SVG with gnuplot.
struct DemoContext {
    std::ostream& out;               ///< the demo's text output (captured into the book)
    std::filesystem::path out_dir;   ///< where to write CSV files for figures
    std::filesystem::path data_dir;  ///< the project's data/ folder (iris.csv, ...)
};

}  // namespace nnref
