/// \file
/// \brief Chapter 4 exercises: the loss gradients you derive, and the checks that judge them.
///
/// Write your answers in chapters/04-losses/exercises.cpp, rebuild, and run
/// `nnref exercises 4`. Answers work in `real` (50 digits): write constants as `real(1)`,
/// `real(1) / real(2)` or `real("0.5")`, never `0.5`. The losses of the chapter (bce, huber,
/// softmax_cross_entropy, ...) are not available in exercises.cpp: derive from the formulas.
/// Every exercise is about one example (B = K = 1, or one row of K scores), so the batch
/// mean's 1/B does not appear. The page is \ref ch04_losses, and its
/// \ref ch04_exercises "exercises section" lists them; the tests are the suite ch04_exercises
/// in tests/test_ch04_losses.cpp.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/number.hpp"

#include <functional>
#include <vector>

namespace nnref::ch04 {

/// The number type of the exercises: 50 decimal digits.
using real = hp50;

/// Exercise 4.1: the derivative of binary cross-entropy for one prediction ŷ ∈ (0, 1) and a
/// target y ∈ [0, 1] (not only 0 or 1).
/// \f[ L(\hat y) = -\bigl[ y \log \hat y + (1 - y) \log(1 - \hat y) \bigr] \f]
/// \return dL/dŷ
real ex_bce_derivative(const real& y_hat, const real& y);

/// Exercise 4.2: the gradient of softmax followed by cross-entropy, for one example with
/// scores z (K entries) and true class c ∈ [0, K).
/// \f[ L(z) = -\log p_c, \qquad p_k = \frac{e^{z_k}}{\sum_j e^{z_j}} \f]
/// \return dz = ∂L/∂z, K entries
std::vector<real> ex_softmax_ce_gradient(const std::vector<real>& z, int c);

/// Exercise 4.3: the derivative of the Huber loss of a residual r, with δ > 0.
/// \f[ h_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta
///     \\ \delta\,(|r| - \tfrac12 \delta) & |r| > \delta \end{cases} \f]
/// \return dh/dr
real ex_huber_derivative(const real& r, const real& delta);

/// Exercise 4.4: binary cross-entropy from a logit z, where ŷ = σ(z), in a form that stays
/// finite and accurate for every z. It is checked at z = ±1e10, where e^z overflows even
/// in 50-digit arithmetic (beyond z ≈ 1.49e9; in double, beyond 709.8).
/// \f[ L(z) = -\bigl[ y \log \sigma(z) + (1 - y) \log(1 - \sigma(z)) \bigr] \f]
/// \return L
real ex_bce_from_logit(const real& z, const real& y);

/// Judges an answer to exercise 4.1.
exercise::Result check_bce_derivative(const std::function<real(const real&, const real&)>& f);
/// Judges an answer to exercise 4.2.
exercise::Result check_softmax_ce_gradient(
    const std::function<std::vector<real>(const std::vector<real>&, int)>& f);
/// Judges an answer to exercise 4.3.
exercise::Result check_huber_derivative(const std::function<real(const real&, const real&)>& f);
/// Judges an answer to exercise 4.4.
exercise::Result check_bce_from_logit(const std::function<real(const real&, const real&)>& f);

}  // namespace nnref::ch04
