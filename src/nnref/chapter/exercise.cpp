/// \file
/// \brief The exercise harness's code, declared in exercise.hpp: running an exercise,
///        comparing an answer with the expected values, turning a checker's report into a
///        result, and formatting the line that `nnref exercises` prints.
#include "nnref/chapter/exercise.hpp"

#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace nnref::exercise {

double tolerance() {
    using std::sqrt;
    return to_double(sqrt(epsilon<hp50>()));
}

Result run(const Exercise& ex) {
    try {
        return ex.check();
    } catch (const not_implemented&) {
        return {Outcome::not_implemented, 0, ""};
    } catch (const wrong_answer& e) {
        return {Outcome::wrong, 0, e.what()};
    } catch (const std::exception& e) {
        // Every call of the student's code goes through call(), so this is the checker's.
        return {Outcome::not_judged, 0, cat("the checker failed: ", e.what())};
    }
}

std::string text(const std::vector<hp50>& v) {
    return cat("(", join(v, ", "), ")");
}

std::string format(const Exercise& ex, const Result& r) {
    std::ostringstream out;
    out << std::left << std::setw(6) << ex.id << std::setw(52) << ex.title;
    switch (r.outcome) {
        case Outcome::passed:
            out << "passed (" << std::fixed << std::setprecision(1) << r.digits
                << " digits agreed)";
            return out.str();
        case Outcome::not_implemented:
            out << "not implemented yet";
            return out.str();
        case Outcome::wrong:
            out << "WRONG";
            break;
        case Outcome::crashed:
            out << "CRASHED";
            break;
        case Outcome::timed_out:
            out << "TIMED OUT";
            break;
        case Outcome::not_judged:
            // The checker's failure, not the student's: the hint would not help.
            out << "NOT JUDGED\n      " << r.detail;
            return out.str();
    }
    out << "\n      " << r.detail;
    if (!ex.hint.empty()) {
        out << "\n      hint: " << ex.hint;
    }
    return out.str();
}

std::string wrong_size(const std::string& where, std::size_t yours, std::size_t expected) {
    return cat("at ", where, ": your answer has ", yours, yours == 1 ? " entry" : " entries",
               ", expected ", expected);
}

namespace {

double digits_of(const hp50& rel) {
    if (rel == 0) {
        return decimal_digits<hp50>();
    }
    return std::min<double>(decimal_digits<hp50>(), -std::log10(to_double(rel)));
}

/// What the ratio of your value to the expected one suggests, for the message.
std::string diagnose(const hp50& yours, const hp50& expected, double digits) {
    if (expected == 0) {
        return "";
    }
    const hp50 ratio = yours / expected;
    std::string text = cat(" (ratio ", ratio, ", ", std::round(digits * 10) / 10, " digits agree)");
    if (abs(ratio + 1) < hp50("1e-20")) {
        text += "; the sign is flipped";
    } else if (digits > 12) {
        text +=
            "; right to about 16 digits only: look for a double literal such as 0.1, "
            "and write real(1) / real(10) or real(\"0.1\") instead";
    }
    return text;
}

/// Where a report's element is, in the exercise's names: "z=0.5" for a derivative's point,
/// "dz[2]" for a gradient's or VJP's entry, "J[1,2]" for a Jacobian's.
std::string position(const Report<hp50>& report, const Element<hp50>& e,
                     const std::string& variable) {
    if (report.kind == CheckKind::derivative) {
        return cat(variable, "=", e.x);
    }
    return cat(variable, report.where(e));  // the report's own "[2]" or "[1,2]"
}

}  // namespace

Result compare(const std::vector<Comparison>& cases) {
    const hp50 rtol = hp50(tolerance());
    for (const auto& c : cases) {
        if (c.yours.size() != c.expected.size()) {
            return {Outcome::wrong, 0, wrong_size(c.where, c.yours.size(), c.expected.size())};
        }
    }
    // The worst entry over all cases decides; report it with both values and their ratio,
    // which exposes a missing factor or a flipped sign at a glance.
    const Comparison* worst_case = nullptr;
    std::size_t worst_k = 0;
    hp50 worst_rel = -1;
    for (const auto& c : cases) {
        for (std::size_t k = 0; k < c.yours.size(); ++k) {
            const hp50 m = std::max(abs(c.yours[k]), abs(c.expected[k]));
            hp50 rel = m == 0 ? hp50(0) : abs(c.yours[k] - c.expected[k]) / m;
            using boost::multiprecision::isnan;
            if (isnan(rel) && c.yours[k] == c.expected[k]) {
                rel = 0;  // the same infinity: inf − inf is NaN, but the answer is right
            } else if (isnan(rel)) {
                rel = 1;  // an infinity against a finite value (inf / inf), or a NaN: wrong
            }
            if (isnan(c.yours[k]) || rel > worst_rel) {
                worst_rel = isnan(c.yours[k]) ? hp50(1) : rel;
                worst_case = &c;
                worst_k = k;
            }
        }
    }
    if (worst_case == nullptr) {
        throw check_error("exercise check has no values to compare");
    }
    const double worst_digits = digits_of(worst_rel);
    if (worst_rel <= rtol) {
        return {Outcome::passed, worst_digits, ""};
    }
    const hp50& y = worst_case->yours[worst_k];
    const hp50& e = worst_case->expected[worst_k];
    std::string detail = "at " + worst_case->where;
    if (worst_case->yours.size() > 1) {
        detail += cat(", entry [", worst_k, "]");
    }
    detail += cat(": yours ", to_string(y, 12), ", expected ", to_string(e, 12),
                  diagnose(y, e, worst_digits));
    return {Outcome::wrong, worst_digits, detail};
}

Result from_report(const Report<hp50>& report, const std::string& variable,
                   const std::string& fixed) {
    const auto* w = report.worst();
    if (w == nullptr) {
        // Report::passed() is true here, as nothing failed; but nothing was measured either.
        const std::size_t unresolvable = report.count(Status::unresolvable);
        const std::string what =
            unresolvable == report.elements.size()
                ? std::string("every point was below round-off noise")
                : cat("of ", report.elements.size(), " points, ", report.count(Status::kink),
                      " were kinks and ", unresolvable,
                      " below round-off noise, so none was measured");
        return {Outcome::not_judged, 0,
                cat("could not be judged", fixed.empty() ? "" : " at ", fixed, ": ", what,
                    " (the checker's setup is at fault, not your answer)")};
    }
    if (report.passed()) {
        return {Outcome::passed, w->digits(), ""};
    }
    const std::string at = position(report, *w, variable);
    // A derivative's point comes first ("at y_hat=0.6, y=1"); a gradient's entry after the
    // inputs it belongs to ("at z=(1, 2), c=0, dz[1]").
    std::string detail = report.kind == CheckKind::derivative
                             ? cat("at ", at, fixed.empty() ? "" : ", ", fixed)
                             : cat("at ", fixed, fixed.empty() ? "" : ", ", at);
    detail += cat(": yours ", to_string(w->analytic, 12), ", numerical ", to_string(w->numeric, 12),
                  diagnose(w->analytic, w->numeric, w->digits()));
    if (!w->note.empty()) {
        detail += "; " + w->note;
    }
    return {Outcome::wrong, w->digits(), detail};
}

}  // namespace nnref::exercise
