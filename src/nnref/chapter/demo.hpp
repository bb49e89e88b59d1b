/// \file
/// \brief What every chapter demo receives: where to print, where to write figures' data,
///        and where the shipped datasets are.
#pragma once

#include "nnref/core/error.hpp"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

namespace nnref {

/// The context a chapter demo runs in. Demos print to `out` and write CSV files, one per
/// figure, into `out_dir`; the book's build turns those into SVG with gnuplot.
struct DemoContext {
    std::ostream& out;               ///< the demo's text output (captured into the book)
    std::filesystem::path out_dir;   ///< where to write CSV files for figures
    std::filesystem::path data_dir;  ///< the project's data/ folder (iris.csv, ...)
};

/// Opens the file `name` in the demo's output folder for writing.
/// \throws input_error naming the path when it cannot be written
inline std::ofstream open_output(const DemoContext& ctx, const std::string& name) {
    std::ofstream f(ctx.out_dir / name);
    if (!f) {
        throw input_error("cannot write '" + (ctx.out_dir / name).string() + "'");
    }
    return f;
}

}  // namespace nnref
