/// \file
/// \brief A verdict on a hand-derived derivative over a whole range: correct, correct except
///        at kinks, wrong, or inconclusive, with the first and worst wrong points and a
///        diagnosis (a flipped sign, a constant factor, right only for x > 0, right to 16
///        digits only). `nnref check` is built on it.
///
/// **A verdict is never false.** A point is judged only where the true derivative is known
/// there: f evaluated without overflow or underflow (nnref::range_error), and, when the caller
/// gives a second, independent true value (certify()), the two agreeing to the digits the
/// verdict needs. Every other point is "not judged", with its reason. WRONG needs at least one
/// judged point where the answer is wrong; with no judged point at all the verdict is
/// INCONCLUSIVE.
///
/// \code
/// auto f  = [](const hp50& x) { return log(hp50(1) + exp(x)); };
/// auto df = [](const hp50& x) { return hp50(1) / (hp50(1) + exp(-x)); };
/// nnref::DerivativeCheckOptions<hp50> options;   // [-4, 4]: 17 grid and 16 random points
/// auto v = nnref::check_derivative(f, df, options);
/// std::cout << v.text();                          // CORRECT: ... digits agreed ...
/// \endcode
///
/// Chapter 3 explains it: \ref ch03_checking
/// (\ref ch03_using "section 7: using the checker"); the tests are tests/test_check_command.cpp.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"
#include "nnref/gradcheck/check.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace nnref {

/// Where to check a derivative, and how.
/// Chapter 3, \ref ch03_using "section 7: using the checker".
template <Real T>
struct DerivativeCheckOptions {
    T lo = T(-4);                     ///< the range's lower end
    T hi = T(4);                      ///< the range's upper end
    std::size_t grid_points = 17;     ///< evenly spaced points, both ends included
    std::size_t random_points = 16;   ///< uniform random points in [lo, hi)
    std::uint64_t seed = 1;           ///< seeds the random points
    CheckOptions check;               ///< the engine's options (method, tolerance)
    std::string variable = "x";       ///< the variable's name, for the messages
    /// The points not reached by then are "not judged: the time limit ran out".
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

/// The four verdicts.
enum class Verdict {
    correct,               ///< right at every judged point, and at least one point judged
    correct_except_kinks,  ///< the same, and a valid subgradient at the kinks
    wrong,                 ///< wrong at a judged point
    inconclusive           ///< no point could be judged (overflow, noise, ...): nothing is known
};

/// The verdict on a derivative over a range, with everything needed to explain it.
/// Chapter 3, \ref ch03_using "section 7: using the checker".
template <Real T>
struct DerivativeVerdict {
    Verdict verdict = Verdict::wrong;
    Report<T> report;                 ///< one element per point where f is defined
    std::vector<std::string> undefined;  ///< points skipped because f is undefined there
    std::vector<std::string> not_judged; ///< points where f is defined but cannot be judged, why
    std::string diagnosis;            ///< "the sign is flipped", "off by a constant factor 2", ...
    std::string variable = "x";       ///< the variable's name, as printed in text()

    /// The first wrong point in the order checked (grid, then random), or null.
    const Element<T>* first_wrong() const {
        for (const auto& e : report.elements) {
            if (e.status == Status::failed) {
                return &e;
            }
        }
        return nullptr;
    }

    /// A report for a student: the verdict, then the evidence.
    std::string text() const {
        std::ostringstream out;
        const std::size_t n = report.elements.size();
        const std::size_t judged = n - report.count(Status::unresolvable);
        auto point = [this](const Element<T>& e) {
            std::string s = variable + " = " + to_short_string(e.x) + ": yours " + to_string(e.analytic, 17) +
                            ", true " + to_string(e.numeric, 17);
            if (e.numeric != 0 && e.analytic != 0) {
                s += ", ratio " + to_short_string(T(e.analytic / e.numeric), 8);
            }
            return s;
        };
        switch (verdict) {
            case Verdict::correct:
                out << "CORRECT: agrees at all " << judged << " points judged to at least " << std::fixed
                    << std::setprecision(1) << report.digits_agreed() << " digits (a pass needs "
                    << report.digits_required() << ")";
                if (const auto* w = report.worst()) {
                    out << "\n  worst point " << point(*w);
                }
                break;
            case Verdict::correct_except_kinks: {
                out << "CORRECT EXCEPT AT KINKS: agrees at every smooth point to at least "
                    << std::fixed << std::setprecision(1) << report.digits_agreed()
                    << " digits; at the kinks yours is a valid subgradient:";
                for (const auto& e : report.elements) {
                    if (e.status == Status::kink) {
                        out << "\n  kink at " << variable << " = " << to_short_string(e.x) << ": yours "
                            << to_short_string(e.analytic, 8) << ", one-sided slopes "
                            << to_short_string(e.left, 8) << " and " << to_short_string(e.right, 8);
                    }
                }
                break;
            }
            case Verdict::inconclusive:
                out << "INCONCLUSIVE: no point could be judged, so nothing is known about your "
                       "derivative here (the reasons are below)";
                break;
            case Verdict::wrong: {
                out << "WRONG at " << report.count(Status::failed) << " of " << n << " points";
                if (!diagnosis.empty()) {
                    out << ": " << diagnosis;
                }
                if (const auto* first = first_wrong()) {
                    out << "\n  first wrong: " << point(*first);
                }
                if (const auto* worst = report.worst()) {
                    out << "\n  worst wrong: " << point(*worst) << " (" << std::fixed
                        << std::setprecision(1) << worst->digits() << " digits agree)";
                    if (!worst->note.empty()) {
                        out << "\n  " << worst->note;
                    }
                }
                break;
            }
        }
        // The points that were not judged, with their reasons: the first few of each.
        std::vector<std::string> reasons = not_judged;
        for (const auto& e : report.elements) {
            if (e.status == Status::unresolvable) {
                reasons.push_back(variable + " = " + to_short_string(e.x) + ": " + e.note);
            }
        }
        auto list = [&out](const std::vector<std::string>& items, const char* what) {
            constexpr std::size_t shown = 5;
            for (std::size_t k = 0; k < items.size() && k < shown; ++k) {
                out << "\n  " << what << " " << items[k];
            }
            if (items.size() > shown) {
                out << "\n  ... and " << items.size() - shown << " more";
            }
        };
        if (!reasons.empty()) {
            out << "\n  " << reasons.size() << " point(s) not judged (not counted either way):";
        }
        list(reasons, "not judged:");
        list(undefined, "skipped");
        return out.str();
    }
};

namespace detail {

/// Names a pattern in the wrong points, if there is one: a flipped sign, a real constant
/// factor (finite, not 0, and not 1), right to about 16 digits only (a rounded constant), or
/// right on one side of 0 only.
template <Real T>
std::string diagnose(const Report<T>& r, const std::string& x) {
    std::vector<const Element<T>*> wrong, right;
    for (const auto& e : r.elements) {
        if (e.status == Status::failed) {
            wrong.push_back(&e);
        } else if (e.status == Status::passed) {
            right.push_back(&e);
        }
    }
    if (wrong.empty()) {
        return "";
    }
    using std::isfinite;
    // A constant ratio wherever the true derivative is not 0: a flipped sign or a factor.
    {
        std::optional<T> ratio;
        bool constant = true;
        for (const auto* e : wrong) {
            if (e->numeric == 0 || e->analytic == 0 || !isfinite(e->analytic)) {
                constant = false;
                break;
            }
            const T q = e->analytic / e->numeric;
            if (!ratio) {
                ratio = q;
            } else if (abs_of(T(q - *ratio)) > T(r.rtol) * T(1000) * abs_of(*ratio)) {
                constant = false;
                break;
            }
        }
        // Points that passed must be where the truth is 0 (then yours is c * 0 too).
        for (const auto* e : right) {
            constant = constant && e->analytic == 0;
        }
        // A factor of 1 + 1e-16 is a rounded constant, said below, not a "factor".
        if (constant && ratio && isfinite(*ratio) && abs_of(T(*ratio - T(1))) > literal<T>("1e-12")) {
            if (abs_of(T(*ratio + T(1))) < T(r.rtol) * T(1000)) {
                return "the sign is flipped (yours = -1 x the true derivative everywhere)";
            }
            return "off by a constant factor: yours = " + to_short_string(*ratio, 10) +
                   " x the true derivative everywhere (a dropped or extra factor?)";
        }
    }
    // Close everywhere, but not close enough: say how close, and what 16 digits suggest.
    double most = 0;
    for (const auto* e : wrong) {
        most = std::max(most, e->digits());
    }
    if (most >= 6) {
        std::ostringstream text;
        text << "right to about " << std::fixed << std::setprecision(0) << most << " digits only";
        if (most >= 14 && most <= 18) {
            text << ": a rounded constant? (a number typed with 16 digits, such as "
                    "0.7978845608028654 for sqrt(2/pi), or a double literal in C++)";
        } else {
            text << " (a constant typed with too few digits, or an approximation?)";
        }
        return text.str();
    }
    // Right on one side of 0 only.
    auto all = [](const auto& v, auto pred) { return std::all_of(v.begin(), v.end(), pred); };
    if (!right.empty() && all(wrong, [](auto e) { return e->x <= 0; }) &&
        all(right, [](auto e) { return e->x >= 0; })) {
        return "right for " + x + " > 0, wrong for " + x + " < 0 (a case or a sign forgotten?)";
    }
    if (!right.empty() && all(wrong, [](auto e) { return e->x >= 0; }) &&
        all(right, [](auto e) { return e->x <= 0; })) {
        return "right for " + x + " < 0, wrong for " + x + " > 0 (a case or a sign forgotten?)";
    }
    return "";
}

}  // namespace detail

/// Re-judges one point against a second, independent true value `exact` (forward-mode
/// automatic differentiation, say), given the noise of df's own evaluation at the point.
///
/// The point is judged only when the two true values, central differences c with noise ν and
/// `exact` e, agree: \f$ |e - c| \le \mathrm{rtol}\max(|e|, |c|) + \kappa\nu \f$. Then the
/// answer a passes when \f$ |a - e| \le \mathrm{rtol}\max(|a|, |e|) \f$, fails when it is
/// further than that plus κ(ν + noise of a), and is not judged in between: there the
/// difference may be rounding in a, or the uncertainty of e.
/// At a kink, e must be one of the one-sided slopes (automatic differentiation takes the
/// branch x lies on).
/// \return false when the two true values disagree (the caller may retry with another step)
template <Real T>
bool certify(Element<T>& e, const T& exact, const T& yours_noise, const CheckOptions& options) {
    using std::sqrt;
    const T rtol = T(options.rtol);
    const T kappa = T(options.kappa);
    auto not_judged = [&e](const std::string& why) {
        e.status = Status::unresolvable;
        e.note = why;
    };
    if (e.status == Status::kink) {
        const T tol = sqrt(rtol) * std::max(detail::abs_of(e.left), detail::abs_of(e.right)) + kappa * e.noise;
        if (detail::abs_of(T(exact - e.left)) > tol && detail::abs_of(T(exact - e.right)) > tol) {
            not_judged("a kink, and the true values disagree: one-sided slopes " +
                       to_short_string(e.left) + " and " + to_short_string(e.right) +
                       ", automatic differentiation " + to_short_string(exact));
            return false;
        }
        return true;
    }
    if (!(detail::abs_of(T(exact - e.numeric)) <=
          rtol * std::max(detail::abs_of(exact), detail::abs_of(e.numeric)) + kappa * e.noise)) {
        not_judged("the two true values disagree: central differences " + to_short_string(e.numeric, 8) +
                   ", automatic differentiation " + to_short_string(exact, 8) +
                   " (f is too ill-conditioned here for this precision)");
        return false;
    }
    const T m = std::max(detail::abs_of(e.analytic), detail::abs_of(exact));
    e.numeric = exact;
    e.abs_error = detail::abs_of(T(e.analytic - exact));
    e.rel_error = m > 0 ? T(e.abs_error / m) : T(0);
    e.allowed = rtol * m + kappa * (e.noise + yours_noise);
    e.note.clear();
    if (e.abs_error <= rtol * m) {
        e.status = Status::passed;
    } else if (e.abs_error <= e.allowed) {
        not_judged(yours_noise > e.noise
                       ? "below the noise floor of your formula: rounding alone moves its value by about " +
                             to_short_string(yours_noise, 2) +
                             " here (it loses digits to cancellation; try --digits 100)"
                       : "below the noise floor of central differences (" + to_short_string(e.noise, 2) + ")");
    } else {
        e.status = Status::failed;
    }
    return true;
}

/// Checks df against f′ at a grid of points and at random points in [lo, hi]. Points where f
/// (or the numerical derivative's neighbours) are undefined, such as log of a negative
/// number, are skipped and listed; points where a value overflows or underflows are listed
/// as not judged. `second_opinion(x, element)` may re-judge each point (certify() with an
/// independent true value); pass a no-op to accept central differences alone.
/// \throws check_error when f is undefined at every point, or every value is exactly 0
template <Real T, class F, class DF, class SecondOpinion>
DerivativeVerdict<T> check_derivative(F&& f, DF&& df, const DerivativeCheckOptions<T>& options,
                                      SecondOpinion&& second_opinion) {
    if (!(options.lo < options.hi) || options.grid_points + options.random_points == 0) {
        throw check_error("check_derivative: the range needs lo < hi and at least one point");
    }
    std::vector<T> points;
    const std::size_t g = options.grid_points;
    for (std::size_t k = 0; k < g; ++k) {
        points.push_back(g == 1 ? (options.lo + options.hi) / T(2)
                                : options.lo + (options.hi - options.lo) * T(k) / T(g - 1));
    }
    Rng rng(options.seed);
    for (std::size_t k = 0; k < options.random_points; ++k) {
        points.push_back(rng.uniform(options.lo, options.hi));
    }

    DerivativeVerdict<T> v;
    v.variable = options.variable;
    CheckOptions per_point = detail::resolve<T>(options.check);
    per_point.zero_expected = true;  // judged for the whole range below
    v.report.kind = CheckKind::derivative;
    v.report.method = options.check.method;
    v.report.rtol = per_point.rtol;
    const std::string& x = options.variable;
    for (std::size_t k = 0; k < points.size(); ++k) {
        const std::string at = x + " = " + to_short_string(points[k]) + ": ";
        if (std::chrono::steady_clock::now() > options.deadline) {
            v.not_judged.push_back(cat(points.size() - k, " point(s) from ", at,
                                       "not checked: the time limit ran out"));
            break;
        }
        try {
            Report<T> r = check_derivative(f, df, points[k], per_point);
            Element<T> e = r.elements[0];
            e.col = k;
            second_opinion(points[k], e);
            v.report.elements.push_back(e);
        } catch (const range_error& e) {
            v.not_judged.push_back(at + e.what());
        } catch (const time_limit_error&) {
            v.not_judged.push_back(cat(points.size() - k, " point(s) from ", at,
                                       "not checked: the time limit ran out"));
            break;
        } catch (const numeric_error& e) {
            v.undefined.push_back(at + e.what());
        }
    }
    v.report.inputs_total = v.report.inputs_checked = v.report.elements.size();
    if (v.report.elements.empty() && v.not_judged.empty()) {
        throw check_error("f is undefined at every point checked in [" + to_short_string(options.lo) +
                          ", " + to_short_string(options.hi) + "]; choose another range");
    }
    if (!v.report.elements.empty()) {
        detail::require_not_vacuous(v.report, options.check, "check_derivative");
    }
    const std::size_t judged = v.report.count(Status::passed) + v.report.count(Status::kink) +
                               v.report.count(Status::failed);
    if (!v.report.passed()) {
        v.verdict = Verdict::wrong;
        v.diagnosis = detail::diagnose(v.report, options.variable);
    } else if (judged == 0) {
        v.verdict = Verdict::inconclusive;
    } else {
        v.verdict = v.report.count(Status::kink) > 0 ? Verdict::correct_except_kinks : Verdict::correct;
    }
    return v;
}

/// The same, judged by central differences alone (no second opinion).
template <Real T, class F, class DF>
DerivativeVerdict<T> check_derivative(F&& f, DF&& df, const DerivativeCheckOptions<T>& options) {
    return check_derivative(std::forward<F>(f), std::forward<DF>(df), options,
                            [](const T&, Element<T>&) {});
}

}  // namespace nnref
