/// \file
/// \brief Chapter 1 exercises: the functions you write, and the checks that judge them.
///
/// Write your answers in chapters/01-neuron/exercises.cpp, rebuild, and run
/// `nnref exercises 1`. Each answer works in `real`, 50 significant digits, so the checker can
/// tell a right formula (about 30 digits agree) from a nearly right one (16 digits or fewer).
/// Write constants as `real(1)`, `real(1) / real(2)` or `real("0.5")`, never `0.5`.
/// The page is \ref ch01_neuron, and its \ref ch01_exercises "exercises section" lists them;
/// the tests are tests/test_ch01_exercises.cpp.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/number.hpp"

#include <functional>
#include <vector>

namespace nnref::ch01 {

/// The number type of the exercises: 50 decimal digits.
using real = hp50;

/// Exercise 1.1: the pre-activation of a neuron.
/// \f[ z = w \cdot x + b = \sum_i w_i x_i + b \f]
/// \return z
real ex_pre_activation(const std::vector<real>& w, const real& b, const std::vector<real>& x);

/// Exercise 1.2: the derivative of the sigmoid, σ'(z), in closed form.
/// \return σ'(z)
real ex_sigmoid_derivative(const real& z);

/// Exercise 1.3: derive ∂a/∂w for a sigmoid neuron a = σ(w·x + b).
/// \return the vector of ∂a/∂w_i, one per weight
std::vector<real> ex_neuron_da_dw(const std::vector<real>& w, const real& b,
                                  const std::vector<real>& x);

/// Exercise 1.4: one step of the perceptron learning rule on the example (x, y), y ∈ {0, 1},
/// updating w and b in place.
/// \f[ \hat y = H(w \cdot x + b), \quad w \leftarrow w + \eta (y - \hat y) x, \quad
///     b \leftarrow b + \eta (y - \hat y) \f]
void ex_perceptron_step(std::vector<real>& w, real& b, const std::vector<real>& x, int y,
                        const real& lr);

/// Exercise 1.5: the gradient of the binary cross-entropy of one example with respect to w,
/// for a = σ(w·x + b) and \f$ \ell = -y \log a - (1 - y) \log(1 - a) \f$.
/// \return the vector of ∂ℓ/∂w_i
std::vector<real> ex_bce_dw(const std::vector<real>& w, const real& b, const std::vector<real>& x,
                            const real& y);

// The checks. Each takes the answer as a function, so the tests can also feed in wrong ones.

/// Judges an answer to exercise 1.1 against the reference at several points.
exercise::Result check_pre_activation(
    const std::function<real(const std::vector<real>&, const real&, const std::vector<real>&)>& f);
/// Judges an answer to exercise 1.2 with the 50-digit derivative checker.
exercise::Result check_sigmoid_derivative(const std::function<real(const real&)>& f);
/// Judges an answer to exercise 1.3 with the 50-digit gradient checker.
exercise::Result check_neuron_da_dw(
    const std::function<std::vector<real>(const std::vector<real>&, const real&,
                                          const std::vector<real>&)>& f);
/// Judges an answer to exercise 1.4 against the reference rule on mistakes and non-mistakes.
exercise::Result check_perceptron_step(
    const std::function<void(std::vector<real>&, real&, const std::vector<real>&, int,
                             const real&)>& f);
/// Judges an answer to exercise 1.5 with the 50-digit gradient checker.
exercise::Result check_bce_dw(
    const std::function<std::vector<real>(const std::vector<real>&, const real&,
                                          const std::vector<real>&, const real&)>& f);

}  // namespace nnref::ch01
