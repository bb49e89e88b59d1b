/// \file
/// \brief `nnref exercises` across chapters: each exercise runs in a process of its own, so a
///        segfault, an abort, an exit() or an endless loop is reported as such and the other
///        exercises still pass; and every exercise of every chapter has a hint.
///
/// The exercises are listed at the end of each chapter, from \ref ch01_exercises on; the
/// \ref index "contents" lists the chapters.
#include "cli/chapters.hpp"
#include "cli/isolate.hpp"
#include "nnref/chapter/exercise.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

using namespace nnref;
using exercise::Outcome;
using exercise::Result;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(exercises_isolation)

BOOST_AUTO_TEST_CASE(a_crash_an_abort_an_exit_and_an_endless_loop_end_their_exercise_only) {
    const std::vector<exercise::Exercise> list = {
        {"0.1", "passes", "",
         [] {
             return Result{Outcome::passed, 31.25, ""};
         }},
        {"0.2", "segfaults", "",
         []() -> Result {
             std::raise(SIGSEGV);  // what a write into an empty vector ends in
             return {};
         }},
        {"0.3", "aborts", "", []() -> Result { std::abort(); }},
        {"0.4", "exits", "", []() -> Result { std::exit(3); }},
        {"0.5", "never ends", "",
         []() -> Result {
             volatile unsigned long spins = 0;  // volatile: a loop the compiler must keep
             for (;;) {
                 spins = spins + 1;
             }
         }},
        {"0.6", "passes after all that", "",
         [] {
             return Result{Outcome::passed, 50, ""};
         }},
    };
    std::vector<Result> results;
    for (const auto& ex : list) {
        // Long enough for a fork on a busy machine; the endless loop gets a short one.
        results.push_back(cli::run_isolated(ex, ex.id == "0.5" ? 300ms : 20000ms));
    }
    BOOST_TEST((results[0].outcome == Outcome::passed));
    BOOST_TEST(results[0].digits == 31.25);
    BOOST_TEST((results[1].outcome == Outcome::crashed));
    BOOST_TEST(
        results[1].detail.rfind("exercise 0.2 crashed (signal 11: segmentation fault): ", 0) == 0,
        results[1].detail);
    BOOST_TEST((results[2].outcome == Outcome::crashed));
    BOOST_TEST(results[2].detail.rfind("exercise 0.3 crashed (signal 6: aborted)", 0) == 0,
               results[2].detail);
    BOOST_TEST((results[3].outcome == Outcome::crashed));
    BOOST_TEST(results[3].detail.find("ended the program (exit status 3)") != std::string::npos,
               results[3].detail);
    BOOST_TEST((results[4].outcome == Outcome::timed_out));
    BOOST_TEST(results[4].detail.rfind("exercise 0.5 timed out after 0.3 s", 0) == 0,
               results[4].detail);
    BOOST_TEST((results[5].outcome == Outcome::passed));
    BOOST_TEST(results[5].digits == 50);
}

BOOST_AUTO_TEST_CASE(the_childs_verdict_comes_back_whole) {
    // A wrong answer found in the child, through exercise::run, with a detail of several
    // lines and non-ASCII text: the pipe carries it byte for byte.
    const std::string detail = "your code threw at z=(0.5, -1):\nσ′ is not\tdefined here";
    const exercise::Exercise ex{"0.7", "throws", "",
                                [&detail]() -> Result { throw exercise::wrong_answer(detail); }};
    const Result r = cli::run_isolated(ex, 20000ms);
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail == detail);
    // A stub: not implemented, in the child as in the process.
    const exercise::Exercise stub{"0.8", "a stub", "",
                                  []() -> Result { throw not_implemented("0.8"); }};
    BOOST_TEST((cli::run_isolated(stub, 20000ms).outcome == Outcome::not_implemented));
}

BOOST_AUTO_TEST_CASE(a_crash_is_formatted_with_the_exercises_hint) {
    const exercise::Exercise ex{"0.9", "segfaults", "size the vector before writing into it",
                                []() -> Result {
                                    std::raise(SIGSEGV);
                                    return {};
                                }};
    const std::string text = exercise::format(ex, cli::run_isolated(ex, 20000ms));
    BOOST_TEST(text.find("CRASHED\n      exercise 0.9 crashed (signal 11") != std::string::npos,
               text);
    BOOST_TEST(
        text.find("\n      hint: size the vector before writing into it") != std::string::npos,
        text);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exercises_hints)

BOOST_AUTO_TEST_CASE(every_exercise_has_a_hint) {
    std::size_t exercises = 0;
    for (const auto& c : cli::chapters()) {
        for (const auto& ex : c.exercises()) {
            BOOST_TEST(!ex.hint.empty(),
                       "exercise " << ex.id << " (" << ex.title << ") has no hint");
            BOOST_TEST(ex.id.rfind(std::to_string(c.number) + ".", 0) == 0, ex.id);
            ++exercises;
        }
    }
    BOOST_TEST(exercises > 0);
}

BOOST_AUTO_TEST_SUITE_END()
