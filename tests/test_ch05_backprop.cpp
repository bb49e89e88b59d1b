/// \file
/// \brief Chapter 5's claims as tests: the scalar graph's rules and its backward(), the dense
///        layer and every activation layer as VJPs, the whole MLP's gradient at 50 digits,
///        the MLP and the scalar graph in agreement, training that solves XOR, spirals and
///        iris, and bad input refused with clear errors.
///
/// The page is \ref ch05_backprop; these tests check its claims, and the suite
/// ch05_exercises checks its exercises (\ref ch05_exercises).
#include "05-backprop/dense.hpp"
#include "05-backprop/exercises.hpp"
#include "05-backprop/mlp.hpp"
#include "05-backprop/value.hpp"
#include "nnref/data/datasets.hpp"
#include "nnref/data/locate.hpp"
#include "nnref/gradcheck/check.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>
#include <string>

using namespace nnref;

namespace {

using R = hp50;
using RVec = std::vector<R>;
using RMat = Matrix<R>;

RMat random_matrix(Rng& rng, std::size_t rows, std::size_t cols, double scale = 1) {
    RMat M(rows, cols);
    for (std::size_t k = 0; k < M.size(); ++k) {
        M[k] = rng.uniform(R(-scale), R(scale));
    }
    return M;
}

/// Relative difference, for comparing two exact computations that differ only in rounding.
R relative(const R& a, const R& b) {
    using std::abs;
    const R scale = std::max(abs(a), abs(b));
    return scale == 0 ? R(0) : abs(a - b) / scale;
}

/// The loss of `net` with its parameters replaced by theta.
auto loss_at(const MLP<R>& net, const RMat& X, const RMat& Y) {
    return [&net, &X, &Y](const RVec& theta) {
        MLP<R> moved = net;
        moved.set_parameters(theta);
        return moved.loss(X, Y);
    };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ch05_backprop)

// ---- 1. The scalar graph ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(every_graph_operation_has_the_right_local_derivative) {
    // One expression that uses every operation, each input in several places.
    auto build = [](const Value<R>& a, const Value<R>& b, const Value<R>& c) {
        const Value<R> e = a * b - c / (b + R(3)) + exp(c) * tanh(a) - pow(b * b + R(1), R("1.5"));
        return log(e * e + R(1)) + sigmoid(a - c) + relu(b) + (-c);
    };
    auto f = [&build](const RVec& v) { return build(v[0], v[1], v[2]).data(); };
    auto grad = [&build](const RVec& v) {
        const Value<R> a(v[0]), b(v[1]), c(v[2]);
        build(a, b, c).backward();
        return RVec{a.grad(), b.grad(), c.grad()};
    };
    for (const RVec& v : {RVec{R("0.3"), R("0.7"), R("-0.4")}, RVec{R("-1.2"), R("0.25"), R("0.9")}}) {
        const Report<R> r = check_gradient(f, grad, v);
        BOOST_TEST(r.passed(), r.summary());
        BOOST_TEST(r.digits_agreed() >= 30, r.summary());
    }
}

BOOST_AUTO_TEST_CASE(gradients_add_up_across_paths) {
    const Value<R> x(R(3), "x");
    const Value<R> f = x * x + x;  // x feeds three edges
    f.backward();
    BOOST_TEST(x.grad() == R(7));  // 2x + 1, exactly
    const Value<R> y(R("0.5"));
    const Value<R> g = y * y * y;  // the inner product node is reused once more
    g.backward();
    BOOST_TEST(y.grad() == R("0.75"));  // 3y²
}

BOOST_AUTO_TEST_CASE(backward_twice_gives_the_same_gradients) {
    const Value<R> w(R(2), "w"), x(R(-3), "x");
    const Value<R> L = tanh(w * x) * w;
    L.backward();
    const R first_w = w.grad(), first_x = x.grad();
    L.backward();
    BOOST_TEST(w.grad() == first_w);
    BOOST_TEST(x.grad() == first_x);
    // A leaf shared by two graphs holds the gradient of the last one differentiated.
    const Value<R> M = w * R(5);
    M.backward();
    BOOST_TEST(w.grad() == R(5));
}

BOOST_AUTO_TEST_CASE(the_graph_of_a_neuron_matches_chapter_1) {
    const RVec w = {R("0.5"), R("-0.25")}, x = {R(1), R(2)};
    const R b = R("0.1"), y = R(1);
    const Value<R> w1(w[0]), w2(w[1]), vb(b);
    const Value<R> a = sigmoid(w1 * x[0] + w2 * x[1] + vb);
    const Value<R> L = pow(a - y, R(2));
    L.backward();
    const NeuronCache<R> cache = neuron_forward(w, b, x);
    const NeuronGradients<R> g = neuron_backward(R(2) * (cache.a - y), cache);
    BOOST_TEST(relative(w1.grad(), g.dw[0]) < R("1e-48"));
    BOOST_TEST(relative(w2.grad(), g.dw[1]) < R("1e-48"));
    BOOST_TEST(relative(vb.grad(), g.db) < R("1e-48"));
}

BOOST_AUTO_TEST_CASE(the_dot_export_shows_every_node_with_its_value_and_gradient) {
    const Value<f64> w(0.5, "w"), x(2.0, "x");
    const Value<f64> a = sigmoid(w * x).named("a");
    a.backward();
    const std::string dot = to_dot(a);
    std::size_t boxes = 0;
    for (std::size_t at = dot.find("[label="); at != std::string::npos;
         at = dot.find("[label=", at + 1)) {
        ++boxes;
    }
    BOOST_TEST(boxes == a.graph().size());
    BOOST_TEST(dot.rfind("digraph", 0) == 0);
    BOOST_TEST(dot.find("label=\"w | data 0.5 | grad 0.3932\"") != std::string::npos, dot);
    BOOST_TEST(dot.find("label=\"a = sigmoid | data 0.7311 | grad 1\"") != std::string::npos, dot);
    BOOST_TEST(dot.find("label=\"* | data 1 | grad 0.1966\"") != std::string::npos, dot);
    std::size_t arrows = 0;
    for (std::size_t at = dot.find("->"); at != std::string::npos; at = dot.find("->", at + 1)) {
        ++arrows;
    }
    BOOST_TEST(arrows == 3u);  // w → *, x → *, * → sigmoid
}

BOOST_AUTO_TEST_CASE(a_deep_chain_backpropagates) {
    Value<f64> v(1.0, "x");
    const Value<f64> x = v;
    for (int i = 0; i < 5000; ++i) {
        v = v * 1.0001 + 0.0;
    }
    v.backward();
    BOOST_TEST(x.grad() == std::pow(1.0001, 5000), boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(the_graph_refuses_undefined_operations) {
    const Value<R> zero(R(0)), minus(R(-1));
    expect_error<numeric_error>([&] { return log(minus); }, "log of -1");
    expect_error<numeric_error>([&] { return minus / zero; }, "division by zero");
}

// ---- 2. Layers ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(dense_backward_is_the_vjp_of_dense_forward) {
    Rng rng(3);
    const RMat X = random_matrix(rng, 5, 3), W = random_matrix(rng, 3, 4);
    const RVec b = {R("0.1"), R("-0.2"), R("0.3"), R("-0.4")};
    const Report<R> rX = check_vjp([&](const RMat& X_) { return dense_forward(X_, W, b).Z; },
                                   [&](const RMat& X_, const RMat& dZ) {
                                       return dense_backward(dZ, dense_forward(X_, W, b).cache).dX;
                                   },
                                   X);
    const Report<R> rW = check_vjp([&](const RMat& W_) { return dense_forward(X, W_, b).Z; },
                                   [&](const RMat& W_, const RMat& dZ) {
                                       return dense_backward(dZ, dense_forward(X, W_, b).cache).dW;
                                   },
                                   W);
    const Report<R> rb = check_vjp([&](const RVec& b_) { return dense_forward(X, W, b_).Z; },
                                   [&](const RVec& b_, const RMat& dZ) {
                                       return dense_backward(dZ, dense_forward(X, W, b_).cache).db;
                                   },
                                   b);
    for (const Report<R>* r : {&rX, &rW, &rb}) {
        BOOST_TEST(r->passed(), r->summary());
        BOOST_TEST(r->digits_agreed() >= 30, r->summary());
    }
}

BOOST_AUTO_TEST_CASE(a_backward_that_ignores_the_upstream_gradient_fails) {
    Rng rng(4);
    const RMat X = random_matrix(rng, 3, 2), W = random_matrix(rng, 2, 2);
    const RVec b = {R(0), R(0)};
    // dW = Xᵀ 1: right only for an upstream gradient of all ones.
    const Report<R> r = check_vjp([&](const RMat& W_) { return dense_forward(X, W_, b).Z; },
                                  [&](const RMat&, const RMat& dZ) {
                                      return matmul(transpose(X), RMat(dZ.rows(), dZ.cols(), R(1)));
                                  },
                                  W);
    BOOST_TEST(!r.passed(), r.summary());
}

BOOST_AUTO_TEST_CASE(every_activation_layer_backward_is_its_vjp) {
    Rng rng(6);
    const RMat Z = random_matrix(rng, 3, 4, 2);
    for (Activation act : all_activations) {
        const Report<R> r = check_vjp(
            [act](const RMat& Z_) { return activation_forward(act, Z_); },
            [act](const RMat& Z_, const RMat& dA) {
                return activation_backward(act, dA, Z_, activation_forward(act, Z_));
            },
            Z);
        BOOST_TEST(r.passed(), std::string(name(act)) + ": " + r.summary());
        BOOST_TEST(r.digits_agreed() >= 30, std::string(name(act)) + ": " + r.summary());
    }
}

BOOST_AUTO_TEST_CASE(layers_refuse_mismatched_shapes) {
    const RMat X(4, 3), W(2, 5);
    expect_error<shape_error>([&] { return dense_forward(X, W, RVec(5)); }, "X is 4x3 but W is 2x5");
    expect_error<shape_error>([&] { return dense_forward(RMat(4, 2), W, RVec(3)); }, "b has 3 entries");
    const DenseForward<R> f = dense_forward(RMat(4, 2), W, RVec(5));
    expect_error<shape_error>([&] { return dense_backward(RMat(4, 4), f.cache); }, "dZ is 4x4");
}

// ---- 3. The MLP ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_whole_2_8_8_2_gradient_agrees_to_50_digit_precision) {
    MLP<R> net({2, 8, 8, 2}, {Activation::tanh, Activation::tanh, Activation::identity},
               Loss::softmax_cross_entropy);
    Rng rng(1);
    net.init(rng);
    const Dataset<R> d = spirals_dataset<R>(4, 1.5, 0.05, 3);
    const auto start = std::chrono::steady_clock::now();
    const Report<R> r = check_gradient(loss_at(net, d.X, d.Y), net.gradient(d.X, d.Y), net.parameters());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST(r.passed(), r.summary());
    BOOST_TEST(r.count(Status::failed) == 0u);
    BOOST_TEST(r.digits_agreed() >= 25, r.summary());
    BOOST_TEST_MESSAGE("2-8-8-2 whole-network check in hp50: " << r.digits_agreed()
                       << " digits agreed (min over 114 parameters), " << seconds << " s");
}

BOOST_AUTO_TEST_CASE(every_activation_and_every_loss_backpropagates_correctly) {
    Rng rng(8);
    const RMat X = random_matrix(rng, 3, 3, 2);
    const std::vector<int> labels = {0, 2, 1};
    const RMat one_hot_Y = one_hot<R>(labels, 3);
    RMat probabilities(3, 3);  // targets in (0, 1) for bce
    for (std::size_t k = 0; k < probabilities.size(); ++k) {
        probabilities[k] = rng.uniform(R("0.1"), R("0.9"));
    }
    struct Setup {
        Loss loss;
        Activation output;
        const RMat* Y;
    };
    const std::vector<Setup> setups = {
        {Loss::mse, Activation::identity, &probabilities},
        {Loss::huber, Activation::tanh, &probabilities},
        {Loss::bce, Activation::sigmoid, &probabilities},
        {Loss::bce_with_logits, Activation::identity, &probabilities},
        {Loss::cross_entropy, Activation::softmax, &one_hot_Y},
        {Loss::softmax_cross_entropy, Activation::identity, &one_hot_Y},
    };
    for (Activation hidden : all_activations) {
        if (hidden == Activation::softmax) {
            continue;  // output layer only
        }
        for (const Setup& s : setups) {
            MLP<R> net({3, 4, 3, 3}, {hidden, hidden, s.output}, s.loss);
            net.init(rng);
            const Report<R> r =
                check_gradient(loss_at(net, X, *s.Y), net.gradient(X, *s.Y), net.parameters());
            BOOST_TEST(r.passed(), net.describe() + ": " + r.summary());
            BOOST_TEST(r.digits_agreed() >= 25, net.describe() + ": " + r.summary());
        }
    }
}

BOOST_AUTO_TEST_CASE(the_mlp_and_the_scalar_graph_agree) {
    Rng rng(9);
    const RMat X = random_matrix(rng, 3, 2, 2);
    const RMat Y = one_hot<R>({1, 0, 1}, 2);
    for (Activation hidden : all_activations) {
        if (hidden == Activation::gelu || hidden == Activation::softmax) {
            continue;  // the graph has no erf; softmax is for outputs
        }
        for (auto [loss, output] : {std::pair{Loss::softmax_cross_entropy, Activation::identity},
                                    std::pair{Loss::cross_entropy, Activation::softmax},
                                    std::pair{Loss::mse, Activation::sigmoid},
                                    std::pair{Loss::bce, Activation::sigmoid},
                                    std::pair{Loss::bce_with_logits, Activation::identity},
                                    std::pair{Loss::huber, Activation::identity}}) {
            MLP<R> net({2, 3, 3, 2}, {hidden, hidden, output}, loss);
            net.init(rng);
            const GraphNetwork<R> g = mlp_on_graph(net, X, Y);
            g.loss.backward();
            BOOST_TEST(relative(g.loss.data(), net.loss(X, Y)) < R("1e-45"), net.describe());
            const RVec grad = net.gradient(X, Y);
            R worst = 0;
            for (std::size_t k = 0; k < grad.size(); ++k) {
                worst = std::max(worst, relative(g.parameters[k].grad(), grad[k]));
            }
            BOOST_TEST(worst < R("1e-40"), net.describe() + ": worst " + to_short_string(worst));
        }
    }
    // A huber network whose residuals fall on both sides of δ = 1.
    MLP<R> net({2, 3, 1}, {Activation::tanh, Activation::identity}, Loss::huber);
    net.init(rng);
    const RMat Yh{{R(3)}, {R("0.1")}, {R(-2)}};
    const GraphNetwork<R> g = mlp_on_graph(net, X, Yh);
    g.loss.backward();
    const RVec grad = net.gradient(X, Yh);
    for (std::size_t k = 0; k < grad.size(); ++k) {
        BOOST_TEST(relative(g.parameters[k].grad(), grad[k]) < R("1e-40"));
    }
}

BOOST_AUTO_TEST_CASE(softmax_output_with_cross_entropy_equals_the_fused_loss) {
    Rng rng(10);
    const RMat X = random_matrix(rng, 4, 2, 2);
    const std::vector<int> labels = {0, 1, 2, 1};
    MLP<R> fused({2, 5, 3}, {Activation::tanh, Activation::identity}, Loss::softmax_cross_entropy);
    fused.init(rng);
    MLP<R> split({2, 5, 3}, {Activation::tanh, Activation::softmax}, Loss::cross_entropy);
    split.set_parameters(fused.parameters());
    const RMat Y = one_hot<R>(labels, 3);
    BOOST_TEST(relative(fused.loss(X, Y), split.loss(X, Y)) < R("1e-45"));
    const RVec a = fused.gradient(X, Y), b = split.gradient(X, Y);
    for (std::size_t k = 0; k < a.size(); ++k) {
        BOOST_TEST(relative(a[k], b[k]) < R("1e-40"));
    }
}

BOOST_AUTO_TEST_CASE(parameters_are_laid_out_layer_by_layer) {
    MLP<f64> net({2, 3, 1}, {Activation::relu, Activation::identity}, Loss::mse);
    BOOST_TEST(net.parameter_count() == 2u * 3u + 3u + 3u * 1u + 1u);
    std::vector<f64> theta(net.parameter_count());
    for (std::size_t k = 0; k < theta.size(); ++k) {
        theta[k] = static_cast<f64>(k);
    }
    net.set_parameters(theta);
    BOOST_TEST(net.layers()[0].W(1, 2) == 5.0);  // row 1, column 2 of a 2x3 W
    BOOST_TEST(net.layers()[0].b[0] == 6.0);
    BOOST_TEST(net.layers()[1].W(2, 0) == 11.0);
    BOOST_TEST(net.layers()[1].b[0] == 12.0);
    BOOST_TEST((net.parameters() == theta));
}

BOOST_AUTO_TEST_CASE(one_gradient_descent_step_is_theta_minus_lr_times_the_gradient) {
    MLP<R> net({2, 3, 2}, {Activation::sigmoid, Activation::identity}, Loss::softmax_cross_entropy);
    Rng rng(11);
    net.init(rng);
    const Dataset<R> d = xor_dataset<R>();
    const RVec before = net.parameters();
    const RVec grad = net.gradient(d.X, d.Y);
    const R loss_before = net.loss(d.X, d.Y);
    const R lr = R("0.3");
    const std::vector<R> history = gradient_descent(net, d.X, d.Y, lr, 1);
    BOOST_TEST(history.size() == 1u);
    BOOST_TEST(history[0] == loss_before);  // the history records the loss before each step
    BOOST_TEST(net.loss(d.X, d.Y) < loss_before);  // a small step downhill lowers the loss
    const RVec after = net.parameters();
    for (std::size_t k = 0; k < before.size(); ++k) {
        BOOST_TEST(after[k] == before[k] - lr * grad[k]);
    }
}

BOOST_AUTO_TEST_CASE(divergence_stops_with_a_clear_message) {
    MLP<f64> net({2, 4, 1}, {Activation::relu, Activation::identity}, Loss::mse);
    Rng rng(12);
    net.init(rng);
    const Matrix<f64> X{{1, 2}, {3, 4}}, Y{{1}, {-1}};
    expect_error<numeric_error>([&] { return gradient_descent(net, X, Y, 1e6, 200); },
                                "the steps diverged, try a smaller lr");
    expect_error<input_error>([&] { return gradient_descent(net, X, Y, -1.0, 1); }, "lr = -1");
}

// ---- Training -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(xor_is_solved) {
    const Dataset<f64> d = xor_dataset<f64>();
    MLP<f64> net({2, 8, 2}, {Activation::tanh, Activation::identity}, Loss::softmax_cross_entropy);
    Rng rng(1);
    net.init(rng);
    const std::vector<f64> loss = gradient_descent(net, d.X, d.Y, 0.5, 2000);
    BOOST_TEST(accuracy(net, d.X, d.labels) == 1.0);
    BOOST_TEST(loss.back() < 0.01);
}

BOOST_AUTO_TEST_CASE(spirals_are_solved) {
    const Dataset<f64> d = spirals_dataset<f64>(100, 1.5, 0.03, 7);
    MLP<f64> net({2, 16, 16, 2}, {Activation::tanh, Activation::tanh, Activation::identity},
                 Loss::softmax_cross_entropy);
    Rng rng(1);
    net.init(rng);
    gradient_descent(net, d.X, d.Y, 1.0, 3000);
    BOOST_TEST(accuracy(net, d.X, d.labels) == 1.0);
}

BOOST_AUTO_TEST_CASE(iris_is_solved) {
    const auto [train, test] = split(iris_dataset<f64>(data_dir()), 100, 5);
    MLP<f64> net({4, 16, 3}, {Activation::tanh, Activation::identity}, Loss::softmax_cross_entropy);
    Rng rng(1);
    net.init(rng);
    gradient_descent(net, train.X, train.Y, 0.5, 4000);
    BOOST_TEST(accuracy(net, train.X, train.labels) == 1.0);
    BOOST_TEST(accuracy(net, test.X, test.labels) >= 0.94);
}

// ---- Data and bad input -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(datasets_are_reproducible_from_their_seed) {
    const Dataset<f64> a = spirals_dataset<f64>(50, 1.5, 0.03, 7);
    const Dataset<f64> b = spirals_dataset<f64>(50, 1.5, 0.03, 7);
    const Dataset<f64> c = spirals_dataset<f64>(50, 1.5, 0.03, 8);
    BOOST_TEST((a.X == b.X));
    BOOST_TEST(!(a.X == c.X));
    BOOST_TEST(a.X.rows() == 100u);
    const Dataset<f64> iris = iris_dataset<f64>(data_dir());
    BOOST_TEST(iris.X.rows() == 150u);
    BOOST_TEST(iris.Y.cols() == 3u);
    for (std::size_t j = 0; j < 4; ++j) {
        f64 mean = 0;
        for (std::size_t n = 0; n < 150; ++n) {
            mean += iris.X(n, j) / 150;
        }
        BOOST_TEST(std::abs(mean) < 1e-12);
    }
    const auto [train, test] = split(iris, 100, 5);
    BOOST_TEST(train.X.rows() == 100u);
    BOOST_TEST(test.labels.size() == 50u);
}

BOOST_AUTO_TEST_CASE(the_mlp_refuses_bad_input_with_clear_errors) {
    using A = Activation;
    MLP<f64> net({2, 8, 8, 2}, {A::tanh, A::tanh, A::identity}, Loss::softmax_cross_entropy);
    expect_error<shape_error>([&] { return net.loss(Matrix<f64>(4, 3), Matrix<f64>(4, 2)); },
                              "takes 2 inputs per example, but X is 4x3");
    expect_error<shape_error>([&] { return net.loss(Matrix<f64>(0, 2), Matrix<f64>(0, 2)); },
                              "the dataset is empty");
    expect_error<shape_error>([&] { return net.loss(Matrix<f64>(4, 2), Matrix<f64>(4, 3)); },
                              "Y is 4x3");
    expect_error<shape_error>([&] { net.set_parameters(std::vector<f64>(3)); }, "got 3 numbers, expected");
    expect_error<input_error>([] { return MLP<f64>({2}, {}, Loss::mse); }, "at least one layer");
    expect_error<input_error>([] { return MLP<f64>({2, 0, 1}, {A::tanh, A::identity}, Loss::mse); },
                              "size 1 is 0");
    expect_error<input_error>([] { return MLP<f64>({2, 3, 1}, {A::tanh}, Loss::mse); },
                              "2 layers but 1 activations");
    expect_error<input_error>([] { return MLP<f64>({2, 3, 2}, {A::softmax, A::identity}, Loss::mse); },
                              "softmax on hidden layer 1");
    expect_error<input_error>(
        [] { return MLP<f64>({2, 3, 2}, {A::tanh, A::identity}, Loss::cross_entropy); },
        "needs softmax on the output layer");
    expect_error<input_error>(
        [] { return MLP<f64>({2, 3, 2}, {A::tanh, A::softmax}, Loss::softmax_cross_entropy); },
        "needs identity on the output layer");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ch05_exercises)

BOOST_AUTO_TEST_CASE(right_answers_pass) {
    using exercise::Outcome;
    const auto results = {
        ch05::check_output_delta([](const R& z, const R& y) {
            return R(2) * (sigmoid(z) - y) * sigmoid_derivative(z);
        }),
        ch05::check_divide_local([](const R& a, const R& b) {
            return std::array<R, 2>{R(1) / b, -a / (b * b)};
        }),
        ch05::check_dense_backward([](const RMat& dZ, const RMat& X, const RMat& W) {
            const DenseGradients<R> g = dense_backward(dZ, DenseCache<R>{X, W});
            return ch05::DenseGrads{g.dX, g.dW, g.db};
        }),
        ch05::check_backprop_221([](const RVec& theta, const std::array<R, 2>& x, const R& y) {
            MLP<R> net({2, 2, 1}, {Activation::sigmoid, Activation::sigmoid}, Loss::mse);
            net.set_parameters(theta);
            return net.gradient(RMat{{x[0], x[1]}}, RMat{{y}});
        }),
    };
    for (const auto& r : results) {
        BOOST_TEST((r.outcome == Outcome::passed), r.detail);
        BOOST_TEST(r.digits >= 29, r.detail);
    }
}

BOOST_AUTO_TEST_CASE(classic_mistakes_are_caught) {
    using exercise::Outcome;
    // The seeds' question: 'error times input' without φ'(z).
    const auto delta = ch05::check_output_delta([](const R& z, const R& y) { return R(2) * (sigmoid(z) - y); });
    BOOST_TEST((delta.outcome == Outcome::wrong));
    BOOST_TEST(delta.detail.find("y=") != std::string::npos, delta.detail);
    // ∂(a/b)/∂b with the sign lost.
    BOOST_TEST((ch05::check_divide_local([](const R& a, const R& b) {
                    return std::array<R, 2>{R(1) / b, a / (b * b)};
                }).outcome == Outcome::wrong));
    // dW = dZᵀ X has the shape of Wᵀ: caught by its shape.
    const auto transposed = ch05::check_dense_backward([](const RMat& dZ, const RMat& X, const RMat& W) {
        const DenseGradients<R> g = dense_backward(dZ, DenseCache<R>{X, W});
        return ch05::DenseGrads{g.dX, matmul(transpose(dZ), X), g.db};
    });
    BOOST_TEST((transposed.outcome == Outcome::wrong));
    BOOST_TEST(transposed.detail.find("dW is 2x4") != std::string::npos, transposed.detail);
    // db taken from the first example only.
    const auto first_row = ch05::check_dense_backward([](const RMat& dZ, const RMat& X, const RMat& W) {
        const DenseGradients<R> g = dense_backward(dZ, DenseCache<R>{X, W});
        return ch05::DenseGrads{g.dX, g.dW, row(dZ, 0)};
    });
    BOOST_TEST((first_row.outcome == Outcome::wrong));
    BOOST_TEST(first_row.detail.find("db") != std::string::npos, first_row.detail);
    // The hidden deltas without their σ'(z): the gradient of a different network.
    const auto no_hidden_slope = ch05::check_backprop_221([](const RVec& theta, const std::array<R, 2>& x, const R& y) {
        MLP<R> net({2, 2, 1}, {Activation::identity, Activation::sigmoid}, Loss::mse);
        MLP<R> right({2, 2, 1}, {Activation::sigmoid, Activation::sigmoid}, Loss::mse);
        right.set_parameters(theta);
        net.set_parameters(theta);
        // Take the right output layer, but hidden gradients as if the hidden units were linear.
        RVec g = right.gradient(RMat{{x[0], x[1]}}, RMat{{y}});
        const RVec linear = net.gradient(RMat{{x[0], x[1]}}, RMat{{y}});
        for (std::size_t k = 0; k < 6; ++k) {
            g[k] = linear[k];
        }
        return g;
    });
    BOOST_TEST((no_hidden_slope.outcome == Outcome::wrong));
}

BOOST_AUTO_TEST_SUITE_END()
