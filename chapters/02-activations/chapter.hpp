/// \file
/// \brief Chapter 2's entry points for the `nnref` command: its demo and its exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <vector>

namespace nnref::ch02 {

/// Runs the chapter 2 demo: values and derivatives of every activation, saturation, stable
/// against naive forms, softmax's Jacobian, and the kink convention. Writes activations.csv.
/// \return 0 on success
int demo(const DemoContext& ctx);

/// Chapter 2's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
std::vector<exercise::Exercise> exercises();

}  // namespace nnref::ch02
