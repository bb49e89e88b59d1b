/// \file
/// \brief The exercise harness shared by every chapter: run a student's answer, judge it
///        against the reference and the numerical checker, and print one line per exercise.
///
/// A chapter's `exercises.cpp` holds stubs that throw `not_implemented`; `solutions.cpp`
/// holds the reference answers; CMake links one of them (option NNREF_EXERCISES).
///
/// A check tells the student's mistakes from its own failures: it calls the student's code
/// through call(), which tags an exception with the input it was thrown on, and requires the
/// answer's size with expect_entries(); both throw wrong_answer. Any other exception comes
/// from the checker itself, and run() reports the exercise as not judged.
///
/// It serves the exercises of every chapter, listed at the end of each chapter's page, from
/// \ref ch01_exercises on (the \ref index "contents" lists the chapters); the tests are
/// tests/test_exercises.cpp and each chapter's exercise suite.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/text.hpp"
#include "nnref/gradcheck/report.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace nnref::exercise {

/// The verdict on one exercise.
enum class Outcome {
    passed,           ///< every case agrees with the expected answer to tolerance()
    not_implemented,  ///< the stub still throws not_implemented
    wrong,            ///< a wrong value or size, or the student's code threw
    crashed,          ///< the student's code killed its process (a signal, or exit())
    timed_out,        ///< the student's code ran past the time limit
    not_judged        ///< the checker could not decide: its own failure, not the student's
};

/// What `nnref exercises N` prints for one exercise.
struct Result {
    Outcome outcome = Outcome::wrong;
    double digits = 0;   ///< digits agreed with the expected answer (when passed)
    std::string detail;  ///< where and how it is wrong: the input, yours vs expected
};

/// One exercise: an id such as "1.2", a title, a hint, and the check that judges the linked
/// answer.
struct Exercise {
    std::string id;
    std::string title;
    std::string hint;  ///< what to think about, shown with a wrong answer and by --hint
    std::function<Result()> check;
};

/// The student's answer is wrong in a way that stops its check: it threw, or it has the wrong
/// number of entries. The message says where and what; run() shows it as the detail.
class wrong_answer : public error {
  public:
    using error::error;
};

/// Runs one exercise's check in this process. A stub's `not_implemented` becomes "not
/// implemented yet", a wrong_answer becomes "wrong" with its message, and any other exception,
/// which can only come from the checker, "not judged".
Result run(const Exercise& ex);

/// One exercise's report: a line such as "1.3  derive da/dw ... passed (31.6 digits agreed)",
/// then, when it is wrong, crashed or timed out, the detail and the exercise's hint on lines
/// of their own (not judged: the detail only, as the checker is at fault).
std::string format(const Exercise& ex, const Result& r);

/// Relative tolerance for exercises: sqrt(eps) of hp50, the project's pass rule.
double tolerance();

/// Calls the student's function: f(args...). An exception it throws, other than
/// not_implemented, comes out as a wrong_answer naming the input, e.g. "your code threw at
/// z=0.5: vector::_M_range_check ...", so that it is not mistaken for the checker's own.
/// \param where the input, in the exercise's own names and values, e.g. "w=(0.5, -1), b=0.25"
/// \param f the student's function
/// \param args its arguments, passed on as they are (some answers update them in place)
/// \return what f returns
template <class F, class... Args>
decltype(auto) call(const std::string& where, F&& f, Args&&... args) {
    try {
        return std::forward<F>(f)(std::forward<Args>(args)...);
    } catch (const not_implemented&) {
        throw;  // a stub: "not implemented yet", not a mistake
    } catch (const std::exception& e) {
        throw wrong_answer(cat("your code threw at ", where, ": ", e.what()));
    } catch (...) {
        throw wrong_answer(
            cat("your code threw at ", where, " something that is not a std::exception"));
    }
}

/// "at `where`: your answer has 2 entries, expected 3".
std::string wrong_size(const std::string& where, std::size_t yours, std::size_t expected);

/// Requires the student's answer to have `expected` entries before it goes on to the
/// checker (which would otherwise stop with a shape_error of its own).
/// \return the answer, moved through
/// \throws wrong_answer naming `where` and both sizes
template <class V>
V expect_entries(const std::string& where, V yours, std::size_t expected) {
    if (yours.size() != expected) {
        throw wrong_answer(wrong_size(where, yours.size(), expected));
    }
    return yours;
}

/// A student's value next to the expected one, at a named input.
struct Comparison {
    std::string where;           ///< the inputs, e.g. "w=(0.5, -1), x=(1, 2), b=0.25"
    std::vector<hp50> yours;     ///< the student's answer
    std::vector<hp50> expected;  ///< the reference answer
};

/// Combines the results of an exercise's cases: the first case that did not pass, or else
/// a pass with the fewest digits agreed.
struct Worst {
    Result result{Outcome::passed, static_cast<double>(decimal_digits<hp50>()), ""};
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
/// tolerance(), else wrong at the worst entry, showing yours, expected and their ratio. An
/// answer of the wrong size is wrong at the first case that has it.
Result compare(const std::vector<Comparison>& cases);

/// Turns a gradient-check report of the student's derivative into a result. Wrong at the
/// worst failed element; not judged when no element could be measured (every one below the
/// round-off noise, or a kink), since a check that measured nothing has not passed.
/// \param report the check of the student's derivative, gradient or VJP
/// \param variable what the report's elements are, in the exercise's names: for a derivative,
///        the variable ("z" gives "at z=0.5"); for a gradient or VJP, the answer ("dz" gives
///        "dz[2]")
/// \param fixed the other inputs, held fixed, e.g. "y=1" (empty when there are none)
Result from_report(const Report<hp50>& report, const std::string& variable,
                   const std::string& fixed);

}  // namespace nnref::exercise
