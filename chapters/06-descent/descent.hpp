/// \file
/// \brief Chapter 6: gradient descent on the reference MLP, by the batch, one example at a
///        time (stochastic) or by mini-batches, with reshuffling from a seed and a guard
///        that stops a diverging run.
///
/// The three variants are one loop: a batch size of N (all examples) is batch gradient
/// descent, a batch size of 1 is stochastic gradient descent, and anything between is
/// mini-batch descent. The page is \ref ch06_descent; the tests are
/// tests/test_ch06_descent.cpp.
#pragma once

#include "05-backprop/mlp.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/norm.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace nnref {

/// How many examples each step looks at.
enum class Variant {
    batch,       ///< all N examples: the exact gradient of the training loss
    stochastic,  ///< one example: a cheap, noisy estimate (Robbins & Monro, 1951)
    mini_batch,  ///< batch_size examples: the compromise everyone uses
};

/// The variant's name: "batch", "stochastic" or "mini-batch".
inline std::string name(Variant v) {
    switch (v) {
        case Variant::batch: return "batch";
        case Variant::stochastic: return "stochastic";
        case Variant::mini_batch: return "mini-batch";
    }
    return "?";
}

/// The settings of a descent run.
/// Chapter 6, \ref ch06_one_loop "section 1: one loop, three batch sizes".
template <Real T>
struct DescentOptions {
    Variant variant = Variant::mini_batch;  ///< which examples each step sees
    std::size_t batch_size = 32;            ///< examples per step (mini-batch only)
    T lr = T(1) / T(10);                    ///< the learning rate η > 0
    std::size_t epochs = 10;                ///< passes over the training set
    std::uint64_t seed = 1;                 ///< seeds the reshuffling of every epoch
    bool throw_on_divergence = true;        ///< false: stop and report in DescentRun instead
    /// Also call it divergence when an epoch ends with the training loss above this many
    /// times its value before training (0: off; only inf and NaN stop the run). With a
    /// stable loss, a learning rate that is far too large gives a large finite loss, not inf.
    T max_loss_growth = T(0);
    /// Clips each step's gradient to this Euclidean norm before the update (0: off); see
    /// clip_by_norm. Chapter 8 shows why: in a deep network with large weights one step's
    /// gradient can be many orders of magnitude too large.
    T clip_norm = T(0);
};

/// What a run did. Losses are of the whole training set, measured after each epoch (and
/// before the first, at index 0); step losses are of each step's own batch.
/// Chapter 6, \ref ch06_one_loop "section 1: one loop, three batch sizes".
template <Real T>
struct DescentRun {
    std::vector<T> epoch_loss;                   ///< epochs + 1 entries: before training, then after each epoch
    std::vector<std::size_t> examples_seen;      ///< gradient evaluations (examples) so far, per epoch_loss entry
    std::vector<T> step_loss;                    ///< the loss of each step's batch, before its update
    std::vector<T> grad_norm;                    ///< the norm of each step's gradient, before any clipping
    std::size_t clipped = 0;                     ///< steps whose gradient clip_norm shortened
    std::size_t steps = 0;                       ///< updates made
    bool diverged = false;                       ///< stopped because the loss or a parameter left the finite numbers
    std::string message;                         ///< why it stopped early, when it did
};

/// An update rule: changes θ given the gradient of a batch's loss. The default is plain
/// gradient descent, θ ← θ − η g; chapter 7 passes its optimizers' `step` here.
template <Real T>
using UpdateRule = std::function<void(std::vector<T>& theta, const std::vector<T>& grad)>;

/// The batch size a variant uses on N examples.
/// \param variant the variant
/// \param batch_size the requested mini-batch size (used by mini_batch only)
/// \param n_examples N
/// \return N for batch, 1 for stochastic, batch_size for mini_batch (at most N)
inline std::size_t effective_batch_size(Variant variant, std::size_t batch_size,
                                        std::size_t n_examples) {
    switch (variant) {
        case Variant::batch: return n_examples;
        case Variant::stochastic: return 1;
        case Variant::mini_batch: break;
    }
    if (batch_size == 0) {
        throw input_error("mini-batch descent: batch_size must be at least 1");
    }
    return std::min(batch_size, n_examples);
}

/// The rows of X listed in `order[first, last)`, as a batch.
template <Real T>
Matrix<T> gather_rows(const Matrix<T>& X, const std::vector<std::size_t>& order, std::size_t first,
                      std::size_t last) {
    Matrix<T> B(last - first, X.cols());
    for (std::size_t r = first; r < last; ++r) {
        for (std::size_t j = 0; j < X.cols(); ++j) {
            B(r - first, j) = X(order[r], j);
        }
    }
    return B;
}

//! [clip]
/// Clipping by norm (Pascanu, Mikolov & Bengio, 2013): shortens g to length c if it is longer,
/// and keeps its direction,
/// \f[ g \leftarrow g \cdot \min\Bigl(1, \frac{c}{\lVert g \rVert}\Bigr), \qquad
///     \lVert g \rVert = \sqrt{\textstyle\sum_k g_k^2}. \f]
/// A step is then at most lr · c long, however steep the loss is where it stands.
/// \param grad g, changed in place
/// \param max_norm c > 0
/// \return ‖g‖ before clipping
template <Real T>
T clip_by_norm(std::vector<T>& grad, const T& max_norm) {
    if (!(max_norm > 0)) {
        throw input_error("clip_by_norm: max_norm = " + to_short_string(max_norm) +
                          " must be positive");
    }
    const T norm = euclidean_norm(grad);
    if (norm > max_norm) {
        const T scale = max_norm / norm;
        for (T& g : grad) {
            g *= scale;
        }
    }
    return norm;
}
//! [clip]

/// The first entry of A that is not finite, as "A[n,k] = value", or "" if all are finite.
template <Real T>
std::string first_non_finite(const Matrix<T>& A) {
    using std::isfinite;
    for (std::size_t n = 0; n < A.rows(); ++n) {
        for (std::size_t k = 0; k < A.cols(); ++k) {
            if (!isfinite(A(n, k))) {
                return "output[" + std::to_string(n) + "," + std::to_string(k) +
                       "] = " + to_short_string(A(n, k));
            }
        }
    }
    return "";
}

//! [descend]
/// Trains `net` by gradient descent on batches of the training set. Each epoch visits every
/// example once, in an order reshuffled from the seed (a batch of all N keeps the data's
/// order: the sum is the same, and so is every rounding):
/// \f[ \theta \leftarrow \theta - \eta\, \frac{1}{|\mathcal B|} \sum_{n \in \mathcal B}
///     \nabla_\theta \ell(x_n, y_n; \theta) \f]
/// for consecutive batches \f$ \mathcal B \f$ of the shuffled order; the last batch of an
/// epoch may be smaller. The 1/|B| is the loss's batch mean (chapter 4), so the step's size
/// does not depend on the batch size, only its noise does.
/// \param net the network, trained in place
/// \param X inputs, N × n_inputs
/// \param Y targets, N × n_outputs
/// \param options variant, batch size, learning rate, epochs, seed, clipping
/// \param update the update rule (empty: θ ← θ − lr·g); a lambda converts to it
/// \return the losses, the number of gradient evaluations, and whether it diverged
template <Real T>
DescentRun<T> descend(MLP<T>& net, const Matrix<T>& X, const Matrix<T>& Y,
                      const DescentOptions<T>& options,
                      const std::type_identity_t<UpdateRule<T>>& update = {}) {
    if (!(options.lr > 0)) {
        throw input_error("descent: lr = " + to_short_string(options.lr) + " must be positive");
    }
    if (!(options.clip_norm >= 0)) {
        throw input_error("descent: clip_norm = " + to_short_string(options.clip_norm) +
                          " must be positive, or 0 for no clipping");
    }
    const std::size_t N = X.rows();
    const std::size_t B = effective_batch_size(options.variant, options.batch_size, N == 0 ? 1 : N);
    DescentRun<T> run;
    run.epoch_loss.push_back(net.loss(X, Y));  // also checks the shapes and N > 0
    run.examples_seen.push_back(0);
    std::vector<std::size_t> order(N);
    for (std::size_t n = 0; n < N; ++n) {
        order[n] = n;
    }
    Rng rng(options.seed);
    std::vector<T> theta = net.parameters();
    std::size_t seen = 0;
    using std::isfinite;
    auto stop = [&](const std::string& what, std::size_t epoch) {
        run.diverged = true;
        run.message = name(options.variant) + " descent diverged in epoch " + std::to_string(epoch) +
                      " after " + std::to_string(run.steps) + " steps (lr = " +
                      to_short_string(options.lr) + "): " + what +
                      "; the steps are too large, try a smaller lr";
        if (options.throw_on_divergence) {
            throw numeric_error(run.message);
        }
    };
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
        if (B < N) {
            rng.shuffle(order);
        }
        for (std::size_t first = 0; first < N; first += B) {
            const std::size_t last = std::min(first + B, N);
            const Matrix<T> Xb = gather_rows(X, order, first, last);
            const Matrix<T> Yb = gather_rows(Y, order, first, last);
            const MlpForward<T> f = net.forward(Xb);
            // Huge finite weights can overflow inside the network (inf − inf = NaN) before
            // any parameter is inf; the loss would refuse such an output, so look first.
            if (const std::string bad = first_non_finite(f.A.back()); !bad.empty()) {
                stop("the network's " + bad, epoch);
                return run;
            }
            const T L = loss_value(net.loss_kind(), f.A.back(), Yb);
            run.step_loss.push_back(L);
            if (!isfinite(L)) {
                stop("the loss is " + to_short_string(L), epoch);
                return run;
            }
            std::vector<T> grad = net.flatten(net.backward(f, Yb));
            run.grad_norm.push_back(euclidean_norm(grad));
            if (options.clip_norm > 0 && run.grad_norm.back() > options.clip_norm) {
                clip_by_norm(grad, options.clip_norm);
                ++run.clipped;
            }
            if (update) {
                update(theta, grad);
            } else {
                for (std::size_t k = 0; k < theta.size(); ++k) {
                    theta[k] -= options.lr * grad[k];
                }
            }
            for (const T& t : theta) {
                if (!isfinite(t)) {
                    stop("a parameter became " + to_short_string(t), epoch);
                    return run;
                }
            }
            net.set_parameters(theta);
            seen += last - first;
            ++run.steps;
        }
        const MlpForward<T> f = net.forward(X);
        if (const std::string bad = first_non_finite(f.A.back()); !bad.empty()) {
            stop("the network's " + bad, epoch);
            return run;
        }
        const T L = loss_value(net.loss_kind(), f.A.back(), Y);
        run.epoch_loss.push_back(L);
        run.examples_seen.push_back(seen);
        if (!isfinite(L)) {
            stop("the training loss is " + to_short_string(L), epoch);
            return run;
        }
        if (options.max_loss_growth > 0 && L > options.max_loss_growth * run.epoch_loss.front()) {
            stop("the training loss grew from " + to_short_string(run.epoch_loss.front(), 4) +
                     " to " + to_short_string(L, 4) + ", more than " +
                     to_short_string(options.max_loss_growth) + " times",
                 epoch);
            return run;
        }
    }
    return run;
}
//! [descend]

/// The small network chapters 6, 7 and 8 train on Fashion-MNIST: 784 pixels, 32 ReLU units and
/// 10 class scores, with softmax cross-entropy, initialized from `seed` (chapter 5's MLP::init).
/// Small enough to train on 1000 images in a second in double, large enough to reach about
/// 80% on the test images.
/// \param seed seeds the initial weights
template <Real T>
MLP<T> fashion_mnist_mlp(std::uint64_t seed = 1) {
    MLP<T> net({784, 32, 10}, {Activation::relu, Activation::identity},
               Loss::softmax_cross_entropy);
    Rng rng(seed);
    net.init(rng);
    return net;
}

}  // namespace nnref
