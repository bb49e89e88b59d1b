/// \file
/// \brief Chapter 3's claims as tests: the orders of forward, central and Richardson
///        differences; the best step in f64; the complex step's 45+ digits; the lesson's
///        functions give the engine's very numbers; mistakes of 1e-16 are caught at 50 digits;
///        kinks, once-differentiable points and unresolvable points are reported as the page
///        says. Then the exercises: right answers pass, wrong ones are caught.
///
/// The page is \ref ch03_checking; the suite ch03_checking checks its claims, and
/// ch03_exercises its exercises (\ref ch03_exercises).
#include "02-activations/activations.hpp"
#include "03-checking/differences.hpp"
#include "nnref/gradcheck/check.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <type_traits>
#include <vector>

using namespace nnref;
using namespace nnref::ch03;

namespace {


/// Relative error of an estimate of f'(1), measured in hp100.
template <class T>
hp100 rel_error_at_1(const T& estimate) {
    const hp100 exact = smooth_derivative(hp100(1));
    return abs(hp100(estimate) - exact) / exact;
}

/// How much the error shrinks when h is halved, in hp100 where round-off is negligible:
/// 2^p for a method of order p.
template <class Method>
double halving_ratio(Method method, const hp100& h) {
    const hp100 x = hp100(1);
    return to_double(rel_error_at_1(method(smooth, x, h)) /
                     rel_error_at_1(method(smooth, x, h / 2)));
}

/// The mean relative error of a difference method in f64 over 41 points x in [0.5, 1.5].
template <class Method>
double mean_rel_error_in_f64(Method method, double h) {
    double sum = 0;
    for (int i = 0; i <= 40; ++i) {
        const double x = 0.5 + i / 40.0;
        const hp100 exact = smooth_derivative(hp100(x));
        sum += to_double(abs(hp100(method(smooth, x, h)) - exact) / abs(exact));
    }
    return sum / 41;
}

/// The step h = 10^(-k/4), k in [k_first, k_last], with the smallest mean error.
template <class Method>
double best_step_in_f64(Method method, int k_first, int k_last) {
    double best_h = 0, best_error = 2;
    for (int k = k_first; k <= k_last; ++k) {
        const double h = std::pow(10.0, -k / 4.0);
        const double e = mean_rel_error_in_f64(method, h);
        if (e < best_error) {
            best_error = e;
            best_h = h;
        }
    }
    return best_h;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ch03_checking)

BOOST_AUTO_TEST_CASE(forward_differences_are_first_order) {
    for (const char* h : {"1e-3", "1e-6", "1e-10"}) {
        const double ratio =
            halving_ratio([](const auto& f, const hp100& x,
                             const hp100& s) { return forward_difference(f, x, s); },
                          hp100(h));
        BOOST_TEST(std::abs(ratio - 2) < 0.01, "h = " << h << ": ratio " << ratio);
        const double back =
            halving_ratio([](const auto& f, const hp100& x,
                             const hp100& s) { return backward_difference(f, x, s); },
                          hp100(h));
        BOOST_TEST(std::abs(back - 2) < 0.01, "h = " << h << ": ratio " << back);
    }
}

BOOST_AUTO_TEST_CASE(central_differences_are_second_order) {
    // Halving h quarters the error while truncation dominates.
    for (const char* h : {"1e-2", "1e-5", "1e-10", "1e-20"}) {
        const double ratio =
            halving_ratio([](const auto& f, const hp100& x,
                             const hp100& s) { return central_difference(f, x, s); },
                          hp100(h));
        BOOST_TEST(std::abs(ratio - 4) < 0.01, "h = " << h << ": ratio " << ratio);
    }
}

BOOST_AUTO_TEST_CASE(richardson_is_fourth_order) {
    for (const char* h : {"1e-2", "1e-4", "1e-8"}) {
        const double ratio = halving_ratio(
            [](const auto& f, const hp100& x, const hp100& s) { return richardson(f, x, s); },
            hp100(h));
        BOOST_TEST(std::abs(ratio - 16) < 0.05, "h = " << h << ": ratio " << ratio);
    }
}

BOOST_AUTO_TEST_CASE(the_error_model_predicts_the_truncation_term) {
    // D(h) − f' = h² f'''/6 + O(h⁴): at h = 1e-10 the leading term is right to ~20 digits.
    const hp100 x = hp100(1);
    const hp100 h = hp100("1e-10");
    const hp100 f3 = 2 * exp(x) * (cos(x) - sin(x));
    const hp100 error = central_difference(smooth, x, h) - smooth_derivative(x);
    BOOST_TEST(to_double(abs(error / (h * h * f3 / 6) - 1)) < 1e-15);
}

BOOST_AUTO_TEST_CASE(the_best_central_step_in_f64_is_near_cbrt_eps) {
    // Near the V's bottom round-off is as good as random, so one point can be lucky: the
    // error is averaged over 41 points in [0.5, 1.5] first. On quarter-decade steps from
    // 1e-2 to 1e-10 the best lies within a factor 10 of cbrt(eps) = 6e-6, and there central
    // differences keep about 2/3 of double's digits.
    const double cbrt_eps = std::cbrt(epsilon<f64>());
    const double best_h = best_step_in_f64(
        [](const auto& f, double x, double h) { return central_difference(f, x, h); }, 8, 40);
    BOOST_TEST(best_h > cbrt_eps / 10);
    BOOST_TEST(best_h < cbrt_eps * 10);
    BOOST_TEST(mean_rel_error_in_f64(
                   [](const auto& f, double x, double h) { return central_difference(f, x, h); },
                   cbrt_eps) < 1e-9);
    // The error model's own minimiser lands there too.
    const double h_model = central_step_from_model(
        epsilon<f64>(), smooth(1.0), 2 * std::exp(1.0) * (std::cos(1.0) - std::sin(1.0)));
    BOOST_TEST(h_model > cbrt_eps / 10);
    BOOST_TEST(h_model < cbrt_eps * 10);
}

BOOST_AUTO_TEST_CASE(forward_differences_need_sqrt_eps_and_keep_half_the_digits) {
    const double sqrt_eps = std::sqrt(epsilon<f64>());
    auto forward = [](const auto& f, double x, double h) { return forward_difference(f, x, h); };
    const double best_h = best_step_in_f64(forward, 8, 60);
    BOOST_TEST(best_h > sqrt_eps / 10);
    BOOST_TEST(best_h < sqrt_eps * 10);
    const double best = mean_rel_error_in_f64(forward, best_h);
    BOOST_TEST(best > 1e-10, "mean error at the best step " << best);
    BOOST_TEST(best < 1e-7, "mean error at the best step " << best);
}

BOOST_AUTO_TEST_CASE(the_complex_step_keeps_45_digits_in_hp50) {
    for (const char* h : {"1e-30", "1e-100", "1e-200"}) {
        const hp50 d = complex_step(smooth, hp50(1), hp50(h));
        BOOST_TEST(to_double(rel_error_at_1(d)) < 1e-45, "h = " << h);
    }
    // Central differences at that step have nothing left: x ± h rounds to x.
    BOOST_TEST(to_double(rel_error_at_1(central_difference(smooth, hp50(1), hp50("1e-30")))) >
               1e-25);
}

BOOST_AUTO_TEST_CASE(the_steps_of_the_page) {
    BOOST_TEST(to_double(optimal_step<f64>(Difference::central)) == std::cbrt(epsilon<f64>()),
               boost::test_tools::tolerance(1e-14));
    BOOST_TEST(to_double(optimal_step<f64>(Difference::forward)) == std::sqrt(epsilon<f64>()),
               boost::test_tools::tolerance(1e-14));
    BOOST_TEST(to_double(optimal_step<hp50>(Difference::richardson)) ==
                   std::pow(to_double(epsilon<hp50>()), 0.2),
               boost::test_tools::tolerance(1e-12));
    // The minimiser of E(h) = h²|f'''|/6 + eps|f|/h: E'(h*) = 0.
    const hp50 eps = epsilon<hp50>();
    const hp50 h = central_step_from_model(eps, hp50(2), hp50(-3));
    const hp50 dE = h * 3 / 3 - eps * 2 / (h * h);  // h|f'''|/3 − eps|f|/h², f = 2, f''' = −3
    BOOST_TEST(to_double(abs(dE) / (eps * 2 / (h * h))) < 1e-45);
}

BOOST_AUTO_TEST_CASE(the_lesson_functions_give_the_engines_numbers) {
    const std::vector<hp50> points = {hp50(-2), hp50("0.5"), hp50(1), hp50(3)};
    auto df = [](const hp50& x) { return smooth_derivative(x); };
    const std::pair<Method, Difference> pairs[] = {
        {Method::central, Difference::central},
        {Method::richardson, Difference::richardson},
        {Method::complex_step, Difference::complex_step}};
    for (const auto& [engine_method, lesson_method] : pairs) {
        CheckOptions options;
        options.method = engine_method;
        const Report<hp50> r = check_derivative(smooth, df, points, options);
        for (std::size_t k = 0; k < points.size(); ++k) {
            const hp50& x = points[k];
            // The engine scales the step by max(1, |x|).
            const hp50 h = optimal_step<hp50>(lesson_method) * std::max(hp50(1), abs(x));
            const hp50 mine =
                lesson_method == Difference::central      ? central_difference(smooth, x, h)
                : lesson_method == Difference::richardson ? richardson(smooth, x, h)
                                                          : complex_step(smooth, x, h);
            BOOST_TEST(r.elements[k].h == h, method_name(engine_method) << " at x = " << x);
            BOOST_TEST(r.elements[k].numeric == mine, method_name(engine_method)
                                                          << " at x = " << x);
        }
    }
}

BOOST_AUTO_TEST_CASE(fifty_digits_tell_right_from_nearly_right) {
    const std::vector<hp50> points = {hp50(-1), hp50("0.5"), hp50(2)};
    auto f = [](const hp50& x) { return smooth(x); };
    auto right = [](const hp50& x) { return smooth_derivative(x); };
    auto slip = [](const hp50& x) { return smooth_derivative(x) * (1 + hp50("1e-16")); };
    const Report<hp50> r = check_derivative(f, right, points);
    BOOST_TEST(r.passed(), r.table());
    BOOST_TEST(r.digits_agreed() >= 30, r.summary());
    const Report<hp50> s = check_derivative(f, slip, points);
    BOOST_TEST(!s.passed(), s.table());
    BOOST_TEST(s.digits_agreed() <= 17, s.summary());
    // A double literal 0.1 in templated code: right to 17 digits only.
    auto leaky = [](const hp50& x) { return exp(hp50(0.1) * x); };
    auto intended = [](const hp50& x) { return exp(x / 10) / 10; };
    const Report<hp50> l = check_derivative(leaky, intended, points);
    BOOST_TEST(!l.passed(), l.table());
    BOOST_TEST(l.digits_agreed() <= 17, l.summary());
    // In f64 neither mistake is visible.
    auto leaky64 = [](const f64& x) { return std::exp(0.1 * x); };
    auto intended64 = [](const f64& x) { return std::exp(x / 10) / 10; };
    BOOST_TEST(check_derivative(leaky64, intended64, std::vector<f64>{-1, 0.5, 2}).passed());
}

BOOST_AUTO_TEST_CASE(kinks_accept_subgradients_only) {
    auto f = [](const hp50& x) { return abs(x); };
    auto sign = [](const hp50& x) { return x > 0 ? hp50(1) : x < 0 ? hp50(-1) : hp50(0); };
    auto one = [](const hp50&) { return hp50(1); };
    auto too_steep = [](const hp50&) { return hp50("1.5"); };
    const std::vector<hp50> points = {hp50(-1), hp50(0), hp50(2)};
    const Report<hp50> r = check_derivative(f, sign, points);
    BOOST_TEST(r.passed(), r.table());
    BOOST_TEST((r.elements[1].status == Status::kink), r.table());
    BOOST_TEST(r.count(Status::kink) == 1u, r.table());
    const Report<hp50> w = check_derivative(f, one, points);
    BOOST_TEST(!w.passed(), w.table());
    BOOST_TEST((w.elements[0].status == Status::failed), w.table());
    BOOST_TEST((w.elements[1].status == Status::kink), w.table());
    BOOST_TEST(!check_derivative(f, too_steep, hp50(0)).passed());
}

BOOST_AUTO_TEST_CASE(once_differentiable_points_get_the_one_sided_opinion) {
    auto f = [](const hp50& x) { return elu(x); };
    auto df = [](const hp50& x) { return elu_derivative(x); };
    const Report<hp50> r = check_derivative(f, df, hp50(0));
    BOOST_TEST(r.passed(), r.table());
    BOOST_TEST((r.elements[0].status == Status::passed), r.table());
    BOOST_TEST(r.elements[0].note.find("one-sided") != std::string::npos, r.table());
    // A wrong value there is still caught.
    auto wrong = [](const hp50&) { return hp50("0.5"); };
    BOOST_TEST(!check_derivative(f, wrong, hp50(0)).passed());
}

BOOST_AUTO_TEST_CASE(tiny_derivatives_next_to_large_values_are_unresolvable_not_failed) {
    auto sigma = [](const auto& x) {
        using X = std::remove_cvref_t<decltype(x)>;
        return X(1) / (X(1) + exp(-x));
    };
    auto dsigma = [](const hp50& x) { return exp(-x) / pow(1 + exp(-x), 2); };
    const Report<hp50> central = check_derivative(sigma, dsigma, hp50(40));
    BOOST_TEST((central.elements[0].status == Status::unresolvable), central.table());
    CheckOptions complex_step;
    complex_step.method = Method::complex_step;
    const Report<hp50> cs = check_derivative(sigma, dsigma, hp50(40), complex_step);
    BOOST_TEST((cs.elements[0].status == Status::passed), cs.table());
    BOOST_TEST(cs.digits_agreed() >= 45, cs.summary());
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Chapter 3's exercise checks: right answers pass, wrong ones are caught. ----
#include "03-checking/exercises.hpp"

namespace {
using R = nnref::ch03::real;
using C = nnref::ch03::complex;
using RF = nnref::ch03::RealFunction;
using CF = nnref::ch03::ComplexFunction;

R naive_central(const RF& f, const R& x, const R& h) {
    return (f(x + h) - f(x - h)) / (2 * h);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ch03_exercises)

BOOST_AUTO_TEST_CASE(right_answers_pass) {
    using exercise::Outcome;
    const auto results = {
        ch03::check_central_difference(naive_central),
        ch03::check_best_central_step([](const R& eps, const R& f, const R& f3) {
            return pow(3 * eps * abs(f) / abs(f3), R(1) / R(3));
        }),
        ch03::check_richardson([](const RF& f, const R& x, const R& h) {
            return (4 * naive_central(f, x, h / 2) - naive_central(f, x, h)) / 3;
        }),
        ch03::check_complex_step(
            [](const CF& f, const R& x, const R& h) { return R(imag(f(C(x, h)))) / h; }),
    };
    for (const auto& r : results) {
        BOOST_TEST((r.outcome == Outcome::passed), r.detail);
        BOOST_TEST(r.digits >= 30, r.detail);
    }
}

BOOST_AUTO_TEST_CASE(wrong_answers_are_caught) {
    using exercise::Outcome;
    // 3.1: dividing by h instead of 2h, and the forward difference.
    const auto by_h = ch03::check_central_difference(
        [](const RF& f, const R& x, const R& h) { return (f(x + h) - f(x - h)) / h; });
    BOOST_TEST((by_h.outcome == Outcome::wrong));
    BOOST_TEST(by_h.detail.find("ratio 2") != std::string::npos, by_h.detail);
    BOOST_TEST((ch03::check_central_difference([](const RF& f, const R& x, const R& h) {
                    return (f(x + h) - f(x)) / h;
                }).outcome == Outcome::wrong));
    // 3.2: cbrt(eps) alone ignores f and f'''; forgetting the 3.
    BOOST_TEST((ch03::check_best_central_step([](const R& eps, const R&, const R&) {
                    return pow(eps, R(1) / R(3));
                }).outcome == Outcome::wrong));
    BOOST_TEST((ch03::check_best_central_step([](const R& eps, const R& f, const R& f3) {
                    return pow(eps * abs(f) / abs(f3), R(1) / R(3));
                }).outcome == Outcome::wrong));
    // 3.3: the weights of one-sided extrapolation (2, −1), and D(h/2) alone.
    BOOST_TEST((ch03::check_richardson([](const RF& f, const R& x, const R& h) {
                    return 2 * naive_central(f, x, h / 2) - naive_central(f, x, h);
                }).outcome == Outcome::wrong));
    BOOST_TEST((ch03::check_richardson([](const RF& f, const R& x, const R& h) {
                    return naive_central(f, x, h / 2);
                }).outcome == Outcome::wrong));
    // 3.4: the real part, and a central-style 2h.
    BOOST_TEST((ch03::check_complex_step([](const CF& f, const R& x, const R& h) {
                    return R(f(C(x, h)).real()) / h;
                }).outcome == Outcome::wrong));
    const auto two_h = ch03::check_complex_step(
        [](const CF& f, const R& x, const R& h) { return R(imag(f(C(x, h)))) / (2 * h); });
    BOOST_TEST((two_h.outcome == Outcome::wrong));
    BOOST_TEST(two_h.detail.find("h=") != std::string::npos, two_h.detail);
}

BOOST_AUTO_TEST_SUITE_END()
