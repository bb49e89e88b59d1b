/// \file
/// \brief Chapter 4's entry points for the `nnref` command: its demo and its exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <vector>

namespace nnref::ch04 {

/// Runs the chapter 4 demo: MSE against BCE on one prediction, the losses and their gradients
/// as curves, stable forms from logits, softmax with cross-entropy fused (p − y), and bad input.
/// Writes loss_vs_prediction.csv, loss_gradient_logit.csv and loss_huber.csv.
/// \return 0 on success
int demo(const DemoContext& ctx);

/// Chapter 4's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
std::vector<exercise::Exercise> exercises();

}  // namespace nnref::ch04
