/// \file
/// \brief Chapter 8's claims as tests, on fixed seeds: the sigmoid bound holds layer by layer;
///        sigmoid's gradients shrink by at least 4x per layer and ReLU's do not; large weights
///        make the gradient grow and clipping lets the network train; every init scheme has
///        its variance, within a tolerance set by the sample size; He keeps a ReLU network's
///        signal where Xavier halves it; dead ReLUs stay dead and Leaky ReLU keeps learning.
///        The inequalities follow from the maths on the page; no number was fitted to a run.
///        On Fashion-MNIST, with the same network, batches and rate, the sigmoid stays near a
///        uniform guess while tanh and ReLU learn, ReLU ends lower than tanh at lr 0.01 and
///        tanh is lower on average at lr 0.1.
///
/// The page is \ref ch08_dynamics.
#include "06-descent/descent.hpp"
#include "08-dynamics/dynamics.hpp"
#include "08-dynamics/init.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace nnref;

namespace {

/// A small two-class problem: n points in 8 dimensions, the class being the sign of the sum of
/// the first two coordinates. Enough for deep networks to have something to learn.
Dataset<f64> toy(std::size_t n, std::uint64_t seed) {
    Rng rng(seed);
    Dataset<f64> d{"toy", Matrix<f64>(n, 8), std::vector<int>(n), {}};
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < 8; ++j) {
            d.X(i, j) = rng.normal();
        }
        d.labels[i] = d.X(i, 0) + d.X(i, 1) > 0 ? 1 : 0;
    }
    d.Y = one_hot<f64>(d.labels, 2);
    return d;
}

MLP<f64> deep(Activation act, std::size_t depth, Init scheme, std::uint64_t seed = 1) {
    MLP<f64> net = deep_mlp<f64>(8, depth, 32, 2, act);
    Rng rng(seed);
    initialize(net, scheme, rng);
    return net;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ch08_dynamics)

// ---- Vanishing gradients -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_sigmoid_bound_holds_at_every_layer) {
    // dZ(l) = (dZ(l+1) W(l+1)^T) ⊙ σ'(Z(l)) with 0 < σ' ≤ 1/4, so
    // |dZ(l)|_F ≤ |W(l+1)|_2 / 4 · |dZ(l+1)|_F. spectral_norm is a lower estimate of |W|_2, so
    // passing with it is passing with the true value.
    const Dataset<f64> d = toy(200, 3);
    for (const Init scheme : {Init::xavier_normal, Init::he_normal, Init::uniform}) {
        const MLP<f64> net = deep(Activation::sigmoid, 10, scheme);
        const GradientNorms<f64> g = gradient_norms(net, d.X, d.Y);
        for (std::size_t l = 0; l + 1 < g.dZ.size(); ++l) {
            const f64 bound = spectral_norm(net.layers()[l + 1].W) / 4 * g.dZ[l + 1];
            BOOST_TEST(g.dZ[l] <= bound, name(scheme) << " layer " << l + 1 << ": " << g.dZ[l]
                                                      << " > " << bound);
        }
    }
}

BOOST_AUTO_TEST_CASE(spectral_norm_finds_the_largest_stretch) {
    // diag(3, -5) stretches by 5; a rank-one u v^T by |u| |v|.
    BOOST_TEST(std::abs(spectral_norm(Matrix<f64>{{3, 0}, {0, -5}}) - 5) < 1e-12);
    BOOST_TEST(std::abs(spectral_norm(Matrix<f64>{{2, 4}, {1, 2}}) - 5) < 1e-12);  // (2,1)(1,2)^T
    BOOST_TEST(spectral_norm(Matrix<f64>(3, 3)) == 0);
}

BOOST_AUTO_TEST_CASE(sigmoid_gradients_shrink_at_least_4x_per_layer_and_relus_do_not) {
    // With Xavier's init a layer multiplies the error signal by about
    // sqrt(n Var(w)) · rms σ' ≤ 1 · 1/4 going down, so ‖dW‖ grows at least 4x per layer
    // going up. For ReLU with zero biases, dW = A^T dZ: the forward halving of E[a²] and the
    // backward halving of E[dz²] cancel, so the ratio stays near 1 (here within [1/2, 2]).
    const Dataset<f64> d = toy(300, 4);
    for (const std::uint64_t seed : {1, 2, 3}) {
        const auto ratio = [&](Activation act) {
            const GradientNorms<f64> g = gradient_norms(deep(act, 10, Init::xavier_normal, seed), d.X, d.Y);
            return per_layer_ratio(g.dW, 1, 9);
        };
        BOOST_TEST(ratio(Activation::sigmoid) >= 3.5, "seed " << seed);  // ≥ 4 in expectation
        for (const Activation act : {Activation::relu, Activation::leaky_relu}) {
            const f64 r = ratio(act);
            BOOST_TEST((r > 0.5 && r < 2), name(act) << " seed " << seed << ": " << r);
        }
    }
}

BOOST_AUTO_TEST_CASE(sigmoids_gap_grows_with_depth_and_relus_does_not) {
    const Dataset<f64> d = toy(200, 5);
    auto gap = [&](Activation act, std::size_t depth) {
        const GradientNorms<f64> g = gradient_norms(deep(act, depth, Init::xavier_normal), d.X, d.Y);
        return g.dW.front() / g.dW[depth - 1];  // first hidden layer over last hidden layer
    };
    for (const std::size_t depth : {5, 10, 20}) {
        // 4 per layer, over depth − 1 layers; allow a factor 2 per layer of slack: 2^(depth-1).
        BOOST_TEST(gap(Activation::sigmoid, depth) < std::pow(2.0, -static_cast<f64>(depth - 1)));
        const f64 relu = gap(Activation::relu, depth);
        BOOST_TEST((relu > 0.1 && relu < 10), "depth " << depth << ": " << relu);
    }
}

// ---- Exploding gradients and clipping ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(large_weights_make_the_signal_grow_by_the_gain) {
    // A ReLU layer multiplies E[dz²] by about n Var(w) / 2: 1 for He, 2 for twice He's variance.
    const Dataset<f64> d = toy(300, 6);
    MLP<f64> net = deep(Activation::relu, 10, Init::he_normal);
    const GradientNorms<f64> he = gradient_norms(net, d.X, d.Y);
    for (auto& layer : net.layers()) {
        for (std::size_t k = 0; k < layer.W.size(); ++k) {
            layer.W[k] *= std::sqrt(2.0);
        }
    }
    const GradientNorms<f64> big = gradient_norms(net, d.X, d.Y);
    const f64 he_down = 1 / per_layer_ratio(he.dZ, 0, 9), big_down = 1 / per_layer_ratio(big.dZ, 0, 9);
    BOOST_TEST((he_down > 0.8 && he_down < 1.25), he_down);
    BOOST_TEST((big_down > 1.2 && big_down < 1.7), big_down);  // about sqrt 2
}

BOOST_AUTO_TEST_CASE(clipping_lets_a_network_with_exploding_gradients_train) {
    const Dataset<f64> d = toy(400, 7);
    auto network = [] {
        MLP<f64> net = deep(Activation::relu, 10, Init::he_normal);
        for (auto& layer : net.layers()) {
            for (std::size_t k = 0; k < layer.W.size(); ++k) {
                layer.W[k] *= 2;  // four times He's variance
            }
        }
        return net;
    };
    DescentOptions<f64> options;
    options.lr = 0.05;
    options.epochs = 20;
    options.seed = 6;
    options.throw_on_divergence = false;
    MLP<f64> plain = network();
    const DescentRun<f64> unclipped = descend(plain, d.X, d.Y, options);
    BOOST_TEST(unclipped.diverged, "final loss " << unclipped.epoch_loss.back());
    BOOST_TEST(unclipped.message.find("diverged") != std::string::npos, unclipped.message);

    options.clip_norm = 1;
    MLP<f64> clipped_net = network();
    const DescentRun<f64> clipped = descend(clipped_net, d.X, d.Y, options);
    BOOST_TEST(!clipped.diverged, clipped.message);
    BOOST_TEST(clipped.clipped > 0u);
    BOOST_TEST(clipped.grad_norm.front() > 100 * options.clip_norm);  // it did explode
    BOOST_TEST(clipped.epoch_loss.back() < clipped.epoch_loss.front() / 4);
    BOOST_TEST(accuracy(clipped_net, d.X, d.labels) > 0.75);  // chance is 0.5
}

// ---- Initialization ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(every_scheme_has_its_variance) {
    // One layer of 400 x 300 = 120000 weights. The sample variance s² of n draws has standard
    // deviation Var(w) sqrt((κ − 1)/n), with kurtosis κ = 3 (normal) or 9/5 (uniform); the
    // sample mean has standard deviation sqrt(Var(w)/n). Five of those is the tolerance: a
    // correct scheme fails it with probability below 1e-6, a wrong factor of 2 never passes.
    const std::size_t fan_in = 400, fan_out = 300;
    const f64 n = fan_in * fan_out;
    const std::vector<std::pair<Init, f64>> expected = {
        {Init::uniform, 0.2 * 0.2 / 3},
        {Init::normal, 0.2 * 0.2},
        {Init::xavier_uniform, 2.0 / (fan_in + fan_out)},
        {Init::xavier_normal, 2.0 / (fan_in + fan_out)},
        {Init::he_uniform, 2.0 / fan_in},
        {Init::he_normal, 2.0 / fan_in}};
    for (const auto& [scheme, variance] : expected) {
        BOOST_TEST_CONTEXT(name(scheme)) {
            BOOST_TEST(std::abs(init_variance<f64>(scheme, fan_in, fan_out, 0.2) - variance) < 1e-15);
            MLP<f64> layer({fan_in, fan_out}, {Activation::identity}, Loss::mse);
            Rng rng(11);
            initialize(layer, scheme, rng, 0.2);
            const Matrix<f64>& W = layer.layers()[0].W;
            f64 mean = 0, max_abs = 0;
            for (std::size_t k = 0; k < W.size(); ++k) {
                mean += W[k];
                max_abs = std::max(max_abs, std::abs(W[k]));
            }
            mean /= n;
            f64 s2 = 0;
            for (std::size_t k = 0; k < W.size(); ++k) {
                s2 += (W[k] - mean) * (W[k] - mean);
            }
            s2 /= n - 1;
            const f64 kurtosis = is_uniform(scheme) ? 9.0 / 5 : 3.0;
            BOOST_TEST(std::abs(mean) < 5 * std::sqrt(variance / n));
            BOOST_TEST(std::abs(s2 - variance) < 5 * variance * std::sqrt((kurtosis - 1) / n),
                       "s2 = " << s2 << ", Var(w) = " << variance);
            // The tolerance is tight enough to catch the classic mistakes: the same sample is
            // far outside it for half or twice the variance (He without its 2, or the 2 twice).
            for (const f64 wrong : {variance / 2, 2 * variance}) {
                BOOST_TEST(std::abs(s2 - wrong) > 5 * wrong * std::sqrt((kurtosis - 1) / n));
            }
            if (is_uniform(scheme)) {  // inside (−a, a), and reaching close to a
                const f64 a = init_limit<f64>(scheme, fan_in, fan_out, 0.2);
                BOOST_TEST(max_abs < a);
                BOOST_TEST(max_abs > 0.999 * a);
            }
            for (const f64 b : layer.layers()[0].b) {
                BOOST_TEST(b == 0);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(the_uniform_limits_are_the_papers) {
    // Glorot & Bengio eq. 16: U(±sqrt(6/(n_in + n_out))); He: U(±sqrt(6/n_in)).
    BOOST_TEST(std::abs(init_limit<f64>(Init::xavier_uniform, 100, 50, 1) - std::sqrt(6.0 / 150)) < 1e-15);
    BOOST_TEST(std::abs(init_limit<f64>(Init::he_uniform, 100, 50, 1) - std::sqrt(6.0 / 100)) < 1e-15);
    BOOST_TEST(init_limit<f64>(Init::uniform, 100, 50, 0.3) == 0.3);
    // In 50 digits, exactly: sqrt(3 · 2/(n_in + n_out)) squared is 6/150.
    const hp50 a = init_limit<hp50>(Init::xavier_uniform, 100, 50, hp50(1));
    BOOST_TEST(abs(a * a - hp50(6) / hp50(150)) < hp50("1e-48"));
}

BOOST_AUTO_TEST_CASE(he_keeps_a_relu_signal_and_xavier_halves_it) {
    // E[a²] of the next layer is n Var(w) E[a²] / 2 for ReLU: 1x for He, 1/2x for Xavier
    // (square layers). Over 9 layers: about 1 and 1/512. Wide layers keep the noise small.
    const Dataset<f64> d = toy(300, 8);
    auto second_moments = [&](Init scheme) {
        MLP<f64> net = deep_mlp<f64>(8, 10, 128, 2, Activation::relu);
        Rng rng(12);
        initialize(net, scheme, rng);
        return layer_activity(net, d.X);
    };
    const auto he = second_moments(Init::he_normal);
    const auto xavier = second_moments(Init::xavier_normal);
    const f64 he_change = he.back().second_moment / he.front().second_moment;
    const f64 xavier_change = xavier.back().second_moment / xavier.front().second_moment;
    BOOST_TEST((he_change > 0.25 && he_change < 4), he_change);
    BOOST_TEST(xavier_change < 1.0 / 100, xavier_change);  // 1/512 expected
}

BOOST_AUTO_TEST_CASE(bad_init_settings_are_refused) {
    MLP<f64> net = deep_mlp<f64>(4, 2, 3, 2, Activation::tanh);
    Rng rng(1);
    expect_error<input_error>([&] { initialize(net, Init::normal, rng, 0.0); }, "scale = 0 must be positive");
    expect_error<input_error>([&] { initialize(net, Init::uniform, rng, -1.0); }, "init uniform: scale = -1");
    expect_error<input_error>([] { init_limit<f64>(Init::xavier_normal, 3, 4, 1); }, "no limit");
    expect_error<input_error>([] { init_variance<f64>(Init::he_normal, 0, 4, 1); }, "has no weights");
    expect_error<input_error>([] { deep_mlp<f64>(4, 0, 3, 2, Activation::relu); }, "depth must be at least 1");
    expect_error<input_error>([] { per_layer_ratio<f64>({1, 2, 3}, 2, 1); }, "need first < last < 3");
    expect_error<numeric_error>([] { per_layer_ratio<f64>({0, 2, 3}, 0, 2); }, "the norm of layer 1 is 0");
}

// ---- Dead ReLUs and sparsity -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(layer_activity_counts_by_hand) {
    // One hidden ReLU layer of 3 units on 2 examples, weights chosen so that
    // z = (x, −x, x − 1) with x = 2 and x = 0.5: unit 2 is silent on both, unit 3 on one.
    MLP<f64> net({1, 3, 2}, {Activation::relu, Activation::identity}, Loss::softmax_cross_entropy);
    net.set_parameters({1, -1, 1, 0, 0, -1, /* output layer */ 1, 0, 0, 1, 0, 0, 0, 0});
    const std::vector<LayerActivity<f64>> a = layer_activity(net, Matrix<f64>{{2}, {0.5}});
    BOOST_TEST(a.size() == 1u);
    BOOST_TEST(a[0].units == 3u);
    BOOST_TEST(a[0].silent == 1u);
    BOOST_TEST((a[0].is_silent == std::vector<bool>{false, true, false}));
    // activations: (2, 0, 1) and (0.5, 0, 0): three zeros of six.
    BOOST_TEST(a[0].sparsity == 0.5);
    BOOST_TEST(std::abs(a[0].mean - 3.5 / 6) < 1e-15);
    BOOST_TEST(std::abs(a[0].second_moment - 5.25 / 6) < 1e-15);
    BOOST_TEST(std::abs(a[0].variance - (5.25 / 6 - (3.5 / 6) * (3.5 / 6))) < 1e-15);
}

BOOST_AUTO_TEST_SUITE_END()

// The tests that read Fashion-MNIST: skipped without it (tests/CMakeLists.txt), except in CI.
BOOST_AUTO_TEST_SUITE(ch08_fashion_mnist)

BOOST_AUTO_TEST_CASE(a_dead_first_layer_relu_never_comes_back) {
    // A first-layer unit with z ≤ 0 on every training input gets relu'(z) = 0 from every
    // example, so its weights and bias get exactly zero gradient, and the inputs do not change:
    // it stays dead, bit for bit, whatever the learning rate.
    const Dataset<f64> d = fashion_mnist_dataset<f64>(fashion_mnist_dir(data_dir()), "train", 300);
    MLP<f64> net = fashion_mnist_mlp<f64>();
    DescentOptions<f64> options;
    options.lr = 1;  // large enough to kill units
    options.epochs = 1;
    options.throw_on_divergence = false;
    std::size_t ever_dead = 0;
    for (std::uint64_t epoch = 1; epoch <= 6; ++epoch) {
        const LayerActivity<f64> before = layer_activity(net, d.X).front();
        const MLP<f64> old = net;
        options.seed = epoch;
        descend(net, d.X, d.Y, options);
        const LayerActivity<f64> after = layer_activity(net, d.X).front();
        for (std::size_t j = 0; j < before.units; ++j) {
            if (before.is_silent[j]) {
                ++ever_dead;
                BOOST_TEST(after.is_silent[j], "unit " << j << " came back in epoch " << epoch);
                for (std::size_t i = 0; i < net.n_inputs(); ++i) {
                    BOOST_TEST(net.layers()[0].W(i, j) == old.layers()[0].W(i, j));
                }
                BOOST_TEST(net.layers()[0].b[j] == old.layers()[0].b[j]);
            }
        }
    }
    BOOST_TEST(ever_dead > 0u);  // the test saw dead units (else it proved nothing)
}

BOOST_AUTO_TEST_CASE(at_a_large_rate_relu_collapses_and_leaky_relu_keeps_learning) {
    // Chapter 6's network on 1000 Fashion-MNIST images at lr 1 for 6 epochs (the demo's
    // section 4). Most ReLU units die and the loss stays near ln 10, a uniform guess; Leaky
    // ReLU units, silent as often, still pass α times the gradient and the loss keeps falling.
    const Dataset<f64> d = fashion_mnist_dataset<f64>(fashion_mnist_dir(data_dir()), "train", 1000);
    std::vector<f64> loss;
    std::vector<std::size_t> silent;
    for (const Activation act : {Activation::relu, Activation::leaky_relu}) {
        MLP<f64> net({784, 32, 10}, {act, Activation::identity}, Loss::softmax_cross_entropy);
        Rng rng(1);
        net.init(rng);
        DescentOptions<f64> options;
        options.lr = 1;
        options.epochs = 6;
        options.seed = 6;
        options.throw_on_divergence = false;
        loss.push_back(descend(net, d.X, d.Y, options).epoch_loss.back());
        silent.push_back(layer_activity(net, d.X).front().silent);
    }
    BOOST_TEST(silent[0] >= 24u);  // at least three quarters of ReLU's units are dead
    BOOST_TEST(loss[0] > std::log(10.0) - 0.1);
    BOOST_TEST(loss[1] < loss[0] - 0.5, "relu " << loss[0] << ", leaky " << loss[1]);
}

namespace {

/// The demo's section 6 network, 784-32-32-32-10, from the init suited to its activation.
MLP<f64> three_layers(Activation act, std::uint64_t seed) {
    MLP<f64> net = deep_mlp<f64>(784, 3, 32, 10, act);
    Rng rng(seed);
    initialize(net, act == Activation::relu ? Init::he_normal : Init::xavier_normal, rng);
    return net;
}

f64 mean(const std::vector<f64>& x, std::size_t first = 0) {  // of x[first], ..., x.back()
    f64 sum = 0;
    for (std::size_t k = first; k < x.size(); ++k) {
        sum += x[k];
    }
    return sum / static_cast<f64>(x.size() - first);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_sigmoid_layer_shrinks_the_differences_between_images) {
    // The sigmoid is 1/4-Lipschitz, |σ(z) − σ(z')| ≤ |z − z'| / 4, and a variance is half the
    // mean square difference of two draws, so each unit's spread over the images shrinks at
    // least 4x through σ: spread(A) ≤ spread(Z) / 4, at every layer, for any weights. After
    // three such layers the scores barely depend on the image; tanh's and ReLU's do.
    const Dataset<f64> d = fashion_mnist_dataset<f64>(fashion_mnist_dir(data_dir()), "train", 1000);
    for (const std::uint64_t seed : {1, 2, 3}) {
        std::vector<f64> scores;
        for (const Activation act : {Activation::sigmoid, Activation::tanh, Activation::relu}) {
            const MlpForward<f64> f = three_layers(act, seed).forward(d.X);
            scores.push_back(spread_over_rows(f.Z.back()));
            for (std::size_t l = 0; act == Activation::sigmoid && l + 1 < f.A.size(); ++l) {
                BOOST_TEST(spread_over_rows(f.A[l]) <= spread_over_rows(f.Z[l]) / 4,
                           "seed " << seed << " layer " << l + 1);
            }
        }
        BOOST_TEST(scores[0] < scores[1] / 10, "sigmoid " << scores[0] << ", tanh " << scores[1]);
        BOOST_TEST(scores[0] < scores[2] / 10, "sigmoid " << scores[0] << ", relu " << scores[2]);
    }
}

BOOST_AUTO_TEST_CASE(tanh_and_relu_train_faster_than_the_sigmoid) {
    // The demo's section 6 on two seeds (seed 1 is the demo's; a seed costs about 3.5 s). The
    // same network, data, batches and rate for the three activations, 10 epochs at lr 0.01 and
    // at lr 0.1. Claims: the sigmoid stays near ln 10, a uniform guess, while tanh and ReLU end
    // far below it; at lr 0.01 ReLU ends below tanh; at lr 0.1 tanh's loss is lower on average
    // over the 10 epochs (its final order with ReLU depends on the seed, so it is not tested);
    // and ReLU's gradients are the longest, so at one rate its steps are. Tried once on more
    // seeds: seeds 3 to 8 pass each loss inequality with 0.07 or more to spare, and on seeds 2
    // to 6 the ratios of the gradient norms are at least 1.38 (ReLU / tanh) and 2.3 (tanh /
    // sigmoid).
    const Dataset<f64> d = fashion_mnist_dataset<f64>(fashion_mnist_dir(data_dir()), "train", 1000);
    for (const std::uint64_t seed : {1, 2}) {
        for (const f64 lr : {0.01, 0.1}) {
            std::vector<std::vector<f64>> loss;
            std::vector<f64> step_norm;  // the mean gradient norm per step
            for (const Activation act : {Activation::sigmoid, Activation::tanh, Activation::relu}) {
                MLP<f64> net = three_layers(act, seed);
                DescentOptions<f64> options;
                options.lr = lr;
                options.epochs = 10;
                options.seed = 5 + seed;
                options.throw_on_divergence = false;
                const DescentRun<f64> run = descend(net, d.X, d.Y, options);
                loss.push_back(run.epoch_loss);
                step_norm.push_back(mean(run.grad_norm));
            }
            const f64 sigmoid = loss[0].back(), tanh = loss[1].back(), relu = loss[2].back();
            BOOST_TEST_CONTEXT("seed " << seed << " lr " << lr << ": sigmoid " << sigmoid
                                       << ", tanh " << tanh << ", relu " << relu) {
                BOOST_TEST(sigmoid > std::log(10.0) - 0.15);
                BOOST_TEST(tanh < sigmoid - 0.8);
                BOOST_TEST(relu < sigmoid - 0.8);
                if (lr < 0.05) {
                    BOOST_TEST(relu < tanh - 0.05);
                } else {
                    BOOST_TEST(mean(loss[1], 1) < mean(loss[2], 1) - 0.05);  // epochs 1 to 10
                }
                // ReLU's gradients are the largest, the sigmoid's the smallest.
                BOOST_TEST(step_norm[2] > 1.2 * step_norm[1], step_norm[2] << " " << step_norm[1]);
                BOOST_TEST(step_norm[1] > 2 * step_norm[0], step_norm[1] << " " << step_norm[0]);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
