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
///
/// What a demo prints to `out` is the same, byte for byte, on every run: the seeds fix every
/// number, and the book quotes it as the page's demo output. How long something took is
/// different on every run, so it goes to `times` instead, on lines that say what was timed.
/// `nnref demo` sends `times` to stderr; the book captures it apart and shows it under its own
/// heading, as the times of the machine that built the book (docs/run-demo.cmake).
struct DemoContext {
    std::ostream& out;               ///< the demo's text output, the same on every run
    std::ostream& times;             ///< measured times, different on every run (stderr)
    std::filesystem::path out_dir;   ///< where to write CSV files for figures (a fresh folder)
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
