/// \file
/// \brief A verdict on a hand-derived derivative over a whole range: correct, correct except
///        at kinks, or wrong, with the first and worst wrong points and a diagnosis (a flipped
///        sign, a constant factor, right only for x > 0). `nnref check` is built on it.
///
/// \code
/// auto f  = [](const hp50& x) { return log(hp50(1) + exp(x)); };
/// auto df = [](const hp50& x) { return hp50(1) / (hp50(1) + exp(-x)); };
/// nnref::DerivativeCheckOptions<hp50> options;   // [-4, 4]: 17 grid and 16 random points
/// auto v = nnref::check_derivative(f, df, options);
/// std::cout << v.text();                          // CORRECT: ... digits agreed ...
/// \endcode
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"
#include "nnref/gradcheck/check.hpp"

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace nnref {

/// Where to check a derivative, and how.
template <Real T>
struct DerivativeCheckOptions {
    T lo = T(-4);                     ///< the range's lower end
    T hi = T(4);                      ///< the range's upper end
    std::size_t grid_points = 17;     ///< evenly spaced points, both ends included
    std::size_t random_points = 16;   ///< uniform random points in [lo, hi)
    std::uint64_t seed = 1;           ///< seeds the random points
    CheckOptions check;               ///< the engine's options (method, tolerance)
    std::string variable = "x";       ///< the variable's name, for the messages
};

/// The three verdicts.
enum class Verdict { correct, correct_except_kinks, wrong };

/// The verdict on a derivative over a range, with everything needed to explain it.
template <Real T>
struct DerivativeVerdict {
    Verdict verdict = Verdict::wrong;
    Report<T> report;                 ///< one element per point where f is defined
    std::vector<std::string> undefined;  ///< points skipped because f is undefined there
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
                out << "CORRECT: agrees at all " << n << " points to at least " << std::fixed
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
        if (report.count(Status::unresolvable) > 0) {
            out << "\n  " << report.count(Status::unresolvable)
                << " point(s) too small to certify against round-off (not counted as wrong)";
        }
        for (const auto& u : undefined) {
            out << "\n  skipped " << u;
        }
        return out.str();
    }
};

namespace detail {

/// Names a pattern in the wrong points, if there is one.
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
    // A constant ratio wherever the true derivative is not 0: a flipped sign or a factor.
    {
        std::optional<T> ratio;
        bool constant = true;
        for (const auto* e : wrong) {
            if (e->numeric == 0) {
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
        if (constant && ratio) {
            if (abs_of(T(*ratio + T(1))) < T(r.rtol) * T(1000)) {
                return "the sign is flipped (yours = -1 x the true derivative everywhere)";
            }
            return "off by a constant factor: yours = " + to_short_string(*ratio, 10) +
                   " x the true derivative everywhere (a dropped or extra factor?)";
        }
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

/// Checks df against f′ at a grid of points and at random points in [lo, hi]. Points where f
/// (or the numerical derivative's neighbours) are undefined, such as log of a negative
/// number, are skipped and listed, not fatal.
/// \throws check_error when f is undefined at every point, or every value is exactly 0
template <Real T, class F, class DF>
DerivativeVerdict<T> check_derivative(F&& f, DF&& df, const DerivativeCheckOptions<T>& options) {
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
    CheckOptions per_point = options.check;
    per_point.zero_expected = true;  // judged for the whole range below
    v.report.kind = CheckKind::derivative;
    v.report.method = options.check.method;
    for (std::size_t k = 0; k < points.size(); ++k) {
        try {
            Report<T> r = check_derivative(f, df, points[k], per_point);
            v.report.rtol = r.rtol;
            r.elements[0].col = k;
            v.report.elements.push_back(r.elements[0]);
        } catch (const numeric_error& e) {
            v.undefined.push_back("x = " + to_short_string(points[k]) + ": " + e.what());
        }
    }
    v.report.inputs_total = v.report.inputs_checked = v.report.elements.size();
    if (v.report.elements.empty()) {
        throw check_error("f is undefined at every point checked in [" + to_short_string(options.lo) +
                          ", " + to_short_string(options.hi) + "]; choose another range");
    }
    detail::require_not_vacuous(v.report, options.check, "check_derivative");
    if (!v.report.passed()) {
        v.verdict = Verdict::wrong;
        v.diagnosis = detail::diagnose(v.report, options.variable);
    } else {
        v.verdict = v.report.count(Status::kink) > 0 ? Verdict::correct_except_kinks : Verdict::correct;
    }
    return v;
}

}  // namespace nnref
