/// \file
/// \brief Chapter 3's numerical derivatives, written to be read: forward, backward and central
///        differences, one Richardson step, the complex step, and the steps theory recommends.
///
/// These are the lesson's versions, one formula per function. The production code is the
/// engine in src/nnref/gradcheck/check.hpp, which adds what a checker needs around the same
/// formulas (a step scaled to |x|, kink detection, a noise estimate, second opinions). For
/// the same x and h, central_difference(), richardson() and complex_step() return exactly the
/// engine's numbers, and tests/test_ch03_checking.cpp holds them to that.
///
/// The page is \ref ch03_checking. \f$ \varepsilon_T \f$ is the machine epsilon of T
/// (`epsilon<T>()`, \ref notation).
#pragma once

#include "nnref/core/number.hpp"

#include <cmath>

namespace nnref::ch03 {

//! [forward]
/// Forward difference, first order:
/// \f[ D_+(h) = \frac{f(x + h) - f(x)}{h} = f'(x) + \frac{h}{2} f''(x) + O(h^2) \f]
/// \param f a function of one T returning T
/// \param x the point
/// \param h the step, h > 0
/// \return the estimate of f'(x)
template <class F, class T>
T forward_difference(F&& f, const T& x, const T& h) {
    // x + h is rounded; dividing by the distance actually taken, not by h, removes that
    // rounding from the error. It is exact: xp and x are close, so xp − x has no rounding.
    const T xp = x + h;
    return (f(xp) - f(x)) / (xp - x);
}
//! [forward]

/// Backward difference, first order:
/// \f[ D_-(h) = \frac{f(x) - f(x - h)}{h} = f'(x) - \frac{h}{2} f''(x) + O(h^2) \f]
/// \param f a function of one T returning T
/// \param x the point
/// \param h the step, h > 0
/// \return the estimate of f'(x)
template <class F, class T>
T backward_difference(F&& f, const T& x, const T& h) {
    const T xm = x - h;
    return (f(x) - f(xm)) / (x - xm);
}

//! [central]
/// Central difference, second order: the h f''/2 terms of D₊ and D₋ cancel.
/// \f[ D(h) = \frac{f(x + h) - f(x - h)}{2h} = f'(x) + \frac{h^2}{6} f'''(x) + O(h^4) \f]
/// \param f a function of one T returning T
/// \param x the point
/// \param h the step, h > 0
/// \return the estimate of f'(x)
template <class F, class T>
T central_difference(F&& f, const T& x, const T& h) {
    const T xp = x + h;
    const T xm = x - h;
    const T hp = xp - x;  // the steps actually taken (see forward_difference)
    const T hm = x - xm;
    return (f(xp) - f(xm)) / (hp + hm);
}
//! [central]

//! [richardson]
/// One Richardson step on central differences at h and h/2 cancels the h² term:
/// \f[ R(h) = \frac{4 D(h/2) - D(h)}{3} = D(h/2) + \frac{D(h/2) - D(h)}{3}
///     = f'(x) + O(h^4) \f]
/// (Richardson, 1911).
/// \param f a function of one T returning T
/// \param x the point
/// \param h the larger of the two steps, h > 0
/// \return the estimate of f'(x)
template <class F, class T>
T richardson(F&& f, const T& x, const T& h) {
    const T d1 = central_difference(f, x, h);
    const T d2 = central_difference(f, x, h / T(2));
    // D(h) = f' + c h² + O(h⁴) and D(h/2) = f' + c h²/4 + O(h⁴): their difference is 3c h²/4,
    // so adding a third of it to D(h/2) removes c h²/4. Written this way, as the engine does.
    return d2 + (d2 - d1) / T(3);
}
//! [richardson]

//! [complex-step]
/// Complex step (Squire & Trapp, 1998): for f analytic and real on the real axis,
/// \f[ f(x + ih) = f(x) + ih f'(x) - \frac{h^2}{2} f''(x) - i\frac{h^3}{6} f'''(x) + \dots
///     \quad\Longrightarrow\quad \frac{\operatorname{Im} f(x + ih)}{h} = f'(x) + O(h^2). \f]
/// No two nearly equal numbers are subtracted, so h can be as small as we like.
/// \param f a function that accepts and returns `complex_of_t<T>` (write it as a template
///          or a generic lambda), built from analytic operations: no abs, max or comparisons
/// \param x the point
/// \param h the step, h > 0
/// \return the estimate of f'(x)
template <class F, class T>
T complex_step(F&& f, const T& x, const T& h) {
    using C = complex_of_t<T>;
    using std::imag;
    return T(imag(f(C(x, h)))) / h;
}
//! [complex-step]

/// The numerical derivatives of this chapter.
/// Chapter 3, \ref ch03_best_step "section 2: the best step".
enum class Difference { forward, backward, central, richardson, complex_step };

//! [optimal-step]
/// The step that balances truncation against round-off, for |x| ≤ 1 and f, f', f'', f'''
/// of similar size (multiply by |x| for larger x):
/// \f[ h_{\mathrm{forward}} = \varepsilon_T^{1/2}, \qquad
///     h_{\mathrm{central}} = \varepsilon_T^{1/3}, \qquad
///     h_{\mathrm{Richardson}} = \varepsilon_T^{1/5}, \f]
/// from minimising \f$ C h^p + \varepsilon_T / h \f$ for an error of order p. The complex step
/// has no round-off term to balance: any \f$ h \le \varepsilon_T^{1/2} \f$ puts the truncation
/// below round-off; the engine uses \f$ \varepsilon_T^{2/3} \f$.
/// \param method which difference
/// \return the recommended step, in T
template <Real T>
T optimal_step(Difference method) {
    using std::pow;
    const T eps = epsilon<T>();
    switch (method) {
        case Difference::forward:
        case Difference::backward:
            return pow(eps, T(1) / T(2));
        case Difference::central:
            return pow(eps, T(1) / T(3));
        case Difference::richardson:
            return pow(eps, T(1) / T(5));
        case Difference::complex_step:
            break;
    }
    return pow(pow(eps, T(1) / T(3)), 2);
}
//! [optimal-step]

//! [error-model]
/// The central difference's error model and its minimiser. Truncation gives
/// \f$ h^2 |f'''| / 6 \f$; each of f(x ± h) carries a rounding error up to about
/// \f$ \varepsilon_T |f| / 2 \f$, and dividing by 2h turns them into
/// \f$ \varepsilon_T |f| / (2h) \f$ each. Setting the derivative of the sum to zero:
/// \f[ E(h) = \frac{h^2 |f'''|}{6} + \frac{\varepsilon_T |f|}{h}, \qquad
///     E'(h) = \frac{h |f'''|}{3} - \frac{\varepsilon_T |f|}{h^2} = 0
///     \quad\Longrightarrow\quad h^* = \Bigl(\frac{3 \varepsilon_T |f|}{|f'''|}\Bigr)^{1/3}. \f]
/// \param eps the machine epsilon of the arithmetic
/// \param f_value f(x), or its size
/// \param f_third f'''(x), or its size; not 0
/// \return the step h* that minimises E(h)
template <Real T>
T central_step_from_model(const T& eps, const T& f_value, const T& f_third) {
    using std::abs;
    using std::pow;
    return pow(T(3) * eps * abs(f_value) / abs(f_third), T(1) / T(3));
}
//! [error-model]

//! [smooth]
/// The chapter's example, f(x) = e^x sin x: smooth, with no special point. Generic, so that
/// it also takes complex x for the complex step.
inline const auto smooth = [](const auto& x) {
    using std::exp;
    using std::sin;
    return exp(x) * sin(x);
};

/// Its derivative by the product rule, f'(x) = e^x (sin x + cos x).
/// \param x the point
/// \return f'(x)
template <Real T>
T smooth_derivative(const T& x) {
    using std::cos;
    using std::exp;
    using std::sin;
    return exp(x) * (sin(x) + cos(x));
}
//! [smooth]

}  // namespace nnref::ch03
