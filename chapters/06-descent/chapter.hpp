/// \file
/// \brief Chapter 6's entry points for the `nnref` command: its demo and its exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <vector>

namespace nnref::ch06 {

/// Runs the chapter 6 demo: batch, stochastic and mini-batch descent on a Fashion-MNIST
/// subset, the noise of a batch's gradient, the learning rate, reproducibility, and bad
/// IDX files. Writes the CSV files of the chapter's figures.
/// \return 0 on success
int demo(const DemoContext& ctx);

/// Chapter 6's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
std::vector<exercise::Exercise> exercises();

}  // namespace nnref::ch06
