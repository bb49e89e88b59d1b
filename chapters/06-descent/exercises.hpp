/// \file
/// \brief Chapter 6 exercises: a descent step by hand, the noise of a mini-batch, and the
///        largest learning rate that does not diverge.
///
/// Write your answers in chapters/06-descent/exercises.cpp, rebuild, and run
/// `nnref exercises 6`. Answers work in `real` (50 digits): write constants as `real(1)`,
/// never `1.0`. The chapter's own functions are not available in exercises.cpp.
/// The page is \ref ch06_descent (its exercises: \ref ch06_exercises); the checks are
/// tests/test_ch06_descent.cpp, suite ch06_exercises.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"

#include <functional>
#include <vector>

namespace nnref::ch06 {

/// The number type of the exercises: 50 decimal digits.
using real = hp50;

/// Exercise 6.1: one step of mini-batch descent by hand, for a linear model with squared
/// error. The model is y_hat = x₁ w₁ + x₂ w₂ + b; the batch loss is the mean over the batch,
/// L = (1/B) Σ_n (y_hat_n − y_n)²; the step is θ ← θ − lr ∂L/∂θ.
/// \param theta (w₁, w₂, b) before the step
/// \param X the batch, B × 2
/// \param y the targets, B entries
/// \param lr the learning rate
/// \return (w₁, w₂, b) after the step
std::vector<real> ex_linear_step(const std::vector<real>& theta, const Matrix<real>& X,
                                 const std::vector<real>& y, const real& lr);

/// Exercise 6.2: the noise of a mini-batch. Draw B of the N numbers `values` at random,
/// without replacement, every subset equally likely, and average them. Return the variance of
/// that average (over all the subsets), as a formula in N, B and the population variance
/// σ² = (1/N) Σ (v − mean)²: no enumeration.
real ex_batch_mean_variance(const std::vector<real>& values, std::size_t B);

/// Exercise 6.3: gradient descent on f(θ) = a θ² / 2 (a > 0) with a fixed lr converges to 0
/// from every start when lr is below some bound, and diverges above it. Return the bound.
real ex_largest_stable_lr(const real& a);

/// Judges an answer to exercise 6.1.
exercise::Result check_linear_step(
    const std::function<std::vector<real>(const std::vector<real>&, const Matrix<real>&,
                                          const std::vector<real>&, const real&)>& f);
/// Judges an answer to exercise 6.2.
exercise::Result check_batch_mean_variance(
    const std::function<real(const std::vector<real>&, std::size_t)>& f);
/// Judges an answer to exercise 6.3.
exercise::Result check_largest_stable_lr(const std::function<real(const real&)>& f);

}  // namespace nnref::ch06
