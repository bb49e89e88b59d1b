/// \file
/// \brief Chapter 8's entry points for the `nnref` command: its demo and its exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <vector>

namespace nnref::ch08 {

/// Runs the chapter 8 demo: gradient norms by depth, exploding gradients and clipping,
/// initialization schemes, dead ReLUs and sparsity. Writes the CSV files of the chapter's
/// figures.
/// \return 0 on success
int demo(const DemoContext& ctx);

/// Chapter 8's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
std::vector<exercise::Exercise> exercises();

}  // namespace nnref::ch08
