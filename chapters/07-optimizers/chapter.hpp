/// \file
/// \brief Chapter 7's entry points for the `nnref` command: its demo and its exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <vector>

namespace nnref::ch07 {

/// Runs the chapter 7 demo: the first steps of every optimizer on one number, Adam's bias
/// correction in numbers, and every optimizer on an ill-conditioned quadratic, on the
/// Rosenbrock function and on chapter 6's network and data. Writes the CSV files of the
/// figures (paths, contours, loss curves, learning-rate sweeps).
/// \return 0 on success
int demo(const DemoContext& ctx);

/// Chapter 7's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
std::vector<exercise::Exercise> exercises();

}  // namespace nnref::ch07
