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

/// Runs `attempt`, which should fail, and prints its error message on one line, indented by
/// three spaces, or "(no error)" if it did not throw. The demos use it to show what bad input
/// gets. Every occurrence of `hide` is cut out of the message (say, a temporary folder that
/// differs between runs, so that the book's captured output stays the same).
/// \param out where to print
/// \param attempt a callable that should throw an nnref::error
/// \param hide text to remove from the message ("" removes nothing)
template <typename Attempt>
void show_error(std::ostream& out, const Attempt& attempt, const std::string& hide = "") {
    try {
        attempt();
        out << "   (no error)\n";
    } catch (const error& e) {
        std::string message = e.what();
        if (!hide.empty()) {
            for (auto at = message.find(hide); at != std::string::npos; at = message.find(hide)) {
                message.erase(at, hide.size());
            }
        }
        out << "   " << message << "\n";
    }
}

}  // namespace nnref
