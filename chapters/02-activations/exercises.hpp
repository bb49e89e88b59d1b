/// \file
/// \brief Chapter 2 exercises: the derivatives you derive, and the checks that judge them.
///
/// Write your answers in chapters/02-activations/exercises.cpp, rebuild, and run
/// `nnref exercises 2`. Answers work in `real` (50 digits): write constants as `real(1)`,
/// `real(1) / real(2)` or `real("0.5")`, never `0.5`. The functions of the chapter
/// (sigmoid, softmax, ...) are not available in exercises.cpp: derive from the definitions.
/// The page is \ref ch02_activations, and its \ref ch02_exercises "exercises section" lists
/// them; the tests are the suite ch02_exercises in tests/test_ch02_activations.cpp.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/number.hpp"

#include <functional>
#include <vector>

namespace nnref::ch02 {

/// The number type of the exercises: 50 decimal digits.
using real = hp50;

/// Exercise 2.1: tanh′ written with the output a = tanh(x) only.
/// \return tanh′(x), given a = tanh(x)
real ex_tanh_derivative_from_output(const real& a);

/// Exercise 2.2: the diagonal of the softmax Jacobian, ∂p_i/∂z_i, for p = softmax(z).
/// \return one entry per score
std::vector<real> ex_softmax_jacobian_diagonal(const std::vector<real>& z);

/// Exercise 2.3: the derivative of the exact GELU, gelu(x) = x Φ(x) with
/// Φ(x) = erfc(−x/√2)/2. Use boost::math::erfc and boost::math::constants.
/// \return gelu′(x)
real ex_gelu_derivative(const real& x);

/// Exercise 2.4: the derivative of SiLU, silu(x) = x σ(x).
/// \return silu′(x)
real ex_silu_derivative(const real& x);

/// Exercise 2.5: softmax's backward pass. Given p = softmax(z) and the upstream gradient
/// dp = ∂L/∂p, return dz = ∂L/∂z, without forming the Jacobian.
/// \return dz, one entry per score
std::vector<real> ex_softmax_vjp(const std::vector<real>& p, const std::vector<real>& dp);

/// Judges an answer to exercise 2.1.
exercise::Result check_tanh_derivative_from_output(const std::function<real(const real&)>& f);
/// Judges an answer to exercise 2.2.
exercise::Result check_softmax_jacobian_diagonal(
    const std::function<std::vector<real>(const std::vector<real>&)>& f);
/// Judges an answer to exercise 2.3.
exercise::Result check_gelu_derivative(const std::function<real(const real&)>& f);
/// Judges an answer to exercise 2.4.
exercise::Result check_silu_derivative(const std::function<real(const real&)>& f);
/// Judges an answer to exercise 2.5.
exercise::Result check_softmax_vjp(
    const std::function<std::vector<real>(const std::vector<real>&, const std::vector<real>&)>& f);

}  // namespace nnref::ch02
