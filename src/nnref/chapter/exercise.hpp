/// \file
/// \brief The exercise harness shared by every chapter: run a student's answer, judge it
///        against the reference and the numerical checker, and print one line per exercise.
///
/// A chapter's `exercises.cpp` holds stubs that throw `not_implemented`; `solutions.cpp`
/// holds the reference answers; CMake links one of them (option NNREF_EXERCISES).
#pragma once

#include "nnref/core/number.hpp"
#include "nnref/gradcheck/report.hpp"

#include <functional>
#include <string>
#include <vector>

namespace nnref::exercise {

/// The verdict on one exercise.
enum class Outcome { passed, not_implemented, wrong };

/// What `nnref exercises N` prints for one exercise.
struct Result {
    Outcome outcome = Outcome::wrong;
    double digits = 0;   ///< digits agreed with the expected answer (when passed)
    std::string detail;  ///< where and how it is wrong: the point, yours vs expected
    std::string hint;    ///< what to look at when it is wrong
};

/// One exercise: an id such as "1.2", a title, and the check that judges the linked answer.
struct Exercise {
    std::string id;
    std::string title;
    std::string hint;
    std::function<Result()> check;
};

/// Runs one exercise's check. A stub's `not_implemented` becomes "not implemented yet";
/// any other nnref error or exception becomes "wrong", with its message as the detail.
Result run(const Exercise& ex);

/// One line, e.g. "1.2  derive da/dw ... passed (33.1 digits)".
std::string format(const Exercise& ex, const Result& r);

/// Relative tolerance for exercises: sqrt(eps) of hp50, the project's pass rule.
double tolerance();

/// A student's value next to the expected one, at a named point.
struct Comparison {
    std::string where;           ///< the inputs, e.g. "w=(0.5, -1), x=(1, 2), b=0.25"
    std::vector<hp50> yours;     ///< the student's answer
    std::vector<hp50> expected;  ///< the reference answer
};

/// Combines the results of an exercise's cases: the first case that did not pass, or else
/// a pass with the fewest digits agreed.
struct Worst {
    Result result{Outcome::passed, static_cast<double>(decimal_digits<hp50>()), "", ""};
    /// Takes one case's result; true while every case so far passed (stop at false).
    bool add(const Result& r) {
        if (r.outcome != Outcome::passed) {
            result = r;
            return false;
        }
        result.digits = r.digits < result.digits ? r.digits : result.digits;
        return true;
    }
};

/// A vector as the reports show it, e.g. "(3, 4, 12)", each entry with to_short_string.
std::string text(const std::vector<hp50>& v);

/// Compares answers entry by entry: passed with the digits agreed when every entry agrees to
/// tolerance(), else wrong at the worst entry, showing yours, expected and their ratio.
Result compare(const std::vector<Comparison>& cases, const std::string& hint);

/// Turns a gradient-check report of the student's derivative into a result. `where` names
/// the inputs held fixed (empty when the report's own element position says it all).
Result from_report(const Report<hp50>& report, const std::string& where, const std::string& hint);

}  // namespace nnref::exercise
