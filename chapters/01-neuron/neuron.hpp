/// \file
/// \brief Chapter 1: one neuron. Its forward pass z = w·x + b, a = φ(z); its gradients; the
///        perceptron learning rule; and a sigmoid neuron trained by gradient descent.
///
/// The page is \ref ch01_neuron; the tests are tests/test_ch01_neuron.cpp. Everything is
/// templated on the number type T, so the same code runs in f64 and is checked in hp50.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"

#include <boost/math/special_functions/log1p.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace nnref {

//! [sigmoid]
/// The logistic sigmoid, which squashes any real z into (0, 1).
/// \f[ \sigma(z) = \frac{1}{1 + e^{-z}} \f]
/// For z < 0 it uses the equal form \f$ e^{z} / (1 + e^{z}) \f$, so exp never overflows.
/// Chapter 2 (activations) studies it with the rest of the family.
template <Real T>
T sigmoid(const T& z) {
    using std::exp;
    if (z >= 0) {
        return T(1) / (T(1) + exp(-z));
    }
    const T e = exp(z);
    return e / (T(1) + e);
}

/// The sigmoid's derivative, written with the sigmoid itself.
/// \f[ \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr) \f]
template <Real T>
T sigmoid_derivative(const T& z) {
    const T s = sigmoid(z);
    return s * (T(1) - s);
}
//! [sigmoid]

//! [forward]
/// What the forward pass computed and the backward pass needs.
/// Chapter 1, \ref ch01_computes "section 1: what a neuron computes".
template <Real T>
struct NeuronCache {
    std::vector<T> w;  ///< weights, n_inputs
    std::vector<T> x;  ///< the input, n_inputs
    T z = 0;           ///< pre-activation w·x + b
    T a = 0;           ///< activation σ(z)
};

/// Forward pass of one sigmoid neuron.
/// \f[ z = w \cdot x + b = \sum_{i=1}^{n} w_i x_i + b, \qquad a = \sigma(z) \f]
/// \param w weights, n_inputs entries
/// \param b bias
/// \param x one input, n_inputs entries
/// \return z, a, and the w and x that the backward pass needs
template <Real T>
NeuronCache<T> neuron_forward(const std::vector<T>& w, const T& b, const std::vector<T>& x) {
    NeuronCache<T> cache{w, x, dot(w, x) + b, 0};
    cache.a = sigmoid(cache.z);
    return cache;
}
//! [forward]

//! [backward]
/// Gradients of a loss L with respect to the neuron's weights, bias and input.
/// Chapter 1, \ref ch01_gradients "section 2: the neuron's gradients".
template <Real T>
struct NeuronGradients {
    std::vector<T> dw;  ///< ∂L/∂w, n_inputs
    T db = 0;           ///< ∂L/∂b
    std::vector<T> dx;  ///< ∂L/∂x, n_inputs
};

/// Backward pass of one sigmoid neuron, by the chain rule through z.
/// \f[ \frac{\partial L}{\partial z} = \frac{\partial L}{\partial a}\,\sigma'(z)
///     = \frac{\partial L}{\partial a}\,a(1 - a), \qquad
///     \frac{\partial L}{\partial w_i} = \frac{\partial L}{\partial z}\,x_i, \qquad
///     \frac{\partial L}{\partial b} = \frac{\partial L}{\partial z}, \qquad
///     \frac{\partial L}{\partial x_i} = \frac{\partial L}{\partial z}\,w_i \f]
/// With da = 1 these are the gradients of a itself: ∂a/∂w = σ'(z)·x.
/// \param da the upstream gradient ∂L/∂a
/// \param cache what neuron_forward returned
/// \return the gradients (assigned, not accumulated)
template <Real T>
NeuronGradients<T> neuron_backward(const T& da, const NeuronCache<T>& cache) {
    // σ'(z) = a(1 − a): the forward pass already holds a, so no second exp is needed.
    const T dz = da * cache.a * (T(1) - cache.a);
    NeuronGradients<T> g{std::vector<T>(cache.w.size()), dz, std::vector<T>(cache.x.size())};
    for (std::size_t i = 0; i < cache.w.size(); ++i) {
        g.dw[i] = dz * cache.x[i];
        g.dx[i] = dz * cache.w[i];
    }
    return g;
}
//! [backward]

//! [perceptron]
/// Rosenblatt's perceptron (1958): a neuron whose activation is the step function.
/// Chapter 1, \ref ch01_perceptron "section 3: the perceptron".
template <Real T>
struct Perceptron {
    std::vector<T> w;  ///< weights, n_inputs
    T b = 0;           ///< bias
};

/// The perceptron's output, a hard 0/1 decision.
/// \f[ \hat y = H(w \cdot x + b), \qquad H(z) = \begin{cases} 1 & z \ge 0 \\ 0 & z < 0
///     \end{cases} \f]
template <Real T>
int perceptron_predict(const Perceptron<T>& p, const std::vector<T>& x) {
    return dot(p.w, x) + p.b >= 0 ? 1 : 0;
}

/// One step of the perceptron learning rule on example (x, y), y ∈ {0, 1}.
/// \f[ w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y) \f]
/// The weights move only on a mistake, towards x when y = 1 and away from it when y = 0.
/// \return the error y − ŷ (−1, 0 or +1)
template <Real T>
int perceptron_update(Perceptron<T>& p, const std::vector<T>& x, int y, const T& lr) {
    const int error = y - perceptron_predict(p, x);
    if (error != 0) {
        for (std::size_t i = 0; i < p.w.size(); ++i) {
            p.w[i] += lr * T(error) * x[i];
        }
        p.b += lr * T(error);
    }
    return error;
}
//! [perceptron]

/// How a perceptron's training went.
/// Chapter 1, \ref ch01_perceptron "section 3: the perceptron".
struct PerceptronRun {
    bool converged = false;              ///< an epoch ended with no mistakes
    std::size_t epochs = 0;              ///< epochs run
    std::vector<std::size_t> mistakes;   ///< mistakes in each epoch
};

/// Trains a perceptron, sweeping the examples in order, until an epoch has no mistakes or
/// `max_epochs` have run. It converges when the classes are linearly separable (Novikoff's
/// theorem, 1962), and never when they are not, like XOR (Minsky & Papert, 1969).
/// \param p the perceptron, trained in place; its w must have X.cols() entries
/// \param X examples, one per row (batch_size × n_inputs)
/// \param y labels, 0 or 1, one per row of X
/// \param lr the learning rate η
/// \param max_epochs when to give up
/// \return whether it converged, after how many epochs, and the mistakes per epoch
template <Real T>
PerceptronRun train_perceptron(Perceptron<T>& p, const Matrix<T>& X, const std::vector<int>& y,
                               const T& lr, std::size_t max_epochs) {
    if (X.rows() != y.size() || p.w.size() != X.cols()) {
        throw shape_error("train_perceptron: X is " + X.shape() + ", y has " +
                          std::to_string(y.size()) + " labels and w has " +
                          std::to_string(p.w.size()) + " weights; need one label per row of X "
                          "and one weight per column");
    }
    PerceptronRun run;
    while (run.epochs < max_epochs && !run.converged) {
        std::size_t mistakes = 0;
        for (std::size_t i = 0; i < X.rows(); ++i) {
            mistakes += perceptron_update(p, row(X, i), y[i], lr) != 0 ? 1 : 0;
        }
        run.mistakes.push_back(mistakes);
        ++run.epochs;
        run.converged = mistakes == 0;
    }
    return run;
}

//! [loss]
/// Binary cross-entropy of a sigmoid neuron, written from its logit z for stability.
/// \f[ \ell(z, y) = -y \log \sigma(z) - (1 - y) \log\bigl(1 - \sigma(z)\bigr)
///              = \log\bigl(1 + e^{z}\bigr) - y z \f]
/// and \f$ \log(1 + e^{z}) = \max(z, 0) + \log(1 + e^{-|z|}) \f$ never overflows.
/// Chapter 4 studies this loss and its relatives.
template <Real T>
T bce_from_logit(const T& z, const T& y) {
    using std::abs;
    using std::exp;
    return std::max(z, T(0)) + boost::math::log1p(exp(-abs(z))) - y * z;
}

/// Mean loss of a sigmoid neuron over a dataset.
/// \f[ L(w, b) = \frac{1}{N} \sum_{k=1}^{N} \ell(w \cdot x_k + b,\; y_k) \f]
/// \param w weights, n_inputs entries
/// \param b bias
/// \param X examples, N × n_inputs
/// \param y targets in [0, 1], N entries
/// \return the mean loss L
template <Real T>
T logistic_loss(const std::vector<T>& w, const T& b, const Matrix<T>& X, const std::vector<T>& y) {
    T sum = 0;
    for (std::size_t k = 0; k < X.rows(); ++k) {
        sum += bce_from_logit(dot(w, row(X, k)) + b, y[k]);
    }
    return sum / T(X.rows());
}

/// Gradient of the mean loss: the sigmoid's σ' cancels against the log's 1/σ, leaving
/// \f[ \frac{\partial L}{\partial w} = \frac{1}{N} \sum_{k} (a_k - y_k)\,x_k, \qquad
///     \frac{\partial L}{\partial b} = \frac{1}{N} \sum_{k} (a_k - y_k), \qquad
///     a_k = \sigma(w \cdot x_k + b) \f]
template <Real T>
NeuronGradients<T> logistic_loss_gradient(const std::vector<T>& w, const T& b, const Matrix<T>& X,
                                          const std::vector<T>& y) {
    NeuronGradients<T> g{std::vector<T>(w.size()), 0, {}};
    for (std::size_t k = 0; k < X.rows(); ++k) {
        const std::vector<T> x = row(X, k);
        const T error = sigmoid(dot(w, x) + b) - y[k];
        for (std::size_t i = 0; i < w.size(); ++i) {
            g.dw[i] += error * x[i];
        }
        g.db += error;
    }
    const T N = T(X.rows());
    for (auto& v : g.dw) {
        v /= N;
    }
    g.db /= N;
    return g;
}
//! [loss]

/// A sigmoid neuron fitted by gradient descent, with its loss after every epoch.
/// Chapter 1, \ref ch01_gradient_descent "section 4: gradient descent".
template <Real T>
struct LogisticFit {
    std::vector<T> w;     ///< final weights
    T b = 0;              ///< final bias
    std::vector<T> loss;  ///< mean loss before the first step and after each epoch
};

//! [train]
/// Full-batch gradient descent on the mean loss, starting from w = 0, b = 0.
/// \f[ w \leftarrow w - \eta \frac{\partial L}{\partial w}, \qquad
///     b \leftarrow b - \eta \frac{\partial L}{\partial b} \f]
/// \param X examples, N × n_inputs (N > 0)
/// \param y targets in [0, 1], N entries
/// \param lr the learning rate η
/// \param epochs how many steps to take
template <Real T>
LogisticFit<T> train_logistic(const Matrix<T>& X, const std::vector<T>& y, const T& lr,
                              std::size_t epochs) {
    if (X.rows() == 0 || X.rows() != y.size()) {
        throw shape_error("train_logistic: X is " + X.shape() + " and y has " +
                          std::to_string(y.size()) + " targets; need one target per row, N > 0");
    }
    LogisticFit<T> fit{std::vector<T>(X.cols(), T(0)), T(0), {}};
    fit.loss.push_back(logistic_loss(fit.w, fit.b, X, y));
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
        const auto g = logistic_loss_gradient(fit.w, fit.b, X, y);
        for (std::size_t i = 0; i < fit.w.size(); ++i) {
            fit.w[i] -= lr * g.dw[i];
        }
        fit.b -= lr * g.db;
        fit.loss.push_back(logistic_loss(fit.w, fit.b, X, y));
    }
    return fit;
}
//! [train]

}  // namespace nnref
