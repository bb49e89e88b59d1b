/// \file
/// \brief The gradient-checking engine: compare an analytic derivative with a numerical one,
///        element by element, and say how many digits agree.
///
/// Four entry points, one per shape of derivative:
///  - check_derivative(): f: R → R, at one point or many;
///  - check_gradient():   f: R^n → R;
///  - check_jacobian():   f: R^n → R^m;
///  - check_vjp():        a backward pass, as a vector-Jacobian product uᵀJ with a random
///                        upstream gradient u, so a backward that ignores u cannot pass.
///
/// Inputs are `T`, `std::vector<T>` or `Matrix<T>` (any flat container of T). Every function
/// must return exactly T, or a container of T: a function returning double from an hp50
/// argument would cap the check at 16 digits, and is rejected at compile time.
///
/// The pass rule for one element, with analytic value a and numerical value n, is
/// \f[ |a - n| \le \mathrm{atol} + \mathrm{rtol}\,\max(|a|, |n|) \f]
/// with rtol = sqrt(eps) by default (7e-26 in hp50). An element that misses this but lies within
/// the round-off noise of the numerical value, \f$ |a - n| \le \mathrm{atol} + \kappa\,
/// \mathrm{noise} + \mathrm{rtol}\max(|a|,|n|) \f$, is "unresolvable": the check cannot tell.
/// Chapter 3 explains it: \ref ch03_checking (the methods, the choice of step, kinks and the
/// pass rule); the tests are tests/test_gradcheck.cpp.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"
#include "nnref/gradcheck/report.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <numeric>
#include <type_traits>
#include <vector>

namespace nnref {

/// How a check is run. The defaults suit every check in the project.
/// Chapter 3, \ref ch03_pass_rule "section 6: the pass rule" and
/// \ref ch03_using "section 7: using the checker".
struct CheckOptions {
    Method method = Method::central;  ///< how the numerical derivative is computed
    double rtol = 0;                  ///< relative tolerance; 0 means sqrt(eps) of T
    double atol = 0;                  ///< absolute tolerance, added to the relative one
    double kappa = 16;                ///< noise multiplier: f's own round-off, in ulps
    double step_scale = 1;            ///< multiplies the automatic step (for experiments)
    bool zero_expected = false;       ///< allow a check in which every value is exactly 0
    std::size_t max_inputs = 0;       ///< 0: perturb every input; k: a random k of them
    std::uint64_t seed = 1;           ///< seeds the random subset and the VJP's upstream gradient
};

namespace detail {

/// True when f(args...) is callable and returns exactly R.
template <class R, class F, class... Args>
constexpr bool returns_exactly() {
    if constexpr (std::is_invocable_v<F&, Args...>) {
        return std::is_same_v<std::invoke_result_t<F&, Args...>, R>;
    } else {
        return false;
    }
}

/// `rebind_t<std::vector<T>, U>` is `std::vector<U>`, and likewise for Matrix.
template <class V, class U>
struct rebind;
template <class T, class A, class U>
struct rebind<std::vector<T, A>, U> {
    using type = std::vector<U>;
};
template <class T, class U>
struct rebind<Matrix<T>, U> {
    using type = Matrix<U>;
};
template <class V, class U>
using rebind_t = typename rebind<V, U>::type;

/// The same container with every entry converted to U (used to lift x into complex numbers).
template <class U, class T>
std::vector<U> convert(const std::vector<T>& x) {
    std::vector<U> out;
    out.reserve(x.size());
    for (const auto& v : x) {
        out.push_back(U(v));
    }
    return out;
}
template <class U, class T>
Matrix<U> convert(const Matrix<T>& x) {
    Matrix<U> out(x.rows(), x.cols());
    for (std::size_t k = 0; k < x.size(); ++k) {
        out[k] = U(x[k]);
    }
    return out;
}

/// The entries of a function's value as a flat vector: a scalar becomes one entry.
template <class T, class W>
std::vector<T> flatten(const W& w) {
    if constexpr (std::is_same_v<W, T>) {
        return {w};
    } else {
        static_assert(std::is_same_v<typename W::value_type, T>,
                      "nnref: the function must return T or a container of T (std::vector<T> or "
                      "Matrix<T>) with the same T as its argument");
        std::vector<T> out(w.size());
        for (std::size_t k = 0; k < w.size(); ++k) {
            out[k] = w[k];
        }
        return out;
    }
}

/// An analytic value given either directly or as a function of x.
template <class T, class A, class V>
std::vector<T> analytic_value(A& analytic, const V& x) {
    if constexpr (std::is_invocable_v<A&, const V&>) {
        return flatten<T>(analytic(x));
    } else {
        return flatten<T>(analytic);
    }
}

/// Stands in for the complex evaluation of an f that only accepts real numbers.
struct no_complex {};

/// The numerical derivative of each output along one input coordinate.
template <Real T>
struct Estimate {
    T numeric = 0;      ///< the derivative estimate
    T noise = 0;        ///< round-off noise of that estimate
    T h = 0;            ///< the step
    T left = 0;         ///< one-sided slope from the left
    T right = 0;        ///< one-sided slope from the right
    bool kink = false;  ///< the one-sided slopes differ by more than smoothness allows
    T kink_slack = 0;   ///< how far outside [left, right] a subgradient may lie (noise, curvature)
};

template <Real T>
T abs_of(const T& x) {
    using std::abs;
    return abs(x);
}

template <Real T>
T root_of_eps(int n) {
    using std::pow;
    return pow(epsilon<T>(), T(1) / T(n));
}

/// Slopes (f0 − fm)/(x − xm) and (fp − f0)/(xp − x) for each output.
template <Real T>
void one_sided(const std::vector<T>& fm, const std::vector<T>& f0, const std::vector<T>& fp,
               const T& hm, const T& hp, std::vector<T>& left, std::vector<T>& right) {
    left.resize(f0.size());
    right.resize(f0.size());
    for (std::size_t i = 0; i < f0.size(); ++i) {
        left[i] = (f0[i] - fm[i]) / hm;
        right[i] = (fp[i] - f0[i]) / hp;
    }
}

/// Estimates d f_i / d x_j for every output i by moving one input coordinate x_j.
///
/// `g(t)` evaluates f with x_j replaced by t and returns all outputs; `gc(z)` does the same in
/// complex arithmetic (only called by the complex-step method). `f0` is f at the unmoved x,
/// shared by all coordinates. Each call of g is one evaluation of f.
template <Real T, class G, class GC>
std::vector<Estimate<T>> probe(const T& xj, const std::vector<T>& f0, G& g, GC& gc,
                               const CheckOptions& opt) {
    const T eps = epsilon<T>();
    const T scale = std::max(T(1), abs_of(xj)) * T(opt.step_scale);
    const std::size_t m = f0.size();
    std::vector<Estimate<T>> est(m);

    auto require_size = [m](const std::vector<T>& f) {
        if (f.size() != m) {
            throw shape_error("gradient check: f returned " + std::to_string(f.size()) +
                              " values at a perturbed point but " + std::to_string(m) +
                              " at x; its output size must not depend on x");
        }
    };

    if (opt.method == Method::complex_step) {
        // f(x + ih) = f(x) + ih f'(x) − h² f''(x)/2 − ih³ f'''(x)/6 + ...
        // so Im f(x + ih) / h = f'(x) + O(h²), with no subtraction of nearly equal numbers.
        // Any h below sqrt(eps) makes the O(h²) term smaller than round-off; eps^(2/3) leaves
        // it far below, while x + ih stays far from underflow.
        if constexpr (std::is_invocable_v<GC&, const complex_of_t<T>&>) {
            using std::pow;
            const T h = pow(root_of_eps<T>(3), 2) * scale;
            const auto fc = gc(complex_of_t<T>(xj, h));
            if (fc.size() != m) {
                throw shape_error("gradient check: f returned a different number of outputs in "
                                  "complex arithmetic");
            }
            for (std::size_t i = 0; i < m; ++i) {
                using std::imag;
                est[i].numeric = T(imag(fc[i])) / h;
                est[i].noise = eps * abs_of(est[i].numeric);
                est[i].h = h;
            }
            return est;
        } else {
            throw check_error(
                "gradient check: the complex-step method needs f to accept complex numbers; "
                "write f as a template or a generic lambda ([](const auto& x) { ... })");
        }
    }

    // Central differences: (f(x+h) − f(x−h)) / 2h has error h² f'''/6 from truncation and
    // about eps·|f| / h from round-off; h = cbrt(eps) balances the two (chapter 3).
    const bool richardson = opt.method == Method::richardson;
    const T h = (richardson ? root_of_eps<T>(5) : root_of_eps<T>(3)) * scale;

    // Steps are rounded so that x ± h is exact: the denominator is then the true distance.
    auto central = [&](const T& step, std::vector<T>& fm, std::vector<T>& fp, T& hm, T& hp) {
        const T xp = xj + step;
        const T xm = xj - step;
        hp = xp - xj;
        hm = xj - xm;
        fp = g(xp);
        fm = g(xm);
        require_size(fp);
        require_size(fm);
    };

    std::vector<T> fm, fp, left, right;
    T hm = 0, hp = 0;
    central(h, fm, fp, hm, hp);
    for (std::size_t i = 0; i < m; ++i) {
        est[i].numeric = (fp[i] - fm[i]) / (hp + hm);
        est[i].noise = eps * (abs_of(fp[i]) + abs_of(fm[i])) / (hp + hm);
        est[i].h = h;
    }
    if (richardson) {
        // D(h/2) + (D(h/2) − D(h)) / 3 cancels the h² term: error O(h⁴), so h = eps^(1/5).
        std::vector<T> fm2, fp2;
        T hm2 = 0, hp2 = 0;
        central(h / T(2), fm2, fp2, hm2, hp2);
        for (std::size_t i = 0; i < m; ++i) {
            const T d1 = est[i].numeric;
            const T d2 = (fp2[i] - fm2[i]) / (hp2 + hm2);
            const T noise2 = eps * (abs_of(fp2[i]) + abs_of(fm2[i])) / (hp2 + hm2);
            est[i].numeric = d2 + (d2 - d1) / T(3);
            est[i].noise = T(4) / T(3) * noise2 + est[i].noise / T(3);
        }
        fm = std::move(fm2);
        fp = std::move(fp2);
        hm = hm2;
        hp = hp2;
    }

    // Kinks. For smooth f the one-sided slopes differ by about h·|f''|, which shrinks with h;
    // at a kink they differ by the jump in slope, which does not. A suspicious gap is
    // confirmed by repeating with h/16: smooth gaps shrink 16-fold, kinks stay.
    one_sided(fm, f0, fp, hm, hp, left, right);
    using std::sqrt;
    const T suspect_rtol = sqrt(h / scale);
    std::vector<std::size_t> suspects;
    for (std::size_t i = 0; i < m; ++i) {
        est[i].left = left[i];
        est[i].right = right[i];
        const T gap = abs_of(right[i] - left[i]);
        const T noise1 = eps * (abs_of(fp[i]) + T(2) * abs_of(f0[i]) + abs_of(fm[i])) /
                         std::min(hm, hp);
        const T slope = std::max(abs_of(left[i]), abs_of(right[i]));
        if (gap > suspect_rtol * slope + T(opt.kappa) * noise1) {
            suspects.push_back(i);
        }
    }
    if (!suspects.empty()) {
        std::vector<T> fms, fps, lefts, rights;
        T hms = 0, hps = 0;
        central(hm / T(16), fms, fps, hms, hps);
        one_sided(fms, f0, fps, hms, hps, lefts, rights);
        for (std::size_t i : suspects) {
            const T gap = abs_of(right[i] - left[i]);
            const T gap_small = abs_of(rights[i] - lefts[i]);
            if (gap_small > gap / T(4)) {
                const T noise_s = eps * (abs_of(fps[i]) + T(2) * abs_of(f0[i]) + abs_of(fms[i])) /
                                  std::min(hms, hps);
                est[i].kink = true;
                est[i].left = lefts[i];
                est[i].right = rights[i];
                // The slopes at h/16 are still O(h) from the limits: allow the change seen
                // between h and h/16, plus tolerance and noise.
                est[i].kink_slack =
                    abs_of(gap - gap_small) +
                    T(opt.rtol) * std::max(abs_of(lefts[i]), abs_of(rights[i])) +
                    T(opt.kappa) * noise_s;
            }
        }
    }
    return est;
}

/// A second opinion where central differences failed: one-sided Richardson extrapolation.
///
/// Central differences assume f is three times differentiable at x. Where f is only once
/// differentiable (ELU with α = 1 at 0: f'' jumps from 1 to 0), their error is O(h), not
/// O(h²), and a right derivative can fail. One-sided differences extrapolated from h and
/// h/2 cancel the O(h) term on each side separately:
/// \f[ D_\pm(h) = \pm\frac{f(x \pm h) - f(x)}{h}, \qquad
///     R_\pm = 2 D_\pm(h/2) - D_\pm(h) = f'(x^\pm) + O(h^2). \f]
/// When the two sides agree, their mean replaces the central estimate. Costs 4 more
/// evaluations of f, and only for inputs with a failed element.
template <Real T, class G>
std::vector<Estimate<T>> one_sided_extrapolation(const T& xj, const std::vector<T>& f0, G& g,
                                                 const CheckOptions& opt) {
    using std::abs;
    const T eps = epsilon<T>();
    const T h = root_of_eps<T>(3) * std::max(T(1), abs(xj)) * T(opt.step_scale);
    auto side = [&](const T& step, std::vector<T>& values) {
        const T x1 = xj + step;
        values = g(x1);
        return x1 - xj;  // the exact step taken
    };
    std::vector<T> fp, fp2, fm, fm2;
    const T hp = side(h, fp), hp2 = side(h / T(2), fp2);
    const T hm = -side(-h, fm), hm2 = -side(-h / T(2), fm2);
    std::vector<Estimate<T>> est(f0.size());
    for (std::size_t i = 0; i < f0.size(); ++i) {
        const T right = T(2) * (fp2[i] - f0[i]) / hp2 - (fp[i] - f0[i]) / hp;
        const T left = T(2) * (f0[i] - fm2[i]) / hm2 - (f0[i] - fm[i]) / hm;
        est[i].numeric = (left + right) / T(2);
        est[i].left = left;
        est[i].right = right;
        est[i].h = h;
        // Round-off: each difference carries about eps·|f| / step, weighted 2/(h/2) + 1/h.
        const T scale_f = abs(f0[i]) + abs(fp2[i]) + abs(fm2[i]) + abs(fp[i]) + abs(fm[i]);
        est[i].noise = T(5) * eps * scale_f / h;
    }
    return est;
}

/// Judges one element against the pass rule, and at kinks against the one-sided slopes.
template <Real T>
Element<T> judge(const T& analytic, const Estimate<T>& est, const CheckOptions& opt) {
    Element<T> e;
    e.analytic = analytic;
    e.numeric = est.numeric;
    e.noise = est.noise;
    e.h = est.h;
    e.left = est.left;
    e.right = est.right;
    using std::isfinite;
    if (!isfinite(est.numeric)) {
        // f overflowed or is NaN next to x: the truth is unknown here, so nothing is judged.
        e.status = Status::unresolvable;
        e.abs_error = e.rel_error = std::numeric_limits<T>::infinity();
        e.note = "the numerical value is not finite (f overflowed or is NaN near here): cannot judge";
        return e;
    }
    if (!isfinite(analytic)) {
        e.status = Status::failed;
        e.abs_error = e.rel_error = std::numeric_limits<T>::infinity();
        e.note = "the analytic value is not finite, but the derivative is";
        return e;
    }
    const T magnitude = std::max(abs_of(analytic), abs_of(est.numeric));
    e.abs_error = abs_of(analytic - est.numeric);
    e.rel_error = magnitude > 0 ? e.abs_error / magnitude : T(0);
    const T rtol_part = T(opt.atol) + T(opt.rtol) * magnitude;
    e.allowed = rtol_part + T(opt.kappa) * est.noise;

    if (est.kink) {
        const T lo = std::min(est.left, est.right) - est.kink_slack;
        const T hi = std::max(est.left, est.right) + est.kink_slack;
        // At a kink, "numeric" is reported as the nearer one-sided slope.
        e.numeric = abs_of(analytic - est.left) < abs_of(analytic - est.right) ? est.left
                                                                               : est.right;
        e.abs_error = abs_of(analytic - e.numeric);
        const T m = std::max(abs_of(analytic), abs_of(e.numeric));
        e.rel_error = m > 0 ? e.abs_error / m : T(0);
        const std::string slopes =
            "one-sided slopes " + to_short_string(est.left) + " and " + to_short_string(est.right);
        if (analytic >= lo && analytic <= hi) {
            e.status = Status::kink;
            e.note = "kink: " + slopes + "; the analytic value is a valid subgradient";
        } else {
            e.status = Status::failed;
            e.note = "kink: " + slopes + "; the analytic value lies outside them";
        }
        return e;
    }
    if (e.abs_error <= rtol_part) {
        e.status = Status::passed;
    } else if (e.abs_error <= e.allowed) {
        e.status = Status::unresolvable;
        e.note = "within round-off noise " + to_string(est.noise, 3) + "; too small to certify";
    } else {
        e.status = Status::failed;
    }
    return e;
}

/// Gives a failed element a second opinion, when the failure may come from the central
/// difference's own truncation error rather than from the analytic value:
///  1. Richardson extrapolation, which cancels the h^2 f^(3)/6 term. It matters where f' is 0
///     but f^(3) is not (x^3 at 0: the central difference is h^2, the truth 0).
///  2. One-sided extrapolation (one_sided_extrapolation), where f is once but not twice
///     differentiable, and only when its two sides agree.
/// The compute functions give the estimates for the element's column; each runs at most once.
template <Real T, class Richardson, class OneSided>
Element<T> reconsider(Element<T> e, const T& analytic, const Estimate<T>& est, std::size_t i,
                      std::vector<Estimate<T>>& richardson, std::vector<Estimate<T>>& sided,
                      const CheckOptions& opt, Richardson compute_richardson,
                      OneSided compute_sided) {
    if (e.status != Status::failed || est.kink || opt.method == Method::complex_step) {
        return e;
    }
    if (opt.method == Method::central) {
        if (richardson.empty()) {
            richardson = compute_richardson();
        }
        Estimate<T> r = richardson[i];
        r.kink = false;
        Element<T> again = judge(analytic, r, opt);
        if (again.status != Status::failed) {
            again.note = "the central difference's truncation error h^2 f'''/6 dominated here; "
                         "judged by Richardson extrapolation";
            return again;
        }
    }
    if (sided.empty()) {
        sided = compute_sided();
    }
    const Estimate<T>& s = sided[i];
    const T gap = abs_of(s.right - s.left);
    if (gap > T(opt.rtol) * std::max(abs_of(s.left), abs_of(s.right)) + T(opt.kappa) * s.noise) {
        return e;  // the sides disagree: f is not differentiable here; keep the verdict
    }
    Element<T> again = judge(analytic, s, opt);
    if (again.status != Status::failed) {
        again.note = "central differences were off (f is not twice differentiable here); "
                     "judged by one-sided extrapolation";
    }
    return again;
}

/// The same options with another method.
inline CheckOptions with_method(CheckOptions opt, Method m) {
    opt.method = m;
    return opt;
}

/// Fills in defaults that depend on T.
template <Real T>
CheckOptions resolve(CheckOptions opt) {
    if (opt.rtol == 0) {
        using std::sqrt;
        opt.rtol = to_double(sqrt(epsilon<T>()));
    }
    if (!(opt.rtol > 0) || opt.atol < 0 || !(opt.kappa >= 0) || !(opt.step_scale > 0)) {
        throw check_error("gradient check: options need rtol > 0, atol >= 0, kappa >= 0 and "
                          "step_scale > 0");
    }
    return opt;
}

/// The inputs to perturb: all of them, or a seeded random subset in increasing order.
inline std::vector<std::size_t> chosen_inputs(std::size_t n, const CheckOptions& opt) {
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    if (opt.max_inputs > 0 && opt.max_inputs < n) {
        Rng rng(opt.seed);
        rng.shuffle(idx);
        idx.resize(opt.max_inputs);
        std::sort(idx.begin(), idx.end());
    }
    return idx;
}

/// Refuses a check that cannot fail: every analytic and numeric value exactly zero.
template <Real T>
void require_not_vacuous(const Report<T>& r, const CheckOptions& opt, const char* what) {
    if (r.elements.empty()) {
        throw check_error(std::string(what) + ": nothing to check (the input is empty)");
    }
    // At a kink the one-sided slopes carry the information, so they count too.
    const bool all_zero = std::all_of(r.elements.begin(), r.elements.end(), [](const auto& e) {
        return e.analytic == 0 && e.numeric == 0 && e.left == 0 && e.right == 0;
    });
    if (all_zero && !opt.zero_expected) {
        throw check_error(std::string(what) +
                          ": every analytic and numerical value is exactly zero, so this check "
                          "cannot fail. Check at a point where the derivative is not zero, or set "
                          "CheckOptions::zero_expected = true if zero is the answer under test.");
    }
}

/// Shared body of gradient, Jacobian and VJP checks: perturb each chosen input j of x, read
/// the outputs through `outputs(x')` (real) and `outputs_c(x'_c)` (complex), and judge each
/// against analytic[i * n + j] where n = x.size().
template <class T, class V, class Out, class OutC>
Report<T> check_columns(CheckKind kind, const V& x, const std::vector<T>& analytic,
                        std::size_t n_outputs, Out&& outputs, OutC&& outputs_c,
                        const CheckOptions& options, const char* what) {
    const CheckOptions opt = resolve<T>(options);
    const std::size_t n = x.size();
    Report<T> report;
    report.kind = kind;
    report.method = opt.method;
    report.rtol = opt.rtol;
    report.inputs_total = n;

    const std::vector<T> f0 = outputs(x);
    if (f0.size() != n_outputs) {
        throw shape_error(std::string(what) + ": f has " + std::to_string(f0.size()) +
                          " outputs but the analytic value implies " + std::to_string(n_outputs));
    }
    V xj = x;
    const auto cols = chosen_inputs(n, opt);
    report.inputs_checked = cols.size();
    for (std::size_t j : cols) {
        auto g = [&](const T& t) {
            xj[j] = t;
            auto out = outputs(xj);
            xj[j] = x[j];
            return out;
        };
        auto gc = [&] {
            if constexpr (std::is_invocable_v<OutC&, std::size_t, const complex_of_t<T>&>) {
                return [&outputs_c, j](const complex_of_t<T>& z) { return outputs_c(j, z); };
            } else {
                return no_complex{};
            }
        }();
        const auto est = probe<T>(x[j], f0, g, gc, opt);
        // Second opinions, computed only if an element of column j fails.
        std::vector<Estimate<T>> richardson, sided;
        for (std::size_t i = 0; i < n_outputs; ++i) {
            Element<T> e = judge(analytic[i * n + j], est[i], opt);
            e = reconsider(
                std::move(e), analytic[i * n + j], est[i], i, richardson, sided, opt,
                [&] { return probe<T>(x[j], f0, g, gc, with_method(opt, Method::richardson)); },
                [&] { return one_sided_extrapolation<T>(x[j], f0, g, opt); });
            e.row = i;
            e.col = j;
            e.x = x[j];
            report.elements.push_back(std::move(e));
        }
    }
    require_not_vacuous(report, opt, what);
    return report;
}

/// Complex evaluation of f at x with x_j replaced by z, or "not available" when f cannot
/// take complex numbers (the probe then explains that complex step needs a generic f).
template <class T, class V, class F, class Project>
auto complex_outputs(F& f, const V& x, Project project) {
    using C = complex_of_t<T>;
    using VC = rebind_t<V, C>;
    if constexpr (std::is_invocable_v<F&, const VC&>) {
        return [&f, &x, project](std::size_t j, const C& z) {
            VC xc = convert<C>(x);
            xc[j] = z;
            return project(flatten<C>(f(static_cast<const VC&>(xc))));
        };
    } else {
        return no_complex{};
    }
}

}  // namespace detail

/// Checks f'(x) against df(x) at each of `points`.
///
/// f and df take a `const T&` and return exactly T. The report has one element per point.
/// \code
/// auto f  = [](const hp50& x) { return exp(x) * sin(x); };
/// auto df = [](const hp50& x) { return exp(x) * (sin(x) + cos(x)); };
/// auto r = nnref::check_derivative(f, df, std::vector<hp50>{0, 1, 2});
/// std::cout << r.table();
/// \endcode
template <Real T, class F, class DF>
Report<T> check_derivative(F&& f, DF&& df, const std::vector<T>& points,
                           const CheckOptions& options = {}) {
    static_assert(detail::returns_exactly<T, F, const T&>(),
                  "check_derivative: f(x) must return exactly the type of x. Returning another "
                  "type (double from an hp50 x, or an expression template) loses precision.");
    static_assert(detail::returns_exactly<T, DF, const T&>(),
                  "check_derivative: df(x) must return exactly the type of x.");
    const CheckOptions opt = detail::resolve<T>(options);
    Report<T> report;
    report.kind = CheckKind::derivative;
    report.method = opt.method;
    report.rtol = opt.rtol;
    report.inputs_total = report.inputs_checked = points.size();
    for (std::size_t k = 0; k < points.size(); ++k) {
        const T& x = points[k];
        auto g = [&f](const T& t) { return std::vector<T>{f(t)}; };
        auto gc = [&] {  // [&]: f is used by one branch only, and [&f] would warn in the other
            using C = complex_of_t<T>;
            if constexpr (detail::returns_exactly<C, F, const C&>()) {
                return [&f](const C& z) { return std::vector<C>{f(z)}; };
            } else {
                return detail::no_complex{};
            }
        }();
        // The complex step needs no f(x); the other methods use it for one-sided slopes.
        const std::vector<T> f0 =
            opt.method == Method::complex_step ? std::vector<T>{T(0)} : g(x);
        const auto est = detail::probe<T>(x, f0, g, gc, opt);
        const T analytic = df(x);
        std::vector<detail::Estimate<T>> richardson, sided;
        Element<T> e = detail::reconsider(
            detail::judge(analytic, est[0], opt), analytic, est[0], 0, richardson, sided, opt,
            [&] {
                return detail::probe<T>(x, f0, g, gc, detail::with_method(opt, Method::richardson));
            },
            [&] { return detail::one_sided_extrapolation<T>(x, f0, g, opt); });
        e.col = k;
        e.x = x;
        report.elements.push_back(std::move(e));
    }
    detail::require_not_vacuous(report, opt, "check_derivative");
    return report;
}

/// Checks f'(x) against df(x) at one point.
template <Real T, class F, class DF>
Report<T> check_derivative(F&& f, DF&& df, const T& x, const CheckOptions& options = {}) {
    return check_derivative(std::forward<F>(f), std::forward<DF>(df), std::vector<T>{x}, options);
}

/// Checks the gradient of a scalar function f: R^n → R.
///
/// x is a `std::vector<T>` or `Matrix<T>`; f(x) returns exactly T. `grad` is either the
/// gradient itself (a container with x.size() entries) or a function of x returning it.
template <class V, class F, class G>
Report<typename V::value_type> check_gradient(F&& f, G&& grad, const V& x,
                                              const CheckOptions& options = {}) {
    using T = typename V::value_type;
    static_assert(Real<T>, "check_gradient: x must hold f64, hp50 or hp100");
    static_assert(detail::returns_exactly<T, F, const V&>(),
                  "check_gradient: f(x) must return exactly T, the entry type of x.");
    const std::vector<T> analytic = detail::analytic_value<T>(grad, x);
    if (analytic.size() != x.size()) {
        throw shape_error("check_gradient: the analytic gradient has " +
                          std::to_string(analytic.size()) + " entries but x has " +
                          std::to_string(x.size()));
    }
    auto outputs = [&f](const V& v) { return std::vector<T>{f(v)}; };
    auto identity = [](std::vector<complex_of_t<T>> v) { return v; };
    return detail::check_columns<T>(CheckKind::gradient, x, analytic, 1, outputs,
                                    detail::complex_outputs<T>(f, x, identity), options,
                                    "check_gradient");
}

/// Checks the Jacobian of f: R^n → R^m, J_ij = ∂f_i/∂x_j.
///
/// f(x) returns T, `std::vector<T>` or `Matrix<T>` (its entries in row-major order are the
/// m outputs). `jacobian` is an m × n `Matrix<T>`, or a function of x returning one.
template <class V, class F, class JacobianArg>
Report<typename V::value_type> check_jacobian(F&& f, JacobianArg&& jacobian, const V& x,
                                              const CheckOptions& options = {}) {
    using T = typename V::value_type;
    static_assert(Real<T>, "check_jacobian: x must hold f64, hp50 or hp100");
    static_assert(std::is_invocable_v<F&, const V&>, "check_jacobian: f must accept x");
    const Matrix<T> J = [&] {
        if constexpr (std::is_invocable_v<JacobianArg&, const V&>) {
            return Matrix<T>(jacobian(x));
        } else {
            return Matrix<T>(jacobian);
        }
    }();
    const std::size_t m = detail::flatten<T>(f(x)).size();
    if (J.rows() != m || J.cols() != x.size()) {
        throw shape_error("check_jacobian: the analytic Jacobian is " + J.shape() +
                          " but f maps " + std::to_string(x.size()) + " inputs to " +
                          std::to_string(m) + " outputs, so it must be " + std::to_string(m) +
                          "x" + std::to_string(x.size()));
    }
    auto outputs = [&f](const V& v) { return detail::flatten<T>(f(v)); };
    auto identity = [](std::vector<complex_of_t<T>> v) { return v; };
    return detail::check_columns<T>(CheckKind::jacobian, x, J.data(), m, outputs,
                                    detail::complex_outputs<T>(f, x, identity), options,
                                    "check_jacobian");
}

/// Checks a backward pass as a vector-Jacobian product.
///
/// \f[ \mathrm{vjp}(x, u)_j = \sum_i u_i \frac{\partial f_i}{\partial x_j} \f]
/// The checker draws the upstream gradient u at random (seeded by `options.seed`), with
/// entries of both signs and magnitudes in [0.5, 1.5), so a backward that ignores u, or
/// uses it in the wrong place, fails. f(x) returns T, `std::vector<T>` or `Matrix<T>`;
/// vjp(x, u) takes u with that same type and returns a container with x.size() entries.
template <class V, class F, class B>
Report<typename V::value_type> check_vjp(F&& f, B&& vjp, const V& x,
                                         const CheckOptions& options = {}) {
    using T = typename V::value_type;
    static_assert(Real<T>, "check_vjp: x must hold f64, hp50 or hp100");
    using W = std::remove_cvref_t<std::invoke_result_t<F&, const V&>>;
    W u = f(x);
    Rng rng(options.seed ^ 0x5eedULL);
    const std::size_t m = detail::flatten<T>(u).size();
    std::vector<T> u_flat(m);
    for (std::size_t i = 0; i < m; ++i) {
        const T magnitude = T(1) / T(2) + T(rng.uniform01());
        u_flat[i] = rng.below(2) == 0 ? magnitude : -magnitude;
        if constexpr (std::is_same_v<W, T>) {
            u = u_flat[i];
        } else {
            u[i] = u_flat[i];
        }
    }
    const std::vector<T> analytic = detail::flatten<T>(vjp(x, static_cast<const W&>(u)));
    if (analytic.size() != x.size()) {
        throw shape_error("check_vjp: the backward pass returned " +
                          std::to_string(analytic.size()) + " entries but x has " +
                          std::to_string(x.size()));
    }
    // g(x) = Σ u_i f_i(x): its gradient is the VJP. One evaluation of f per perturbation.
    auto project = [u_flat](const std::vector<T>& out) {
        T s = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            s += u_flat[i] * out[i];
        }
        return std::vector<T>{s};
    };
    auto outputs = [&f, project](const V& v) { return project(detail::flatten<T>(f(v))); };
    auto project_c = [u_flat](const std::vector<complex_of_t<T>>& out) {
        complex_of_t<T> s = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            s += complex_of_t<T>(u_flat[i]) * out[i];
        }
        return std::vector<complex_of_t<T>>{s};
    };
    return detail::check_columns<T>(CheckKind::vjp, x, analytic, 1, outputs,
                                    detail::complex_outputs<T>(f, x, project_c), options,
                                    "check_vjp");
}

}  // namespace nnref
