/// \file
/// \brief Chapter 5 exercises: backpropagation by hand, and the backward passes you write.
///
/// Write your answers in chapters/05-backprop/exercises.cpp, rebuild, and run
/// `nnref exercises 5`. Answers work in `real` (50 digits): write constants as `real(1)` or
/// `real("0.5")`, never `0.5`. The chapter's own functions (dense_backward, MLP, ...) are
/// not available in exercises.cpp: derive the formulas and write the loops.
/// The page is \ref ch05_backprop (its exercises: \ref ch05_exercises); the checks are
/// tests/test_ch05_backprop.cpp, suite ch05_exercises.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"

#include <array>
#include <functional>
#include <vector>

namespace nnref::ch05 {

/// The number type of the exercises: 50 decimal digits.
using real = hp50;

/// Exercise 5.1: the output delta of one sigmoid neuron trained with squared error,
/// L(z) = (σ(z) − y)². This is the seeds' question: where does φ'(z) come in?
/// \return δ = ∂L/∂z
real ex_output_delta(const real& z, const real& y);

/// Exercise 5.2: the local derivatives of the scalar graph's division node v = a / b.
/// \return {∂v/∂a, ∂v/∂b}
std::array<real, 2> ex_divide_local(const real& a, const real& b);

/// The three gradients of a dense layer Z = XW + b.
/// Exercise 5.3, \ref ch05_exercises.
struct DenseGrads {
    Matrix<real> dX;       ///< ∂L/∂X, shaped like X (B × n_inputs)
    Matrix<real> dW;       ///< ∂L/∂W, shaped like W (n_inputs × n_outputs)
    std::vector<real> db;  ///< ∂L/∂b, n_outputs entries
};

/// Exercise 5.3: the dense layer's backward pass. Given the upstream gradient dZ = ∂L/∂Z
/// (B × n_outputs), the input X (B × n_inputs) and the weights W (n_inputs × n_outputs) of
/// Z = XW + b (b added to every row), return dX, dW and db.
DenseGrads ex_dense_backward(const Matrix<real>& dZ, const Matrix<real>& X, const Matrix<real>& W);

/// Exercise 5.4: backpropagation by hand through a 2-2-1 network with sigmoid units and
/// squared error, for one example x = (x₁, x₂) with target y:
///
///     h_j   = σ(x₁ W1[0][j] + x₂ W1[1][j] + b1[j])      for j = 0, 1
///     y_hat = σ(h₀ w2[0] + h₁ w2[1] + b2)
///     L     = (y_hat − y)²
///
/// θ holds the 9 parameters in this order: W1[0][0], W1[0][1], W1[1][0], W1[1][1], b1[0],
/// b1[1], w2[0], w2[1], b2 (the order of MLP::parameters()).
/// \return ∂L/∂θ, 9 numbers in the same order
std::vector<real> ex_backprop_221(const std::vector<real>& theta, const std::array<real, 2>& x,
                                  const real& y);

/// Judges an answer to exercise 5.1.
exercise::Result check_output_delta(const std::function<real(const real&, const real&)>& f);
/// Judges an answer to exercise 5.2.
exercise::Result check_divide_local(
    const std::function<std::array<real, 2>(const real&, const real&)>& f);
/// Judges an answer to exercise 5.3.
exercise::Result check_dense_backward(
    const std::function<DenseGrads(const Matrix<real>&, const Matrix<real>&, const Matrix<real>&)>& f);
/// Judges an answer to exercise 5.4.
exercise::Result check_backprop_221(
    const std::function<std::vector<real>(const std::vector<real>&, const std::array<real, 2>&,
                                          const real&)>& f);

}  // namespace nnref::ch05
