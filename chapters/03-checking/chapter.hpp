/// \file
/// \brief Chapter 3's entry points for the `nnref` command: its demo and its exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <vector>

namespace nnref::ch03 {

/// Runs the chapter 3 demo: the step-size sweep in f64, hp50 and hp100, a wrong derivative
/// and a double-literal leak caught at 50 digits, kinks, an unresolvable point, and the C++
/// API. Writes step_sweep.csv.
/// \return 0 on success
int demo(const DemoContext& ctx);

/// Chapter 3's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
std::vector<exercise::Exercise> exercises();

}  // namespace nnref::ch03
