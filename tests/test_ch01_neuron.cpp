/// \file
/// \brief Chapter 1's claims as tests: the neuron's gradients are right to 30+ digits, the
///        perceptron learns AND and OR but never XOR, and gradient descent lowers the loss.
///
/// The page is \ref ch01_neuron; these tests check its claims.
#include "01-neuron/neuron.hpp"
#include "nnref/data/locate.hpp"
#include "nnref/gradcheck/check.hpp"
#include "nnref/io/csv.hpp"

#include <boost/test/unit_test.hpp>

using namespace nnref;

namespace {

using Vec = std::vector<hp50>;
const Vec w0 = {hp50("0.5"), hp50("-1.25"), hp50("0.3")};
const Vec x0 = {hp50(1), hp50(2), hp50("-0.7")};
const hp50 b0 = hp50("0.25");

}  // namespace

BOOST_AUTO_TEST_SUITE(ch01_neuron)

BOOST_AUTO_TEST_CASE(forward_computes_z_and_a) {
    const auto c = neuron_forward(w0, b0, x0);
    BOOST_TEST(c.z == hp50("0.5") - hp50("2.5") - hp50("0.21") + hp50("0.25"));
    BOOST_TEST(c.a == hp50(1) / (hp50(1) + exp(-c.z)));
}

BOOST_AUTO_TEST_CASE(sigmoid_derivative_agrees_to_30_digits) {
    auto s = [](const hp50& z) { return sigmoid(z); };
    auto ds = [](const hp50& z) { return sigmoid_derivative(z); };
    const Vec zs = {hp50(-30), hp50(-5), hp50("-0.5"), hp50(0), hp50("0.5"), hp50(5), hp50(30)};
    const Report<hp50> r = check_derivative(s, ds, zs);
    BOOST_TEST(r.passed(), r.summary());
    BOOST_TEST(r.digits_agreed() >= 30, r.summary());
}

BOOST_AUTO_TEST_CASE(backward_gradients_agree_to_30_digits) {
    // One VJP check per input of the neuron: w, x and b, with a random upstream da.
    auto a_of_w = [](const Vec& w) { return neuron_forward(w, b0, x0).a; };
    auto a_of_x = [](const Vec& x) { return neuron_forward(w0, b0, x).a; };
    auto a_of_b = [](const Vec& b) { return neuron_forward(w0, b[0], x0).a; };
    auto dw = [](const Vec& w, const hp50& da) { return neuron_backward(da, neuron_forward(w, b0, x0)).dw; };
    auto dx = [](const Vec& x, const hp50& da) { return neuron_backward(da, neuron_forward(w0, b0, x)).dx; };
    auto db = [](const Vec& b, const hp50& da) {
        return Vec{neuron_backward(da, neuron_forward(w0, b[0], x0)).db};
    };
    for (const Report<hp50>& r :
         {check_vjp(a_of_w, dw, w0), check_vjp(a_of_x, dx, x0), check_vjp(a_of_b, db, Vec{b0})}) {
        BOOST_TEST(r.passed(), r.summary());
        BOOST_TEST(r.digits_agreed() >= 30, r.summary());
    }
}

BOOST_AUTO_TEST_CASE(a_backward_without_sigma_prime_is_rejected) {
    // The classic slip: dw = da * x, forgetting σ'(z).
    auto a_of_w = [](const Vec& w) { return neuron_forward(w, b0, x0).a; };
    auto wrong = [](const Vec&, const hp50& da) {
        Vec g(x0.size());
        for (std::size_t i = 0; i < g.size(); ++i) {
            g[i] = da * x0[i];
        }
        return g;
    };
    BOOST_TEST(!check_vjp(a_of_w, wrong, w0).passed());
}

BOOST_AUTO_TEST_CASE(loss_gradient_agrees_to_30_digits) {
    const Matrix<hp50> X = {{hp50(1), hp50(2)}, {hp50("-0.5"), hp50("0.3")}, {hp50(2), hp50(-1)}};
    const Vec y = {hp50(1), hp50(0), hp50(1)};
    Vec theta = {hp50("0.2"), hp50("-0.4"), hp50("0.1")};  // w1, w2, b
    auto loss = [&](const Vec& t) { return logistic_loss(Vec{t[0], t[1]}, t[2], X, y); };
    auto grad = [&](const Vec& t) {
        const auto g = logistic_loss_gradient(Vec{t[0], t[1]}, t[2], X, y);
        return Vec{g.dw[0], g.dw[1], g.db};
    };
    const Report<hp50> r = check_gradient(loss, grad, theta);
    BOOST_TEST(r.passed(), r.summary());
    BOOST_TEST(r.digits_agreed() >= 30, r.summary());
}

BOOST_AUTO_TEST_CASE(the_stable_loss_survives_large_logits) {
    // The naive −log σ(z) gives log(0) = −inf at z = −800 in double; the logit form does not.
    BOOST_TEST(bce_from_logit(-800.0, 1.0) == 800.0);
    BOOST_TEST(bce_from_logit(800.0, 0.0) == 800.0);
    BOOST_TEST(std::isfinite(bce_from_logit(800.0, 1.0)));
    BOOST_TEST(sigmoid(-800.0) >= 0.0);
    BOOST_TEST(sigmoid(800.0) == 1.0);
}

namespace {
const Matrix<f64> gate_inputs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
}

BOOST_AUTO_TEST_CASE(the_perceptron_learns_and_and_or) {
    for (const std::vector<int>& y : {std::vector<int>{0, 0, 0, 1}, std::vector<int>{0, 1, 1, 1}}) {
        Perceptron<f64> p{{0.0, 0.0}, 0.0};
        const PerceptronRun run = train_perceptron(p, gate_inputs, y, 1.0, 100);
        BOOST_TEST(run.converged);
        BOOST_TEST(run.mistakes.back() == 0u);
        for (std::size_t i = 0; i < 4; ++i) {
            BOOST_TEST(perceptron_predict(p, row(gate_inputs, i)) == y[i]);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_perceptron_never_learns_xor) {
    // No line separates XOR, so every epoch makes at least one mistake, however long it runs.
    Perceptron<f64> p{{0.0, 0.0}, 0.0};
    const PerceptronRun run = train_perceptron(p, gate_inputs, {0, 1, 1, 0}, 1.0, 1000);
    BOOST_TEST(!run.converged);
    BOOST_TEST(run.epochs == 1000u);
    BOOST_TEST(*std::min_element(run.mistakes.begin(), run.mistakes.end()) >= 1u);
}

BOOST_AUTO_TEST_CASE(the_perceptron_rule_moves_weights_only_on_mistakes) {
    Perceptron<f64> p{{1.0, -1.0}, 0.0};
    BOOST_TEST(perceptron_update(p, {2.0, 1.0}, 1, 0.5) == 0);  // z = 1 ≥ 0: right, no move
    BOOST_TEST(p.w == (std::vector<f64>{1.0, -1.0}));
    BOOST_TEST(perceptron_update(p, {2.0, 1.0}, 0, 0.5) == -1);  // wrong: move away from x
    BOOST_TEST(p.w == (std::vector<f64>{0.0, -1.5}));
    BOOST_TEST(p.b == -0.5);
    BOOST_CHECK_THROW(train_perceptron(p, gate_inputs, {0, 1}, 1.0, 10), shape_error);
}

BOOST_AUTO_TEST_CASE(gradient_descent_lowers_the_loss_on_iris) {
    const auto iris = read_csv<f64>(data_dir() / "iris.csv");
    std::vector<std::vector<f64>> rows;
    std::vector<f64> y;
    for (std::size_t k = 0; k < iris.values.rows(); ++k) {
        if (iris.values(k, 4) < 2) {
            rows.push_back({iris.values(k, 2), iris.values(k, 3)});  // petal length and width
            y.push_back(iris.values(k, 4));
        }
    }
    Matrix<f64> X(rows.size(), 2);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        X(k, 0) = rows[k][0];
        X(k, 1) = rows[k][1];
    }
    const LogisticFit<f64> fit = train_logistic(X, y, 0.1, 100);
    BOOST_TEST(fit.loss.size() == 101u);
    BOOST_TEST(fit.loss.front() == std::log(2.0), boost::test_tools::tolerance(1e-15));
    // Full-batch gradient descent with a small enough step never increases a convex loss.
    for (std::size_t e = 1; e < fit.loss.size(); ++e) {
        BOOST_TEST(fit.loss[e] <= fit.loss[e - 1]);
    }
    BOOST_TEST(fit.loss.back() < 0.5 * fit.loss.front());
    BOOST_CHECK_THROW(train_logistic(Matrix<f64>(0, 2), std::vector<f64>{}, 0.1, 1), shape_error);
}

BOOST_AUTO_TEST_SUITE_END()
