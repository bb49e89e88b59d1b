/// \file
/// \brief Chapter 5's entry points for the `nnref` command: its demo and its exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <vector>

namespace nnref::ch05 {

/// Runs the chapter 5 demo: a neuron on the scalar graph (and its DOT figure), why the
/// chain rule multiplies by φ'(z), a dense layer and a whole MLP checked at 50 digits, and
/// an MLP trained on XOR, two spirals and iris. Writes the CSV and DOT files of the figures.
/// \return 0 on success
int demo(const DemoContext& ctx);

/// Chapter 5's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
std::vector<exercise::Exercise> exercises();

}  // namespace nnref::ch05
