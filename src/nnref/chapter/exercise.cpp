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
        Result r = ex.check();
        if (r.hint.empty() && r.outcome == Outcome::wrong) {
            r.hint = ex.hint;
        }
        return r;
    } catch (const not_implemented&) {
        return {Outcome::not_implemented, 0, "", ""};
    } catch (const std::exception& e) {
        return {Outcome::wrong, 0, std::string("your code threw: ") + e.what(), ex.hint};
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
            break;
        case Outcome::not_implemented:
            out << "not implemented yet";
            break;
        case Outcome::wrong:
            out << "WRONG\n      " << r.detail;
            if (!r.hint.empty()) {
                out << "\n      hint: " << r.hint;
            }
            break;
    }
    return out.str();
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
    std::string text = " (ratio " + to_short_string(ratio) + ", " +
                       to_short_string(std::round(digits * 10) / 10) + " digits agree)";
    if (abs(ratio + 1) < hp50("1e-20")) {
        text += "; the sign is flipped";
    } else if (digits > 12) {
        text += "; right to about 16 digits only: look for a double literal such as 0.1, "
                "and write real(1) / real(10) or real(\"0.1\") instead";
    }
    return text;
}

}  // namespace

Result compare(const std::vector<Comparison>& cases, const std::string& hint) {
    const hp50 rtol = hp50(tolerance());
    double worst_digits = decimal_digits<hp50>();
    for (const auto& c : cases) {
        if (c.yours.size() != c.expected.size()) {
            return {Outcome::wrong, 0,
                    "at " + c.where + ": your answer has " + std::to_string(c.yours.size()) +
                        " entries, expected " + std::to_string(c.expected.size()),
                    hint};
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
    worst_digits = digits_of(worst_rel);
    if (worst_rel <= rtol) {
        return {Outcome::passed, worst_digits, "", ""};
    }
    const hp50& y = worst_case->yours[worst_k];
    const hp50& e = worst_case->expected[worst_k];
    std::string detail = "at " + worst_case->where;
    if (worst_case->yours.size() > 1) {
        detail += ", entry [" + std::to_string(worst_k) + "]";
    }
    detail += ": yours " + to_string(y, 12) + ", expected " + to_string(e, 12) +
              diagnose(y, e, worst_digits);
    return {Outcome::wrong, worst_digits, detail, hint};
}

Result from_report(const Report<hp50>& report, const std::string& where, const std::string& hint) {
    if (report.passed()) {
        const double d = report.digits_agreed();
        return {Outcome::passed, d == d ? d : 0.0, "", ""};
    }
    const auto* w = report.worst();
    std::string detail = "at " + where;
    if (w != nullptr) {
        detail += cat(where.empty() ? "" : ", ", report.where(*w), ": yours ",
                      to_string(w->analytic, 12), ", numerical ", to_string(w->numeric, 12),
                      diagnose(w->analytic, w->numeric, w->digits()));
        if (!w->note.empty()) {
            detail += "; " + w->note;
        }
    }
    return {Outcome::wrong, w ? w->digits() : 0.0, detail, hint};
}

}  // namespace nnref::exercise
