/// \file
/// \brief Chapter 3 exercises: the numerical derivatives you write, and the checks that judge
///        them.
///
/// Write your answers in chapters/03-checking/exercises.cpp, rebuild, and run
/// `nnref exercises 3`. Answers work in `real` (50 digits): write constants as `real(1)`,
/// `real(1) / real(3)` or `real("0.5")`, never `0.5`. Each answer is compared with the
/// chapter's reference functions in differences.hpp, which are not available in
/// exercises.cpp: write the formulas yourself. The page is \ref ch03_checking, and its
/// \ref ch03_exercises "exercises section" lists them; the tests are the suite ch03_exercises in
/// tests/test_ch03_checking.cpp.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/number.hpp"

#include <functional>

namespace nnref::ch03 {

/// The number type of the exercises: 50 decimal digits.
using real = hp50;
/// The complex numbers of the complex-step exercise: 50 decimal digits in each part.
using complex = complex_of_t<real>;
/// A real function of one real variable.
using RealFunction = std::function<real(const real&)>;
/// The same function, extended to complex arguments.
using ComplexFunction = std::function<complex(const complex&)>;

/// Exercise 3.1: the central difference of f at x with step h.
/// \f[ D(h) = \frac{f(x + h) - f(x - h)}{2h} \f]
/// \return the estimate of f'(x)
real ex_central_difference(const RealFunction& f, const real& x, const real& h);

/// Exercise 3.2: the step that minimises the central difference's error model
/// \f[ E(h) = \frac{h^2 |f'''|}{6} + \frac{\varepsilon_T |f|}{h}, \f]
/// given the machine epsilon \f$ \varepsilon_T \f$ (`eps`), f(x) and f'''(x). Find it with pencil
/// and paper first.
/// \return the minimiser h* of E(h)
real ex_best_central_step(const real& eps, const real& f_value, const real& f_third);

/// Exercise 3.3: one Richardson step on central differences at h and h/2, which cancels their
/// h² error term. \f[ R(h) = \frac{4 D(h/2) - D(h)}{3} \f]
/// \return the estimate of f'(x)
real ex_richardson(const RealFunction& f, const real& x, const real& h);

/// Exercise 3.4: the complex-step derivative. f takes and returns complex numbers; build
/// x + ih as `complex(x, h)` and take the imaginary part with `imag(...)`.
/// \f[ f'(x) \approx \frac{\operatorname{Im} f(x + ih)}{h} \f]
/// \return the estimate of f'(x)
real ex_complex_step(const ComplexFunction& f, const real& x, const real& h);

// The checks. Each takes the answer as a function, so the tests can also feed in wrong ones.

/// Judges an answer to exercise 3.1 against central_difference() on several f, x and h.
exercise::Result check_central_difference(
    const std::function<real(const RealFunction&, const real&, const real&)>& answer);
/// Judges an answer to exercise 3.2 against central_step_from_model().
exercise::Result check_best_central_step(
    const std::function<real(const real&, const real&, const real&)>& answer);
/// Judges an answer to exercise 3.3 against richardson() on several f, x and h.
exercise::Result check_richardson(
    const std::function<real(const RealFunction&, const real&, const real&)>& answer);
/// Judges an answer to exercise 3.4 against complex_step() on several f, x and h.
exercise::Result check_complex_step(
    const std::function<real(const ComplexFunction&, const real&, const real&)>& answer);

}  // namespace nnref::ch03
