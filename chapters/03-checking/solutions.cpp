/// \file
/// \brief Chapter 3 reference answers. Try the exercises first: `nnref exercises 3`.
#include "03-checking/exercises.hpp"

namespace nnref::ch03 {

real ex_central_difference(const RealFunction& f, const real& x, const real& h) {
    // Symmetric about x, so the h f''/2 terms of the two one-sided differences cancel.
    return (f(x + h) - f(x - h)) / (real(2) * h);
}

real ex_best_central_step(const real& eps, const real& f_value, const real& f_third) {
    // E'(h) = h|f'''|/3 − eps|f|/h² = 0  ⇒  h³ = 3 eps |f| / |f'''|.
    return pow(real(3) * eps * abs(f_value) / abs(f_third), real(1) / real(3));
}

real ex_richardson(const RealFunction& f, const real& x, const real& h) {
    // D(h) = f' + c h² + O(h⁴) and D(h/2) = f' + c h²/4 + O(h⁴): 4 D(h/2) − D(h) = 3 f' + O(h⁴).
    const real d1 = ex_central_difference(f, x, h);
    const real d2 = ex_central_difference(f, x, h / real(2));
    return (real(4) * d2 - d1) / real(3);
}

real ex_complex_step(const ComplexFunction& f, const real& x, const real& h) {
    // Im f(x + ih) = h f'(x) − h³ f'''(x)/6 + ...: no subtraction, so no cancellation.
    return real(imag(f(complex(x, h)))) / h;
}

}  // namespace nnref::ch03
