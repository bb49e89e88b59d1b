/// \file
/// \brief Chapter 1's entry points for the `nnref` command: its demo and its exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <vector>

namespace nnref::ch01 {

/// Runs the chapter 1 demo: a neuron by hand, the perceptron on AND, OR and XOR, and a
/// sigmoid neuron trained on iris. Writes the CSV files for the chapter's figures.
/// \return 0 on success
int demo(const DemoContext& ctx);

/// Chapter 1's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
std::vector<exercise::Exercise> exercises();

}  // namespace nnref::ch01
