/// \file
/// \brief Chapter 6's claims as tests: each variant's step equals one computed by hand; a
///        mini-batch of N is batch descent and a mini-batch of 1 is SGD; a seed fixes the run;
///        the counts are right; divergence stops loudly; clipping by norm caps each step;
///        and Fashion-MNIST loads.
///
/// The page is \ref ch06_descent; these tests check its claims, and the suite
/// ch06_exercises checks its exercises (\ref ch06_exercises).
#include "06-descent/descent.hpp"
#include "06-descent/exercises.hpp"
#include "nnref/data/datasets.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace nnref;

namespace {

using R = hp50;
using RVec = std::vector<R>;

/// A linear model y_hat = x·w + b with squared error: small enough to step by hand.
MLP<R> linear_model(const RVec& theta) {
    MLP<R> net({2, 1}, {Activation::identity}, Loss::mse);
    net.set_parameters(theta);
    return net;
}

/// θ − lr · scale · ∇L for the linear model on (X, y), with the gradient from MLP (scale 1
/// is the right step; scale B is the classic mistake of summing instead of averaging).
RVec linear_step(const RVec& theta, const Matrix<R>& X, const RVec& y, const R& lr, const R& scale) {
    Matrix<R> Y(y.size(), 1);
    for (std::size_t n = 0; n < y.size(); ++n) {
        Y(n, 0) = y[n];
    }
    const RVec g = linear_model(theta).gradient(X, Y);
    RVec out(3);
    for (std::size_t k = 0; k < 3; ++k) {
        out[k] = theta[k] - lr * scale * g[k];
    }
    return out;
}

struct Toy {
    Matrix<R> X{{R(1), R(2)}, {R(-1), R("0.5")}, {R(3), R(-2)}, {R("0.25"), R(1)}, {R(2), R(2)}};
    Matrix<R> Y{{R(1)}, {R(0)}, {R(-1)}, {R("0.5")}, {R(2)}};
};

/// θ after one step of θ ← θ − lr·(2/|S|) Σ_{n∈S} (x_n·w + b − y_n)(x_n, 1), written out.
RVec hand_step(const RVec& theta, const Toy& d, const std::vector<std::size_t>& S, const R& lr) {
    RVec grad(3, R(0));
    for (std::size_t n : S) {
        const R e = d.X(n, 0) * theta[0] + d.X(n, 1) * theta[1] + theta[2] - d.Y(n, 0);
        grad[0] += R(2) * e * d.X(n, 0);
        grad[1] += R(2) * e * d.X(n, 1);
        grad[2] += R(2) * e;
    }
    RVec out(3);
    for (std::size_t k = 0; k < 3; ++k) {
        out[k] = theta[k] - lr * grad[k] / R(S.size());
    }
    return out;
}

/// The example order of the first epoch for a seed: the same shuffle descend() makes.
std::vector<std::size_t> first_epoch_order(std::size_t N, std::uint64_t seed) {
    std::vector<std::size_t> order(N);
    for (std::size_t n = 0; n < N; ++n) {
        order[n] = n;
    }
    Rng rng(seed);
    rng.shuffle(order);
    return order;
}

DescentOptions<R> one_step(Variant v, std::size_t batch_size) {
    DescentOptions<R> o;
    o.variant = v;
    o.batch_size = batch_size;
    o.lr = R("0.05");
    o.epochs = 1;
    o.seed = 42;
    return o;
}

void expect_close(const RVec& a, const RVec& b) {
    BOOST_TEST_REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
        using std::abs;
        BOOST_TEST(abs(a[k] - b[k]) <= R("1e-48") * (abs(b[k]) + R(1)),
                   to_string(a[k]) + " vs " + to_string(b[k]));
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ch06_descent)

BOOST_AUTO_TEST_CASE(one_step_of_each_variant_equals_a_step_by_hand) {
    const Toy d;
    const RVec theta = {R("0.5"), R("-0.25"), R("0.125")};
    // Batch: one step on all five examples (an epoch is one step).
    {
        MLP<R> net = linear_model(theta);
        descend(net, d.X, d.Y, one_step(Variant::batch, 0));
        expect_close(net.parameters(), hand_step(theta, d, {0, 1, 2, 3, 4}, R("0.05")));
    }
    // Stochastic and mini-batch: the first step uses the first 1 or 2 of the shuffled order.
    const std::vector<std::size_t> order = first_epoch_order(5, 42);
    for (auto [variant, B] : {std::pair{Variant::stochastic, std::size_t{1}},
                              std::pair{Variant::mini_batch, std::size_t{2}}}) {
        MLP<R> net = linear_model(theta);
        DescentOptions<R> o = one_step(variant, B);
        RVec after_first;
        std::size_t steps = 0;
        descend(net, d.X, d.Y, o, [&](RVec& t, const RVec& g) {
            for (std::size_t k = 0; k < t.size(); ++k) {
                t[k] -= o.lr * g[k];
            }
            if (++steps == 1) {
                after_first = t;
            }
        });
        const std::vector<std::size_t> S(order.begin(), order.begin() + static_cast<long>(B));
        expect_close(after_first, hand_step(theta, d, S, R("0.05")));
    }
}

BOOST_AUTO_TEST_CASE(mini_batch_of_n_is_batch_descent) {
    const Toy d;
    const RVec theta = {R("0.3"), R("0.1"), R("-0.2")};
    MLP<R> a = linear_model(theta), b = linear_model(theta), c = linear_model(theta);
    DescentOptions<R> o = one_step(Variant::batch, 0);
    o.epochs = 4;
    descend(a, d.X, d.Y, o);
    o.variant = Variant::mini_batch;
    o.batch_size = 5;
    descend(b, d.X, d.Y, o);
    o.batch_size = 100;  // more than N: one batch of all N
    descend(c, d.X, d.Y, o);
    BOOST_TEST((a.parameters() == b.parameters()));  // bit for bit
    BOOST_TEST((a.parameters() == c.parameters()));
}

BOOST_AUTO_TEST_CASE(mini_batch_of_one_is_sgd) {
    const Toy d;
    const RVec theta = {R("0.3"), R("0.1"), R("-0.2")};
    MLP<R> a = linear_model(theta), b = linear_model(theta);
    DescentOptions<R> o = one_step(Variant::stochastic, 0);
    o.epochs = 3;
    const DescentRun<R> ra = descend(a, d.X, d.Y, o);
    o.variant = Variant::mini_batch;
    o.batch_size = 1;
    const DescentRun<R> rb = descend(b, d.X, d.Y, o);
    BOOST_TEST((a.parameters() == b.parameters()));
    BOOST_TEST((ra.step_loss == rb.step_loss));
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_run) {
    const Dataset<f64> d = spirals_dataset<f64>(30, 1.0, 0.05, 2);
    auto run = [&d](std::uint64_t seed) {
        MLP<f64> net({2, 8, 2}, {Activation::tanh, Activation::identity}, Loss::softmax_cross_entropy);
        Rng rng(1);
        net.init(rng);
        DescentOptions<f64> o;
        o.batch_size = 7;
        o.epochs = 5;
        o.seed = seed;
        descend(net, d.X, d.Y, o);
        return net.parameters();
    };
    BOOST_TEST((run(5) == run(5)));
    BOOST_TEST(!(run(5) == run(6)));
}

BOOST_AUTO_TEST_CASE(steps_and_gradient_evaluations_are_counted) {
    const Toy d;
    MLP<R> net = linear_model({R(0), R(0), R(0)});
    DescentOptions<R> o = one_step(Variant::mini_batch, 2);
    o.epochs = 3;
    const DescentRun<R> r = descend(net, d.X, d.Y, o);
    BOOST_TEST(r.steps == 9u);  // batches of 2, 2 and 1 per epoch
    BOOST_TEST(r.step_loss.size() == 9u);
    BOOST_TEST((r.examples_seen == std::vector<std::size_t>{0, 5, 10, 15}));
    BOOST_TEST(r.epoch_loss.size() == 4u);
    BOOST_TEST(r.epoch_loss.back() < r.epoch_loss.front());
    BOOST_TEST(!r.diverged);
}

BOOST_AUTO_TEST_CASE(divergence_stops_with_a_clear_message) {
    // In double, lr = 10 on this quadratic multiplies the error by about -60 per step, so
    // it overflows to inf within some 200 steps. (hp50's exponent range is far wider.)
    const Matrix<f64> X{{1, 2}, {-1, 0.5}, {3, -2}}, Y{{1}, {0}, {-1}};
    auto model = [] {
        MLP<f64> net({2, 1}, {Activation::identity}, Loss::mse);
        net.set_parameters({1, 1, 1});
        return net;
    };
    DescentOptions<f64> o;
    o.variant = Variant::batch;
    o.lr = 10;
    o.epochs = 1000;
    MLP<f64> net = model();
    try {
        descend(net, X, Y, o);
        BOOST_ERROR("a run with lr = 10 did not stop");
    } catch (const numeric_error& e) {
        const std::string m = e.what();
        BOOST_TEST(m.find("batch descent diverged in epoch") != std::string::npos, m);
        BOOST_TEST(m.find("try a smaller lr") != std::string::npos, m);
    }
    o.throw_on_divergence = false;
    MLP<f64> again = model();
    const DescentRun<f64> r = descend(again, X, Y, o);
    BOOST_TEST(r.diverged);
    BOOST_TEST(r.steps < 1000u);
    BOOST_TEST(r.message.find(" is inf") != std::string::npos, r.message);
    // A finite loss that grows past max_loss_growth times its start also counts.
    o.lr = 1;
    o.epochs = 5;
    o.max_loss_growth = 2;
    MLP<f64> growing = model();
    const DescentRun<f64> g = descend(growing, X, Y, o);
    BOOST_TEST(g.diverged);
    BOOST_TEST(g.message.find("more than 2 times") != std::string::npos, g.message);
}

BOOST_AUTO_TEST_CASE(an_output_that_overflows_stops_the_run) {
    // 1-1-1 linear chain, y_hat = w2 (w1 x + b1) + b2 = 1 at θ = (1, 0, 1, 0). One step with
    // lr = 1e200 leaves every parameter finite (about -2e200), but the next output is about
    // 8e400: inf. The loop must say so, not fail inside the loss.
    const Matrix<f64> X{{1}}, Y{{0}};
    MLP<f64> net({1, 1, 1}, {Activation::identity, Activation::identity}, Loss::mse);
    net.set_parameters({1, 0, 1, 0});
    DescentOptions<f64> o;
    o.variant = Variant::batch;
    o.lr = 1e200;
    o.epochs = 3;
    o.throw_on_divergence = false;
    const DescentRun<f64> r = descend(net, X, Y, o);
    BOOST_TEST(r.diverged);
    BOOST_TEST(r.steps == 1u);
    BOOST_TEST(r.message.find("the network's output[0,0] = inf") != std::string::npos, r.message);
    for (const f64 t : net.parameters()) {
        BOOST_TEST(std::isfinite(t));
    }
}

BOOST_AUTO_TEST_CASE(clipping_by_norm_keeps_the_direction_and_caps_the_length) {
    RVec g = {R(3), R(-4)};
    BOOST_TEST(clip_by_norm(g, R(1)) == R(5));
    BOOST_TEST(abs(g[0] - R(3) / R(5)) < R("1e-48"));  // (3, -4) / 5: length 1, same direction
    BOOST_TEST(abs(g[1] + R(4) / R(5)) < R("1e-48"));
    RVec short_one = {R(3), R(-4)};
    BOOST_TEST(clip_by_norm(short_one, R(5)) == R(5));  // at the limit: unchanged
    BOOST_TEST((short_one == RVec{R(3), R(-4)}));
    BOOST_CHECK_THROW(clip_by_norm(g, R(0)), input_error);
    BOOST_CHECK_THROW(clip_by_norm(g, R(-1)), input_error);
}

BOOST_AUTO_TEST_CASE(clipping_in_the_loop_caps_every_step_at_lr_times_c) {
    const Toy d;
    const RVec theta0 = {R("0.5"), R("-0.25"), R("0.125")};
    DescentOptions<R> o = one_step(Variant::batch, 0);
    o.clip_norm = R(1) / R(100);  // far below this gradient's norm
    MLP<R> net = linear_model(theta0);
    const RVec g = net.gradient(d.X, d.Y);
    const DescentRun<R> r = descend(net, d.X, d.Y, o);
    BOOST_TEST(r.clipped == 1u);
    BOOST_TEST(r.grad_norm.size() == 1u);
    BOOST_TEST(abs(r.grad_norm[0] - euclidean_norm(g)) < R("1e-45"));
    RVec step(theta0.size());
    for (std::size_t k = 0; k < step.size(); ++k) {
        step[k] = theta0[k] - net.parameters()[k];
        // the same direction as the gradient: step = lr c g / |g|
        BOOST_TEST(abs(step[k] - o.lr * o.clip_norm * g[k] / euclidean_norm(g)) < R("1e-45"));
    }
    BOOST_TEST(abs(euclidean_norm(step) - o.lr * o.clip_norm) < R("1e-45"));
    // A limit no gradient reaches changes nothing, to the last bit.
    o.clip_norm = R(1000);
    o.epochs = 4;
    MLP<R> clipped = linear_model(theta0), plain = linear_model(theta0);
    const DescentRun<R> rc = descend(clipped, d.X, d.Y, o);
    o.clip_norm = R(0);
    descend(plain, d.X, d.Y, o);
    BOOST_TEST(rc.clipped == 0u);
    BOOST_TEST((clipped.parameters() == plain.parameters()));
    o.clip_norm = R(-1);
    BOOST_CHECK_THROW(descend(plain, d.X, d.Y, o), input_error);
}

BOOST_AUTO_TEST_CASE(bad_settings_are_refused) {
    const Toy d;
    MLP<R> net = linear_model({R(0), R(0), R(0)});
    DescentOptions<R> o = one_step(Variant::mini_batch, 0);
    BOOST_CHECK_THROW(descend(net, d.X, d.Y, o), input_error);  // batch_size 0
    o.batch_size = 2;
    o.lr = R(0);
    BOOST_CHECK_THROW(descend(net, d.X, d.Y, o), input_error);
    o.lr = R(1);
    BOOST_CHECK_THROW(descend(net, d.X, Matrix<R>(4, 1), o), shape_error);
    BOOST_CHECK_THROW(descend(net, Matrix<R>(0, 2), Matrix<R>(0, 1), o), shape_error);
}

BOOST_AUTO_TEST_CASE(fashion_mnist_rejects_a_missing_folder_and_an_unknown_part) {
    expect_error<input_error>([] { fashion_mnist_dataset<f64>("/nonexistent", "train", 1); },
                              "Fashion-MNIST was not found: '/nonexistent/train-images");
    expect_error<input_error>([] { fashion_mnist_dataset<f64>("/nonexistent", "validation", 1); },
                              "part must be 'train' or 't10k', not 'validation'");
}

BOOST_AUTO_TEST_SUITE_END()

// The tests that read Fashion-MNIST: skipped without it (tests/CMakeLists.txt), except in CI.
BOOST_AUTO_TEST_SUITE(ch06_fashion_mnist)

BOOST_AUTO_TEST_CASE(fashion_mnist_loads_pixels_in_0_1_and_its_labels) {
    const Dataset<f64> d = fashion_mnist_dataset<f64>(fashion_mnist_dir(data_dir()), "t10k", 20);
    BOOST_TEST(d.X.rows() == 20u);
    BOOST_TEST(d.X.cols() == 784u);
    BOOST_TEST(d.Y.cols() == 10u);
    f64 lo = 1, hi = 0;
    for (std::size_t k = 0; k < d.X.size(); ++k) {
        lo = std::min(lo, d.X[k]);
        hi = std::max(hi, d.X[k]);
    }
    BOOST_TEST(lo == 0.0);
    BOOST_TEST(hi == 1.0);
    BOOST_TEST(d.labels[0] == 9);  // the first test image is an ankle boot
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ch06_exercises)

BOOST_AUTO_TEST_CASE(right_answers_pass) {
    using exercise::Outcome;
    const auto results = {
        ch06::check_linear_step([](const RVec& theta, const Matrix<R>& X, const RVec& y, const R& lr) {
            return linear_step(theta, X, y, lr, R(1));
        }),
        ch06::check_batch_mean_variance([](const RVec& v, std::size_t B) {
            R mean = 0, s2 = 0;
            for (const R& x : v) {
                mean += x / R(v.size());
            }
            for (const R& x : v) {
                s2 += (x - mean) * (x - mean) / R(v.size());
            }
            return s2 / R(B) * R(v.size() - B) / R(v.size() - 1);
        }),
        ch06::check_largest_stable_lr([](const R& a) { return R(2) / a; }),
    };
    for (const auto& r : results) {
        BOOST_TEST((r.outcome == Outcome::passed), r.detail);
        BOOST_TEST(r.digits >= 45, r.detail);
    }
}

BOOST_AUTO_TEST_CASE(classic_mistakes_are_caught) {
    using exercise::Outcome;
    // The gradient summed over the batch instead of averaged.
    const auto summed = ch06::check_linear_step([](const RVec& theta, const Matrix<R>& X, const RVec& y, const R& lr) {
        return linear_step(theta, X, y, lr, R(X.rows()));
    });
    BOOST_TEST((summed.outcome == Outcome::wrong));
    BOOST_TEST(summed.detail.find("B=") != std::string::npos, summed.detail);
    // σ²/B, forgetting that the draws are without replacement.
    BOOST_TEST((ch06::check_batch_mean_variance([](const RVec& v, std::size_t B) {
                    R mean = 0, s2 = 0;
                    for (const R& x : v) {
                        mean += x / R(v.size());
                    }
                    for (const R& x : v) {
                        s2 += (x - mean) * (x - mean) / R(v.size());
                    }
                    return s2 / R(B);
                }).outcome == Outcome::wrong));
    // 1/a: the step that lands exactly on the minimum, not the stability bound.
    BOOST_TEST((ch06::check_largest_stable_lr([](const R& a) { return R(1) / a; }).outcome ==
                Outcome::wrong));
}

BOOST_AUTO_TEST_SUITE_END()
