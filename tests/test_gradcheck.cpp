/// \file
/// \brief Tests of the gradient-checking engine: it certifies right derivatives to 30+ digits,
///        and it rejects wrong ones, precision leaks, wrong subgradients and lazy VJPs.
///
/// Chapter 3 explains the engine: \ref ch03_checking.
#include "nnref/core/matrix.hpp"
#include "nnref/gradcheck/check.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

using namespace nnref;

namespace {

/// Digits a correct derivative must reach in each type: about 2/3 of T's digits minus margin.
template <class T>
constexpr double required_digits() {
    return std::is_same_v<T, hp50> ? 30.0 : 60.0;
}

using precise_types = boost::mpl::list<hp50, hp100>;

template <class T>
std::vector<T> points() {
    return {T(-3), T("-0.7"), T("0.25"), T(1), T("2.5"), T(6)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gradcheck)

BOOST_AUTO_TEST_CASE_TEMPLATE(correct_derivatives_agree_to_30_and_60_digits, T, precise_types) {
    using std::cos;
    using std::exp;
    using std::log;
    using std::sin;
    using std::tanh;
    auto f = [](const T& x) { return exp(x) * sin(x) + log(T(1) + x * x); };
    auto df = [](const T& x) { return exp(x) * (sin(x) + cos(x)) + T(2) * x / (T(1) + x * x); };
    const Report<T> r = check_derivative(f, df, points<T>());
    BOOST_TEST(r.passed(), r.summary());
    BOOST_TEST(r.digits_agreed() >= required_digits<T>(), r.summary());
    BOOST_TEST(r.count(Status::passed) == points<T>().size());

    auto th = [](const T& x) { return tanh(x); };
    auto dth = [](const T& x) { return T(1) - tanh(x) * tanh(x); };
    const Report<T> rt = check_derivative(th, dth, points<T>());
    BOOST_TEST(rt.digits_agreed() >= required_digits<T>(), rt.summary());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(correct_gradients_and_jacobians_agree, T, precise_types) {
    // Rosenbrock: f = (1 − x)² + 100 (y − x²)².
    auto f = [](const std::vector<T>& v) {
        const T a = T(1) - v[0];
        const T b = v[1] - v[0] * v[0];
        return a * a + T(100) * b * b;
    };
    auto grad = [](const std::vector<T>& v) {
        const T b = v[1] - v[0] * v[0];
        return std::vector<T>{-T(2) * (T(1) - v[0]) - T(400) * v[0] * b, T(200) * b};
    };
    const Report<T> rg = check_gradient(f, grad, std::vector<T>{T("-1.2"), T(1)});
    BOOST_TEST(rg.passed(), rg.summary());
    BOOST_TEST(rg.digits_agreed() >= required_digits<T>(), rg.summary());

    // Polar to Cartesian: (r, θ) → (r cos θ, r sin θ), with a 2 × 2 Jacobian.
    using std::cos;
    using std::sin;
    auto polar = [](const std::vector<T>& p) {
        return std::vector<T>{p[0] * cos(p[1]), p[0] * sin(p[1])};
    };
    const std::vector<T> p = {T(2), T("0.3")};
    const Matrix<T> J = {{cos(p[1]), -p[0] * sin(p[1])}, {sin(p[1]), p[0] * cos(p[1])}};
    const Report<T> rj = check_jacobian(polar, J, p);
    BOOST_TEST(rj.passed(), rj.summary());
    BOOST_TEST(rj.digits_agreed() >= required_digits<T>(), rj.summary());
    BOOST_TEST(rj.elements.size() == 4u);
}

BOOST_AUTO_TEST_CASE(an_error_of_one_double_ulp_is_rejected) {
    // Relative error 1e-16 is invisible in double and glaring at 50 digits.
    auto f = [](const hp50& x) { return exp(x); };
    auto off = [](const hp50& x) { return exp(x) * (hp50(1) + hp50("1e-16")); };
    const Report<hp50> r = check_derivative(f, off, points<hp50>());
    BOOST_TEST(!r.passed(), r.summary());
    BOOST_TEST(r.count(Status::failed) == points<hp50>().size());
    BOOST_TEST(r.digits_agreed() < 17);
    BOOST_TEST(r.summary().find("FAILED") == 0u);
}

// A typical leak: a template that writes 0.1 instead of T(1) / T(10). The double nearest
// 0.1 is 0.1000000000000000055511..., so the function is not the one the derivative is of.
template <class T>
T leaky_quadratic(const T& x) {
    return 0.1 * x * x;
}

BOOST_AUTO_TEST_CASE(a_double_literal_in_templated_code_is_caught) {
    auto df = [](const hp50& x) { return hp50(2) / hp50(10) * x; };
    const Report<hp50> leak = check_derivative(leaky_quadratic<hp50>, df, points<hp50>());
    BOOST_TEST(!leak.passed(), leak.summary());
    BOOST_TEST(leak.digits_agreed() < 18, leak.summary());

    auto exact = [](const hp50& x) { return x * x / hp50(10); };
    const Report<hp50> ok = check_derivative(exact, df, points<hp50>());
    BOOST_TEST(ok.passed(), ok.summary());
}

BOOST_AUTO_TEST_CASE(relu_at_zero_is_a_kink_with_a_valid_subgradient) {
    auto relu = [](const hp50& x) { return x > 0 ? x : hp50(0); };
    auto zero = [](const hp50& x) { return x > 0 ? hp50(1) : hp50(0); };  // ReLU'(0) = 0
    const Report<hp50> r = check_derivative(relu, zero, std::vector<hp50>{hp50(-1), hp50(0), hp50(2)});
    BOOST_TEST(r.passed(), r.table());
    BOOST_TEST(r.count(Status::kink) == 1u, r.table());
    BOOST_TEST(r.elements[1].status == Status::kink);
    BOOST_TEST(r.elements[1].left == hp50(0));
    BOOST_TEST(r.elements[1].right == hp50(1));
    BOOST_TEST(r.elements[1].note.find("valid subgradient") != std::string::npos);

    auto half = [](const hp50& x) { return x > 0 ? hp50(1) : x < 0 ? hp50(0) : hp50("0.5"); };
    BOOST_TEST(check_derivative(relu, half, hp50(0)).passed());

    auto two = [](const hp50& x) { return x > 0 ? hp50(1) : x < 0 ? hp50(0) : hp50(2); };
    const Report<hp50> bad = check_derivative(relu, two, hp50(0));
    BOOST_TEST(!bad.passed(), bad.table());
    BOOST_TEST(bad.elements[0].note.find("outside") != std::string::npos, bad.table());
}

BOOST_AUTO_TEST_CASE(smooth_functions_with_large_curvature_are_not_called_kinks) {
    // exp(40x) has f''/f' = 40: the one-sided slopes differ visibly, but shrink with h.
    auto f = [](const hp50& x) { return exp(hp50(40) * x); };
    auto df = [](const hp50& x) { return hp50(40) * exp(hp50(40) * x); };
    const Report<hp50> r = check_derivative(f, df, std::vector<hp50>{hp50(0), hp50("0.1")});
    BOOST_TEST(r.passed(), r.table());
    BOOST_TEST(r.count(Status::kink) == 0u, r.table());
}

BOOST_AUTO_TEST_CASE(a_once_differentiable_point_gets_a_second_opinion) {
    // f(x) = x|x| has f'(x) = 2|x|, but f'' jumps from −2 to 2 at 0, so the central
    // difference's error there is O(h), not O(h²): (h² + h²) / 2h = h instead of 0.
    auto f = [](const hp50& x) { return x * abs(x); };
    auto df = [](const hp50& x) { return hp50(2) * abs(x); };
    const Report<hp50> r = check_derivative(f, df, std::vector<hp50>{hp50(-1), hp50(0), hp50(2)});
    BOOST_TEST(r.passed(), r.table());
    BOOST_TEST(r.elements[1].note.find("one-sided extrapolation") != std::string::npos, r.table());
    // A wrong value there still fails: both extrapolated sides say 0.
    auto wrong = [](const hp50& x) { return hp50(2) * abs(x) + hp50("1e-20"); };
    BOOST_TEST(!check_derivative(f, wrong, hp50(0)).passed());
}

BOOST_AUTO_TEST_CASE(tiny_softmax_entries_are_unresolvable_not_failed) {
    // p = softmax(0, −200, −210): p1 ≈ 1.4e-87 and p2 ≈ 6e-92. The derivatives of p0 ≈ 1 with
    // respect to x1, x2 are about −1e-87, far below p0's round-off noise (≈ 1e-33).
    auto softmax = [](const std::vector<hp50>& x) {
        std::vector<hp50> p(x.size());
        hp50 sum = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            sum += p[i] = exp(x[i]);
        }
        for (auto& v : p) {
            v /= sum;
        }
        return p;
    };
    const std::vector<hp50> x = {hp50(0), hp50(-200), hp50(-210)};
    const auto p = softmax(x);
    Matrix<hp50> J(3, 3);
    for (std::size_t i = 0; i < 3; ++i) {
        for (std::size_t j = 0; j < 3; ++j) {
            J(i, j) = p[i] * ((i == j ? hp50(1) : hp50(0)) - p[j]);
        }
    }
    const Report<hp50> r = check_jacobian(softmax, J, x);
    BOOST_TEST(r.passed(), r.table());
    BOOST_TEST(r.count(Status::unresolvable) >= 1u, r.table());
    BOOST_TEST(r.count(Status::passed) >= 1u, r.table());

    // A wrong sign on a tiny but resolvable entry (row 1, where p1 itself is tiny) still fails.
    Matrix<hp50> wrong = J;
    wrong(1, 1) = -wrong(1, 1);
    BOOST_TEST(!check_jacobian(softmax, wrong, x).passed());
}

BOOST_AUTO_TEST_CASE(a_vjp_that_ignores_its_upstream_gradient_is_rejected) {
    // f(x) = (x0 x1, sin x0, x1²); J = [[x1, x0], [cos x0, 0], [0, 2 x1]].
    auto f = [](const std::vector<hp50>& x) {
        return std::vector<hp50>{x[0] * x[1], sin(x[0]), x[1] * x[1]};
    };
    auto vjp = [](const std::vector<hp50>& x, const std::vector<hp50>& u) {
        return std::vector<hp50>{u[0] * x[1] + u[1] * cos(x[0]), u[0] * x[0] + u[2] * hp50(2) * x[1]};
    };
    auto lazy = [&vjp](const std::vector<hp50>& x, const std::vector<hp50>&) {
        return vjp(x, std::vector<hp50>(3, hp50(1)));  // uses 1 for every upstream entry
    };
    const std::vector<hp50> x = {hp50("0.4"), hp50("-1.3")};
    const Report<hp50> good = check_vjp(f, vjp, x);
    BOOST_TEST(good.passed(), good.summary());
    BOOST_TEST(good.digits_agreed() >= 30, good.summary());
    const Report<hp50> bad = check_vjp(f, lazy, x);
    BOOST_TEST(!bad.passed(), bad.summary());
}

BOOST_AUTO_TEST_CASE(complex_step_matches_central_to_40_digits) {
    // In hp50, central differences are limited to about 33 digits by the balance of
    // truncation and round-off; complex step has no cancellation and reaches ~50. So the
    // comparison is against central differences run in hp100, rounded to hp50.
    auto f50 = [](const auto& x) {
        using X = std::remove_cvref_t<decltype(x)>;  // hp50, or cpp_complex_50 for the step
        return exp(x) / (X(2) + sin(x));
    };
    auto f100 = [](const hp100& x) { return exp(x) / (hp100(2) + sin(x)); };
    auto df50 = [](const hp50& x) {
        return exp(x) * (hp50(2) + sin(x) - cos(x)) / ((hp50(2) + sin(x)) * (hp50(2) + sin(x)));
    };
    auto df100 = [](const hp100& x) { return hp100(0) * x; };  // only the numeric value is used
    CheckOptions complex;
    complex.method = Method::complex_step;
    for (const char* point : {"-2", "0.5", "3"}) {
        const Report<hp50> cs = check_derivative(f50, df50, hp50(point), complex);
        const Report<hp100> ce = check_derivative(f100, df100, hp100(point));
        const hp50 a = cs.elements[0].numeric;
        const hp50 b = hp50(ce.elements[0].numeric);
        const double digits = -std::log10(to_double(hp50(abs(a - b) / abs(b))));
        BOOST_TEST(digits >= 40, "at x = " << point << ": " << digits << " digits");
        BOOST_TEST(cs.passed(), cs.summary());
        BOOST_TEST(cs.digits_agreed() >= 45, cs.summary());
    }
}

BOOST_AUTO_TEST_CASE(complex_step_needs_a_generic_function) {
    auto real_only = [](const hp50& x) { return x * x; };
    auto df = [](const hp50& x) { return hp50(2) * x; };
    CheckOptions opt;
    opt.method = Method::complex_step;
    BOOST_CHECK_THROW(check_derivative(real_only, df, hp50(1), opt), check_error);
}

BOOST_AUTO_TEST_CASE(richardson_is_more_accurate_than_central) {
    auto f = [](const hp50& x) { return atan(x) * exp(-x); };
    auto df = [](const hp50& x) {
        return exp(-x) * (hp50(1) / (hp50(1) + x * x) - atan(x));
    };
    CheckOptions rich;
    rich.method = Method::richardson;
    const Report<hp50> r = check_derivative(f, df, points<hp50>(), rich);
    const Report<hp50> c = check_derivative(f, df, points<hp50>());
    BOOST_TEST(r.passed(), r.summary());
    BOOST_TEST(r.digits_agreed() >= 38, r.summary());
    BOOST_TEST(r.digits_agreed() > c.digits_agreed() + 3, r.summary() << " vs " << c.summary());
}

BOOST_AUTO_TEST_CASE(an_all_zero_check_is_refused) {
    auto constant = [](const std::vector<hp50>&) { return hp50(3); };
    const std::vector<hp50> x = {hp50(1), hp50(2)};
    const std::vector<hp50> zeros(2, hp50(0));
    BOOST_CHECK_THROW(check_gradient(constant, zeros, x), check_error);
    CheckOptions opt;
    opt.zero_expected = true;
    BOOST_TEST(check_gradient(constant, zeros, x, opt).passed());
    // Nothing to check at all is refused as well.
    BOOST_CHECK_THROW(check_derivative([](const hp50& v) { return v; },
                                       [](const hp50&) { return hp50(1); }, std::vector<hp50>{}),
                      check_error);
}

BOOST_AUTO_TEST_CASE(f_is_evaluated_once_per_perturbation) {
    int calls = 0;
    auto f = [&calls](const std::vector<hp50>& x) {
        ++calls;
        hp50 s = 0;
        for (const auto& v : x) {
            s += v * v * v;
        }
        return s;
    };
    std::vector<hp50> x = {hp50(1), hp50(2), hp50(3), hp50(4), hp50(5)};
    std::vector<hp50> grad;
    for (const auto& v : x) {
        grad.push_back(hp50(3) * v * v);
    }
    const Report<hp50> r = check_gradient(f, grad, x);
    BOOST_TEST(r.passed(), r.summary());
    BOOST_TEST(calls == 1 + 2 * 5);  // f(x) once, then x ± h for each input
}

BOOST_AUTO_TEST_CASE(a_random_subset_of_inputs_can_be_checked) {
    auto f = [](const std::vector<hp50>& x) {
        hp50 s = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            s += hp50(int(i) + 1) * sin(x[i]);
        }
        return s;
    };
    std::vector<hp50> x, grad;
    for (int i = 0; i < 100; ++i) {
        x.push_back(hp50(i) / hp50(7));
        grad.push_back(hp50(i + 1) * cos(x.back()));
    }
    CheckOptions opt;
    opt.max_inputs = 8;
    opt.seed = 11;
    const Report<hp50> a = check_gradient(f, grad, x, opt);
    const Report<hp50> b = check_gradient(f, grad, x, opt);
    BOOST_TEST(a.passed(), a.summary());
    BOOST_TEST(a.inputs_checked == 8u);
    BOOST_TEST(a.inputs_total == 100u);
    BOOST_TEST(a.summary().find("a random 8 of 100 inputs") != std::string::npos, a.summary());
    for (std::size_t k = 0; k < 8; ++k) {
        BOOST_TEST(a.elements[k].col == b.elements[k].col);  // the same seed, the same subset
    }
    // A wrong entry outside the subset is missed; checking everything finds it.
    grad[a.elements[0].col == 0 ? 1 : 0] *= hp50(2);
    BOOST_TEST(!check_gradient(f, grad, x).passed());
}

BOOST_AUTO_TEST_CASE(matrices_are_checked_as_flat_inputs) {
    // f(W) = Σ_ij W_ij² x_j: ∂f/∂W_ij = 2 W_ij x_j.
    const std::vector<hp50> x = {hp50(1), hp50(-2), hp50("0.5")};
    auto f = [&x](const Matrix<hp50>& W) {
        hp50 s = 0;
        for (std::size_t i = 0; i < W.rows(); ++i) {
            for (std::size_t j = 0; j < W.cols(); ++j) {
                s += W(i, j) * W(i, j) * x[j];
            }
        }
        return s;
    };
    const Matrix<hp50> W = {{hp50(1), hp50(2), hp50(3)}, {hp50(-1), hp50("0.5"), hp50(4)}};
    Matrix<hp50> dW(2, 3);
    for (std::size_t i = 0; i < 2; ++i) {
        for (std::size_t j = 0; j < 3; ++j) {
            dW(i, j) = hp50(2) * W(i, j) * x[j];
        }
    }
    const Report<hp50> r = check_gradient(f, dW, W);
    BOOST_TEST(r.passed(), r.summary());
    BOOST_TEST(r.elements.size() == 6u);
    BOOST_CHECK_THROW(check_gradient(f, std::vector<hp50>(5, hp50(1)), W), shape_error);
}

BOOST_AUTO_TEST_CASE(the_report_names_the_worst_element) {
    auto f = [](const std::vector<hp50>& v) { return v[0] * v[1] + v[2]; };
    const std::vector<hp50> x = {hp50(2), hp50(3), hp50(5)};
    const std::vector<hp50> wrong = {hp50(3), hp50(-2), hp50(1)};  // [1] has the wrong sign
    const Report<hp50> r = check_gradient(f, wrong, x);
    BOOST_TEST(!r.passed());
    BOOST_TEST(r.worst()->col == 1u);
    BOOST_TEST(r.summary().find("worst [1]") != std::string::npos, r.summary());
    BOOST_TEST(r.table().find("FAILED") != std::string::npos, r.table());
}

BOOST_AUTO_TEST_CASE(double_checks_work_to_double_precision) {
    auto f = [](const f64& x) { return std::exp(x) * std::sin(x); };
    auto df = [](const f64& x) { return std::exp(x) * (std::sin(x) + std::cos(x)); };
    const Report<f64> r = check_derivative(f, df, std::vector<f64>{-1.0, 0.5, 2.0});
    BOOST_TEST(r.passed(), r.summary());
    BOOST_TEST(r.digits_agreed() >= 9, r.summary());
}

BOOST_AUTO_TEST_SUITE_END()
