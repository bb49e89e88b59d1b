/// \file
/// \brief What a gradient check found: per-element verdicts, the worst element, a one-line
///        summary for test messages and a table for humans.
///
/// Chapter 3 explains it: \ref ch03_checking (how to read a report:
/// \ref ch03_using "section 7: using the checker").
#pragma once

#include "nnref/core/number.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace nnref {

/// How the numerical derivative is computed. Chapter 3 explains each one.
enum class Method {
    central,     ///< (f(x+h) − f(x−h)) / 2h, error O(h²), step h = cbrt(eps)·max(1,|x|)
    richardson,  ///< one Richardson step on central differences at h and h/2, error O(h⁴)
    complex_step ///< Im f(x + ih) / h: no subtraction, so no cancellation; f must be analytic
};

/// The method's name as printed in reports.
inline std::string method_name(Method m) {
    switch (m) {
        case Method::central:
            return "central";
        case Method::richardson:
            return "richardson";
        case Method::complex_step:
            return "complex-step";
    }
    return "?";
}

/// The verdict on one element (one entry of a derivative, gradient or Jacobian).
enum class Status {
    passed,       ///< analytic and numeric agree within the tolerance
    failed,       ///< they disagree by more than tolerance plus noise
    kink,         ///< f has a kink here and the analytic value is a valid subgradient
    unresolvable  ///< consistent, but smaller than the numerical noise can certify
};

/// The status's name as printed in reports.
inline std::string status_name(Status s) {
    switch (s) {
        case Status::passed:
            return "passed";
        case Status::failed:
            return "FAILED";
        case Status::kink:
            return "kink";
        case Status::unresolvable:
            return "unresolvable";
    }
    return "?";
}

/// Prints a status by name, as in reports.
inline std::ostream& operator<<(std::ostream& out, Status s) {
    return out << status_name(s);
}

/// One checked element: where it is, both values, the errors and the verdict.
template <Real T>
struct Element {
    std::size_t row = 0;  ///< output index i (0 for scalar functions)
    std::size_t col = 0;  ///< input index j (for a derivative: the point's index)
    T x = 0;              ///< the input coordinate that was perturbed
    T analytic = 0;       ///< the value under test
    T numeric = 0;        ///< the numerical estimate
    T abs_error = 0;      ///< |analytic − numeric|
    T rel_error = 0;      ///< |analytic − numeric| / max(|analytic|, |numeric|)
    T allowed = 0;        ///< atol + κ·noise + rtol·max(|analytic|, |numeric|)
    T noise = 0;          ///< round-off estimate of the numerical value
    T h = 0;              ///< the step used
    T left = 0;           ///< one-sided derivative from the left (finite-difference methods)
    T right = 0;          ///< one-sided derivative from the right
    Status status = Status::passed;
    std::string note;  ///< why, for kinks and failures

    /// Digits agreed, −log10(rel_error), capped at T's precision.
    double digits() const {
        const double rel = to_double(rel_error);
        if (!(rel == rel)) {
            return 0;  // NaN: nothing agrees
        }
        if (rel <= 0) {
            return decimal_digits<T>();
        }
        return std::min<double>(decimal_digits<T>(), std::max(0.0, -std::log10(rel)));
    }
};

/// How elements are named in reports.
enum class CheckKind { derivative, gradient, jacobian, vjp };

/// The outcome of one gradient check.
/// Chapter 3, \ref ch03_using "section 7: using the checker".
template <Real T>
struct Report {
    CheckKind kind = CheckKind::gradient;
    Method method = Method::central;
    double rtol = 0;                ///< the relative tolerance used
    std::size_t inputs_checked = 0;  ///< inputs perturbed (a random subset if so asked)
    std::size_t inputs_total = 0;    ///< inputs the function has
    std::vector<Element<T>> elements;  ///< every checked element, in order

    /// How many elements have status s.
    std::size_t count(Status s) const {
        return static_cast<std::size_t>(std::count_if(
            elements.begin(), elements.end(), [s](const Element<T>& e) { return e.status == s; }));
    }
    /// True when no element failed.
    bool passed() const { return count(Status::failed) == 0; }

    /// The element that agrees least: a failure if there is one, else the passed element
    /// with the fewest digits agreed. Null when nothing was judged (all kinks or unresolvable).
    const Element<T>* worst() const {
        const Element<T>* w = nullptr;
        auto rank = [](const Element<T>& e) { return e.status == Status::failed ? 0 : 1; };
        for (const auto& e : elements) {
            if (e.status != Status::passed && e.status != Status::failed) {
                continue;
            }
            if (w == nullptr || rank(e) < rank(*w) ||
                (rank(e) == rank(*w) && e.digits() < w->digits())) {
                w = &e;
            }
        }
        return w;
    }

    /// Digits agreed by the worst judged element; NaN when nothing was judged.
    double digits_agreed() const {
        const auto* w = worst();
        return w ? w->digits() : std::numeric_limits<double>::quiet_NaN();
    }

    /// Digits a pass requires: −log10(rtol).
    double digits_required() const { return -std::log10(rtol); }

    /// The element's position as text: "x=0.5", "[3]" or "[1,2]".
    std::string where(const Element<T>& e) const {
        switch (kind) {
            case CheckKind::derivative:
                return "x=" + to_short_string(e.x);
            case CheckKind::jacobian:
                return "[" + std::to_string(e.row) + "," + std::to_string(e.col) + "]";
            default:
                return "[" + std::to_string(e.col) + "]";
        }
    }

    /// One line for test messages and logs.
    std::string summary() const {
        std::ostringstream out;
        out << (passed() ? "PASSED " : "FAILED ") << kind_name() << " check (" << method_name(method)
            << ", " << number_name<T>() << "): " << elements.size() << " checked";
        if (inputs_checked < inputs_total) {
            out << " (a random " << inputs_checked << " of " << inputs_total << " inputs)";
        }
        out << ", " << count(Status::failed) << " failed, " << count(Status::kink) << " kink"
            << (count(Status::kink) == 1 ? "" : "s") << ", " << count(Status::unresolvable)
            << " unresolvable";
        if (const auto* w = worst()) {
            out << "; worst " << where(*w) << ": analytic " << to_string(w->analytic, 17)
                << ", numeric " << to_string(w->numeric, 17) << ", " << std::fixed
                << std::setprecision(1) << w->digits() << " digits agreed (needs "
                << digits_required() << ")";
        }
        return out.str();
    }

    /// A table for humans: the counts, then failures, kinks and the worst element.
    std::string table(std::size_t max_rows = 12) const {
        std::ostringstream out;
        out << summary() << "\n";
        out << "  " << std::left << std::setw(14) << "element" << std::setw(26) << "analytic"
            << std::setw(26) << "numeric" << std::setw(11) << "rel.error" << std::setw(8)
            << "digits"
            << "status\n";
        std::vector<const Element<T>*> rows;
        for (Status s : {Status::failed, Status::kink, Status::unresolvable}) {
            for (const auto& e : elements) {
                if (e.status == s && rows.size() < max_rows) {
                    rows.push_back(&e);
                }
            }
        }
        const auto* w = worst();
        if (w && std::find(rows.begin(), rows.end(), w) == rows.end()) {
            rows.push_back(w);
        }
        for (const auto* e : rows) {
            out << "  " << std::left << std::setw(14) << where(*e) << std::setw(26)
                << to_string(e->analytic, 17) << std::setw(26) << to_string(e->numeric, 17)
                << std::setw(11) << to_string(e->rel_error, 2) << std::setw(8) << std::fixed
                << std::setprecision(1) << e->digits() << status_name(e->status);
            if (!e->note.empty()) {
                out << "  (" << e->note << ")";
            }
            out << "\n";
        }
        return out.str();
    }

    /// "derivative", "gradient", "Jacobian" or "VJP".
    std::string kind_name() const {
        switch (kind) {
            case CheckKind::derivative:
                return "derivative";
            case CheckKind::gradient:
                return "gradient";
            case CheckKind::jacobian:
                return "Jacobian";
            case CheckKind::vjp:
                return "VJP";
        }
        return "?";
    }
};

}  // namespace nnref
