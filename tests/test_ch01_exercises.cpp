/// \file
/// \brief The exercise harness and chapter 1's checks: right answers pass with their digits,
///        wrong ones are rejected with the input, both values and the exercise's hint, stubs
///        are "to do", an answer that throws or has the wrong size is the student's mistake,
///        and the checker's own failure is "not judged".
///
/// The exercises are on the page \ref ch01_neuron, in \ref ch01_exercises.
#include "01-neuron/exercises.hpp"
#include "01-neuron/neuron.hpp"
#include "cli/chapters.hpp"
#include "nnref/core/error.hpp"

#include <boost/test/unit_test.hpp>

using namespace nnref;
using nnref::ch01::real;
using exercise::Outcome;
using Vec = std::vector<real>;

BOOST_AUTO_TEST_SUITE(ch01_exercises)

BOOST_AUTO_TEST_CASE(right_answers_pass_with_30_digits) {
    // Answers written from the chapter's reference code, independent of solutions.cpp.
    const auto z = ch01::check_pre_activation(
        [](const Vec& w, const real& b, const Vec& x) { return dot(w, x) + b; });
    const auto ds = ch01::check_sigmoid_derivative([](const real& v) { return sigmoid_derivative(v); });
    const auto da = ch01::check_neuron_da_dw([](const Vec& w, const real& b, const Vec& x) {
        return neuron_backward(real(1), neuron_forward(w, b, x)).dw;
    });
    const auto step = ch01::check_perceptron_step(
        [](Vec& w, real& b, const Vec& x, int y, const real& lr) {
            Perceptron<real> p{w, b};
            perceptron_update(p, x, y, lr);
            w = p.w;
            b = p.b;
        });
    const auto bce = ch01::check_bce_dw([](const Vec& w, const real& b, const Vec& x, const real& y) {
        Vec g(w.size());
        const real a = sigmoid(dot(w, x) + b);
        for (std::size_t i = 0; i < w.size(); ++i) {
            g[i] = (a - y) * x[i];
        }
        return g;
    });
    for (const auto& r : {z, ds, da, step, bce}) {
        BOOST_TEST((r.outcome == Outcome::passed), r.detail);
        BOOST_TEST(r.digits >= 30, r.detail);
    }
}

BOOST_AUTO_TEST_CASE(a_forgotten_bias_is_wrong_at_a_named_point) {
    const auto r = ch01::check_pre_activation([](const Vec& w, const real&, const Vec& x) { return dot(w, x); });
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail.find("at w=(") != std::string::npos, r.detail);
    BOOST_TEST(r.detail.find("yours") != std::string::npos, r.detail);
    BOOST_TEST(r.detail.find("expected") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(da_dw_without_sigma_prime_is_wrong_at_a_named_entry) {
    const auto r = ch01::check_neuron_da_dw([](const Vec&, const real&, const Vec& x) { return x; });
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail.find("at w=(0.5, -1.25), b=0.25, x=(1, 2), da/dw[") != std::string::npos,
               r.detail);
    BOOST_TEST(r.detail.find("numerical") != std::string::npos, r.detail);
    BOOST_TEST(r.detail.find("ratio") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(a_wrong_answer_is_shown_with_its_exercise_hint) {
    const exercise::Exercise ex = cli::chapter(1).exercises().at(2);
    BOOST_TEST(ex.id == "1.3");
    const auto r =
        ch01::check_neuron_da_dw([](const Vec&, const real&, const Vec& x) { return x; });
    const std::string text = exercise::format(ex, r);
    BOOST_TEST(text.find("WRONG\n      at w=(") != std::string::npos, text);
    BOOST_TEST(text.find("\n      hint: " + ex.hint) != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_derivative_is_reported_at_its_own_variable) {
    // σ'(z) is a function of z: "at z=…", not the checker's generic "x=".
    const auto r = ch01::check_sigmoid_derivative([](const real& z) { return sigmoid(z); });
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail.rfind("at z=", 0) == 0, r.detail);
}

BOOST_AUTO_TEST_CASE(a_double_literal_in_an_answer_is_caught) {
    // σ'(z) written with 0.25 is exact, but an approximation such as 0.1-based constants
    // leaks: here σ(1 − σ) is scaled by (1 + 0.1 − 0.1) computed with a double 0.1.
    const auto r = ch01::check_sigmoid_derivative([](const real& v) {
        const real s = sigmoid(v);
        return s * (real(1) - s) * (real(1) + 0.1 - real("0.1"));
    });
    BOOST_TEST((r.outcome == Outcome::wrong), r.detail);
    BOOST_TEST(r.detail.find("double literal") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(a_flipped_sign_is_named) {
    const auto r = ch01::check_sigmoid_derivative([](const real& v) { return -sigmoid_derivative(v); });
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail.find("the sign is flipped") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(a_perceptron_that_always_updates_is_wrong) {
    const auto r = ch01::check_perceptron_step([](Vec& w, real& b, const Vec& x, int y, const real& lr) {
        for (std::size_t i = 0; i < w.size(); ++i) {
            w[i] += lr * real(y) * x[i];
        }
        b += lr * real(y);
    });
    BOOST_TEST((r.outcome == Outcome::wrong));
}

BOOST_AUTO_TEST_CASE(a_bce_gradient_that_keeps_sigma_prime_is_wrong) {
    const auto r = ch01::check_bce_dw([](const Vec& w, const real& b, const Vec& x, const real& y) {
        const real a = sigmoid(dot(w, x) + b);
        Vec g(w.size());
        for (std::size_t i = 0; i < w.size(); ++i) {
            g[i] = (a - y) * a * (real(1) - a) * x[i];
        }
        return g;
    });
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail.find("y=") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(stubs_are_reported_as_not_implemented) {
    const exercise::Exercise ex{"9.9", "a stub", "a hint", [] {
                                    return ch01::check_sigmoid_derivative([](const real&) -> real {
                                        throw not_implemented("exercise 9.9");
                                    });
                                }};
    const auto r = exercise::run(ex);
    BOOST_TEST((r.outcome == Outcome::not_implemented));
    BOOST_TEST(exercise::format(ex, r).find("not implemented yet") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_answer_that_throws_is_wrong_with_the_input_it_threw_on) {
    const exercise::Exercise ex{"9.8", "throws", "check your sizes", [] {
                                    return ch01::check_pre_activation(
                                        [](const Vec& w, const real&, const Vec& x) -> real {
                                            return dot(w, Vec(x.begin(), x.end() - 1));
                                        });
                                }};
    const auto r = exercise::run(ex);
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail.rfind("your code threw at w=(0.5, -1.25), b=0.25, x=(1, 2): ", 0) == 0,
               r.detail);
    BOOST_TEST(r.detail.find("dot") != std::string::npos, r.detail);
    BOOST_TEST(exercise::format(ex, r).find("hint: check your sizes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_answer_of_the_wrong_size_says_the_size_expected) {
    // The gradient goes on to the checker, which would stop with a shape_error of its own:
    // the size is checked first, and is the student's mistake.
    const exercise::Exercise ex{
        "9.7", "too short", "", [] {
            return ch01::check_neuron_da_dw(
                [](const Vec& w, const real&, const Vec&) { return Vec(w.size() - 1); });
        }};
    const auto r = exercise::run(ex);
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail ==
               "at w=(0.5, -1.25), b=0.25, x=(1, 2): your answer has 1 entry, expected 2");
}

BOOST_AUTO_TEST_CASE(the_checkers_own_failure_is_not_judged_and_not_blamed_on_the_student) {
    const exercise::Exercise ex{"9.6", "a broken checker", "a hint", []() -> exercise::Result {
                                    throw check_error("the reference disagrees with itself");
                                }};
    const auto r = exercise::run(ex);
    BOOST_TEST((r.outcome == Outcome::not_judged));
    BOOST_TEST(r.detail == "the checker failed: the reference disagrees with itself");
    const std::string text = exercise::format(ex, r);
    BOOST_TEST(text.find("NOT JUDGED") != std::string::npos, text);
    BOOST_TEST(text.find("your code") == std::string::npos, text);
    BOOST_TEST(text.find("hint") == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_report_with_nothing_measured_is_not_judged) {
    // Every element unresolvable: Report::passed() is true, since nothing failed, but no digit
    // was measured, so it is no pass.
    Report<real> report;
    report.kind = CheckKind::derivative;
    report.elements.resize(3);
    for (auto& e : report.elements) {
        e.status = Status::unresolvable;
    }
    const auto r = exercise::from_report(report, "z", "y=1");
    BOOST_TEST((r.outcome == Outcome::not_judged));
    BOOST_TEST(
        r.detail.find("could not be judged at y=1: every point was below round-off noise") == 0,
        r.detail);
    // One measured element is enough for a verdict.
    report.elements[1].status = Status::passed;
    report.elements[1].rel_error = real("1e-40");
    const auto passed = exercise::from_report(report, "z", "y=1");
    BOOST_TEST((passed.outcome == Outcome::passed));
    BOOST_TEST(passed.digits == 40, passed.digits);
}

BOOST_AUTO_TEST_SUITE_END()
