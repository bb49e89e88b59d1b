/// \file
/// \brief Chapter 5, step 3: the reference multilayer perceptron, MLP<T>, with any depth, any
///        chapter-2 activation per layer and any chapter-4 loss; its backward pass; plain
///        gradient descent; and the same network rebuilt on the scalar graph of step 1.
///
/// Plain loops over Matrix<T>, templated on the number type, so the whole network's gradient
/// is checked at 50 digits. Chapter 9's fast MLP is tested against this one. The page is
/// \ref ch05_backprop; the tests are tests/test_ch05_backprop.cpp.
#pragma once

#include "04-losses/losses.hpp"
#include "05-backprop/dense.hpp"
#include "05-backprop/value.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"

#include <array>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace nnref {

/// The losses of chapter 4 that an MLP can train with. Each acts on the network's output A
/// (after the last layer's activation) and the targets Y, both B × n_outputs.
enum class Loss {
    mse,                    ///< mean squared error; any output activation
    huber,                  ///< Huber with δ = 1; any output activation
    bce,                    ///< binary cross-entropy; needs a sigmoid output
    bce_with_logits,        ///< binary cross-entropy on logits; needs an identity output
    cross_entropy,          ///< categorical cross-entropy; needs a softmax output
    softmax_cross_entropy,  ///< softmax and cross-entropy fused; needs an identity output
};

/// The loss's name, as the demo and messages write it.
inline std::string_view name(Loss loss) {
    constexpr std::array<std::string_view, 6> names = {
        "mse", "huber", "bce", "bce_with_logits", "cross_entropy", "softmax_cross_entropy"};
    return names.at(static_cast<std::size_t>(loss));
}

//! [loss]
/// L(A, Y), batch mean as in chapter 4.
template <Real T>
T loss_value(Loss loss, const Matrix<T>& A, const Matrix<T>& Y) {
    switch (loss) {
        case Loss::mse: return mse(A, Y);
        case Loss::huber: return huber(A, Y);
        case Loss::bce: return bce(A, Y);
        case Loss::bce_with_logits: return bce_with_logits(A, Y);
        case Loss::cross_entropy: return cross_entropy(A, Y);
        case Loss::softmax_cross_entropy: return softmax_cross_entropy(A, Y);
    }
    throw input_error("loss_value: unknown loss");
}

/// ∂L/∂A, the gradient that starts the backward pass.
template <Real T>
Matrix<T> loss_gradient(Loss loss, const Matrix<T>& A, const Matrix<T>& Y) {
    switch (loss) {
        case Loss::mse: return mse_gradient(A, Y);
        case Loss::huber: return huber_gradient(A, Y);
        case Loss::bce: return bce_gradient(A, Y);
        case Loss::bce_with_logits: return bce_with_logits_gradient(A, Y);
        case Loss::cross_entropy: return cross_entropy_gradient(A, Y);
        case Loss::softmax_cross_entropy: return softmax_cross_entropy_gradient(A, Y);
    }
    throw input_error("loss_gradient: unknown loss");
}
//! [loss]

/// One layer of an MLP: a dense layer followed by an activation.
/// Chapter 5, \ref ch05_network "section 4: a whole network".
template <Real T>
struct Layer {
    Matrix<T> W;            ///< weights, n_inputs × n_outputs
    std::vector<T> b;       ///< biases, n_outputs
    Activation activation;  ///< φ, applied to Z = XW + b
};

/// Everything the forward pass computed, layer by layer; backward reads only this.
/// Chapter 5, \ref ch05_network "section 4: a whole network".
template <Real T>
struct MlpForward {
    std::vector<DenseCache<T>> dense;  ///< each layer's input and weights
    std::vector<Matrix<T>> Z;          ///< each layer's pre-activations
    std::vector<Matrix<T>> A;          ///< each layer's outputs; A.back() is the network's
};

/// The gradient of the loss with respect to every layer's W and b.
/// Chapter 5, \ref ch05_network "section 4: a whole network".
template <Real T>
struct MlpGradients {
    std::vector<Matrix<T>> dW;       ///< one per layer, shaped like W
    std::vector<std::vector<T>> db;  ///< one per layer, shaped like b
    /// one per layer, shaped like Z: the error signal the chain rule carries down (chapter 8
    /// measures how it shrinks or grows from layer to layer)
    std::vector<Matrix<T>> dZ;
};

//! [mlp]
/// A multilayer perceptron: layers of dense + activation, and a loss.
///
/// \f[ A^{(0)} = X, \qquad Z^{(l)} = A^{(l-1)} W^{(l)} + \mathbf 1 b^{(l)\top}, \qquad
///     A^{(l)} = \varphi_l\bigl(Z^{(l)}\bigr), \qquad L = \mathcal L\bigl(A^{(\ell)}, Y\bigr) \f]
/// for l = 1, …, ℓ. The parameters can also be read and written as one flat vector θ
/// (W⁽¹⁾ row by row, then b⁽¹⁾, then W⁽²⁾, …), which is what the gradient checker and the
/// optimizers see.
/// Chapter 5, \ref ch05_network "section 4: a whole network".
template <Real T>
class MLP {
public:
    /// An MLP with zero weights; call init() before training.
    /// \param sizes n_inputs, then each layer's width, the last being n_outputs (at least 2 entries)
    /// \param activations one per layer (sizes.size() − 1 of them); softmax only on the last
    /// \param loss the loss, which must suit the output activation (see Loss)
    MLP(std::vector<std::size_t> sizes, std::vector<Activation> activations, Loss loss)
        : sizes_(std::move(sizes)), loss_(loss) {
        if (sizes_.size() < 2) {
            throw input_error("MLP: sizes needs n_inputs and at least one layer, got " +
                              std::to_string(sizes_.size()) + " number(s)");
        }
        for (std::size_t l = 0; l < sizes_.size(); ++l) {
            if (sizes_[l] == 0) {
                throw input_error("MLP: size " + std::to_string(l) + " is 0 in " + shape() +
                                  "; every layer needs at least one unit");
            }
        }
        if (activations.size() != sizes_.size() - 1) {
            throw input_error("MLP " + shape() + " has " + std::to_string(sizes_.size() - 1) +
                              " layers but " + std::to_string(activations.size()) +
                              " activations were given; give one per layer");
        }
        for (std::size_t l = 0; l + 1 < sizes_.size(); ++l) {
            if (activations[l] == Activation::softmax && l + 2 != sizes_.size()) {
                throw input_error("MLP: softmax on hidden layer " + std::to_string(l + 1) +
                                  "; it belongs on the output layer only");
            }
            layers_.push_back({Matrix<T>(sizes_[l], sizes_[l + 1]), std::vector<T>(sizes_[l + 1]),
                               activations[l]});
        }
        require_loss_fits_output();
    }

    /// The layer widths, "2-8-8-2".
    std::string shape() const {
        return join(sizes_, "-");
    }
    /// Width, activations and loss, e.g. "2-8-8-2 (tanh, tanh, identity; softmax_cross_entropy)".
    std::string describe() const {
        const auto activation = [](const Layer<T>& layer) { return std::string(name(layer.activation)); };
        return cat(shape(), " (", join(layers_, ", ", activation), "; ", name(loss_), ")");
    }
    /// Number of inputs per example.
    std::size_t n_inputs() const { return sizes_.front(); }
    /// Number of outputs per example.
    std::size_t n_outputs() const { return sizes_.back(); }
    /// The loss.
    Loss loss_kind() const { return loss_; }
    /// The layers, first to last.
    const std::vector<Layer<T>>& layers() const { return layers_; }
    /// The layers, first to last (to set weights by hand).
    std::vector<Layer<T>>& layers() { return layers_; }

    /// Draws every weight and bias from \f$ U(-1/\sqrt{n_{\text{inputs}}}, 1/\sqrt{n_{\text{inputs}}}) \f$,
    /// n_inputs being the layer's fan-in: PyTorch's default for a linear layer. Chapter 8
    /// compares initializations.
    /// \param rng the random source (seeded by the caller)
    void init(Rng& rng) {
        using std::sqrt;
        for (auto& layer : layers_) {
            const T s = T(1) / sqrt(T(layer.W.rows()));
            for (std::size_t k = 0; k < layer.W.size(); ++k) {
                layer.W[k] = rng.uniform(-s, s);
            }
            for (auto& v : layer.b) {
                v = rng.uniform(-s, s);
            }
        }
    }

    /// How many numbers θ holds.
    std::size_t parameter_count() const {
        std::size_t n = 0;
        for (const auto& layer : layers_) {
            n += layer.W.size() + layer.b.size();
        }
        return n;
    }
    /// θ: W⁽¹⁾ row by row, b⁽¹⁾, W⁽²⁾, b⁽²⁾, …
    std::vector<T> parameters() const {
        std::vector<T> theta;
        theta.reserve(parameter_count());
        for (const auto& layer : layers_) {
            theta.insert(theta.end(), layer.W.data().begin(), layer.W.data().end());
            theta.insert(theta.end(), layer.b.begin(), layer.b.end());
        }
        return theta;
    }
    /// Sets every parameter from θ, in the order of parameters().
    /// \param theta parameter_count() numbers
    void set_parameters(const std::vector<T>& theta) {
        if (theta.size() != parameter_count()) {
            throw shape_error("MLP " + shape() + ": set_parameters got " +
                              std::to_string(theta.size()) + " numbers, expected " +
                              std::to_string(parameter_count()));
        }
        std::size_t k = 0;
        for (auto& layer : layers_) {
            for (auto& v : layer.W.data()) {
                v = theta[k++];
            }
            for (auto& v : layer.b) {
                v = theta[k++];
            }
        }
    }

    //! [mlp-forward]
    /// The forward pass, keeping what backward needs.
    /// \param X inputs, B × n_inputs
    /// \return every layer's cache, Z and A
    MlpForward<T> forward(const Matrix<T>& X) const {
        require_inputs(X);
        MlpForward<T> f;
        const Matrix<T>* input = &X;
        for (const auto& layer : layers_) {
            DenseForward<T> d = dense_forward(*input, layer.W, layer.b);
            f.A.push_back(activation_forward(layer.activation, d.Z));
            f.Z.push_back(std::move(d.Z));
            f.dense.push_back(std::move(d.cache));
            input = &f.A.back();
        }
        return f;
    }
    //! [mlp-forward]

    /// The network's output \f$ A^{(\ell)} \f$ for a batch.
    /// \param X inputs, B × n_inputs
    /// \return outputs, B × n_outputs
    Matrix<T> predict(const Matrix<T>& X) const { return forward(X).A.back(); }

    /// The loss on a batch.
    /// \param X inputs, B × n_inputs
    /// \param Y targets, B × n_outputs
    T loss(const Matrix<T>& X, const Matrix<T>& Y) const {
        const MlpForward<T> f = forward(X);
        require_targets(X, Y);
        return loss_value(loss_, f.A.back(), Y);
    }

    //! [mlp-backward]
    /// The backward pass: the chain rule, layer by layer from the loss back to the input.
    /// \f[ dA^{(\ell)} = \frac{\partial L}{\partial A^{(\ell)}}, \qquad
    ///     dZ^{(l)} = dA^{(l)} \odot \varphi_l'\bigl(Z^{(l)}\bigr), \qquad
    ///     dW^{(l)} = A^{(l-1)\top} dZ^{(l)}, \qquad db^{(l)} = \mathbf 1^\top dZ^{(l)}, \qquad
    ///     dA^{(l-1)} = dZ^{(l)} W^{(l)\top} \f]
    /// \param f the forward pass of X
    /// \param Y targets, B × n_outputs
    /// \return dW, db and dZ of every layer (assigned)
    MlpGradients<T> backward(const MlpForward<T>& f, const Matrix<T>& Y) const {
        require_targets(f.dense.front().X, Y);
        MlpGradients<T> g{std::vector<Matrix<T>>(layers_.size()),
                          std::vector<std::vector<T>>(layers_.size()),
                          std::vector<Matrix<T>>(layers_.size())};
        Matrix<T> dA = loss_gradient(loss_, f.A.back(), Y);
        for (std::size_t l = layers_.size(); l-- > 0;) {
            g.dZ[l] = activation_backward(layers_[l].activation, dA, f.Z[l], f.A[l]);
            DenseGradients<T> d = dense_backward(g.dZ[l], f.dense[l]);
            g.dW[l] = std::move(d.dW);
            g.db[l] = std::move(d.db);
            dA = std::move(d.dX);  // flows on into the layer below
        }
        return g;
    }
    //! [mlp-backward]

    /// ∂L/∂θ as one flat vector, in the order of parameters().
    /// \param X inputs, B × n_inputs
    /// \param Y targets, B × n_outputs
    std::vector<T> gradient(const Matrix<T>& X, const Matrix<T>& Y) const {
        return flatten(backward(forward(X), Y));
    }

    /// Gradients as one flat vector, in the order of parameters().
    /// \param g what backward() returned
    std::vector<T> flatten(const MlpGradients<T>& g) const {
        std::vector<T> flat;
        flat.reserve(parameter_count());
        for (std::size_t l = 0; l < g.dW.size(); ++l) {
            flat.insert(flat.end(), g.dW[l].data().begin(), g.dW[l].data().end());
            flat.insert(flat.end(), g.db[l].begin(), g.db[l].end());
        }
        return flat;
    }

private:
    void require_loss_fits_output() const {
        const Activation out = layers_.back().activation;
        auto need = [&](Activation want, const char* why) {
            if (out != want) {
                throw input_error("MLP: the loss " + std::string(name(loss_)) + " needs " +
                                  std::string(name(want)) + " on the output layer (" + why +
                                  "), not " + std::string(name(out)));
            }
        };
        switch (loss_) {
            case Loss::bce: need(Activation::sigmoid, "it reads probabilities"); break;
            case Loss::cross_entropy: need(Activation::softmax, "it reads probability rows"); break;
            case Loss::bce_with_logits: need(Activation::identity, "it applies the sigmoid itself"); break;
            case Loss::softmax_cross_entropy:
                need(Activation::identity, "it applies the softmax itself");
                break;
            case Loss::mse:
            case Loss::huber:
                if (out == Activation::softmax && n_outputs() == 1) {
                    throw input_error("MLP: softmax over one output is always 1");
                }
                break;
        }
    }
    void require_inputs(const Matrix<T>& X) const {
        if (X.rows() == 0) {
            throw shape_error("MLP " + shape() + ": the dataset is empty (X is " + X.shape() +
                              "); it needs at least one example");
        }
        if (X.cols() != n_inputs()) {
            throw shape_error("MLP " + shape() + " takes " + std::to_string(n_inputs()) +
                              " inputs per example, but X is " + X.shape() + " (" +
                              std::to_string(X.cols()) + " columns)");
        }
    }
    void require_targets(const Matrix<T>& X, const Matrix<T>& Y) const {
        if (Y.rows() != X.rows() || Y.cols() != n_outputs()) {
            throw shape_error("MLP " + shape() + ": Y is " + Y.shape() + " but it needs one row per example and " +
                              std::to_string(n_outputs()) + " columns (" +
                              std::to_string(X.rows()) + "x" + std::to_string(n_outputs()) + ")");
        }
    }

    std::vector<std::size_t> sizes_;
    std::vector<Layer<T>> layers_;
    Loss loss_;
};
//! [mlp]

//! [gradient-descent]
/// Full-batch gradient descent, the update of chapter 1 for every parameter at once:
/// \f[ \theta \leftarrow \theta - \eta\, \nabla_\theta L(\theta) \f]
/// Chapter 6 compares it with stochastic and mini-batch descent.
/// \param net the network, updated in place
/// \param X inputs, B × n_inputs
/// \param Y targets, B × n_outputs
/// \param lr the learning rate η > 0
/// \param epochs how many steps
/// \param on_epoch called after each step with the epoch (from 1) and the loss before it;
///        may be empty
/// \return the loss before each step (epochs entries)
template <Real T>
std::vector<T> gradient_descent(MLP<T>& net, const Matrix<T>& X, const Matrix<T>& Y, const T& lr,
                                std::size_t epochs,
                                const std::function<void(std::size_t, const T&)>& on_epoch = {}) {
    if (!(lr > 0)) {
        throw input_error("gradient_descent: lr = " + to_short_string(lr) + " must be positive");
    }
    using std::isfinite;
    std::vector<T> history;
    std::vector<T> theta = net.parameters();
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
        const MlpForward<T> f = net.forward(X);                     // 1. forward pass
        const T L = loss_value(net.loss_kind(), f.A.back(), Y);     // 2. the loss
        if (!isfinite(L)) {
            throw numeric_error("gradient_descent: the loss is " + to_short_string(L) +
                                " at epoch " + std::to_string(epoch) + " (lr = " +
                                to_short_string(lr) + "); the steps diverged, try a smaller lr");
        }
        const MlpGradients<T> g = net.backward(f, Y);              // 3. backward pass
        std::size_t k = 0;                                          // 4. update
        for (std::size_t l = 0; l < g.dW.size(); ++l) {
            for (const T& d : g.dW[l].data()) {
                theta[k++] -= lr * d;
            }
            for (const T& d : g.db[l]) {
                theta[k++] -= lr * d;
            }
        }
        for (const T& t : theta) {
            if (!isfinite(t)) {
                throw numeric_error("gradient_descent: a parameter became " + to_short_string(t) +
                                    " at epoch " + std::to_string(epoch) + " (lr = " +
                                    to_short_string(lr) + "); the steps diverged, try a smaller lr");
            }
        }
        net.set_parameters(theta);
        history.push_back(L);
        if (on_epoch) {
            on_epoch(epoch, L);
        }
    }
    return history;
}
//! [gradient-descent]

/// The predicted class of each example: the largest output, or for one output, whether it
/// passes 1/2 (a probability) or 0 (a logit, identity output).
/// \param net the network
/// \param X inputs, B × n_inputs
/// \return one class per example
template <Real T>
std::vector<int> classify(const MLP<T>& net, const Matrix<T>& X) {
    const Matrix<T> A = net.predict(X);
    std::vector<int> out(A.rows());
    for (std::size_t n = 0; n < A.rows(); ++n) {
        if (A.cols() == 1) {
            const bool logit = net.layers().back().activation == Activation::identity;
            out[n] = A(n, 0) > (logit ? T(0) : T(1) / T(2)) ? 1 : 0;
            continue;
        }
        std::size_t best = 0;
        for (std::size_t k = 1; k < A.cols(); ++k) {
            if (A(n, k) > A(n, best)) {
                best = k;
            }
        }
        out[n] = static_cast<int>(best);
    }
    return out;
}

/// The fraction of examples whose predicted class is the label.
/// \param net the network
/// \param X inputs, B × n_inputs
/// \param labels the true classes, B entries
template <Real T>
double accuracy(const MLP<T>& net, const Matrix<T>& X, const std::vector<int>& labels) {
    const std::vector<int> predicted = classify(net, X);
    if (labels.size() != predicted.size()) {
        throw shape_error("accuracy: " + std::to_string(labels.size()) + " labels for " +
                          std::to_string(predicted.size()) + " examples");
    }
    std::size_t right = 0;
    for (std::size_t n = 0; n < labels.size(); ++n) {
        right += predicted[n] == labels[n] ? 1 : 0;
    }
    return static_cast<double>(right) / static_cast<double>(labels.size());
}

//! [graph]
/// The same network built from scalar Values: its loss node, and one leaf per parameter in
/// the order of MLP::parameters().
/// Chapter 5, \ref ch05_check "section 5: checking the whole network".
template <Real T>
struct GraphNetwork {
    Value<T> loss;                     ///< call loss.backward(), then read each leaf's grad()
    std::vector<Value<T>> parameters;  ///< θ as leaves
};

/// φ(z) on the scalar graph, composed from the graph's operations.
template <Real T>
Value<T> activate(Activation act, const Value<T>& z) {
    switch (act) {
        case Activation::identity: return z;
        case Activation::sigmoid: return sigmoid(z);
        case Activation::tanh: return tanh(z);
        case Activation::relu: return relu(z);
        case Activation::leaky_relu: return z.data() > 0 ? z : z * (T(1) / T(100));
        case Activation::elu: return z.data() > 0 ? z : exp(z) - T(1);
        case Activation::softplus: return log(exp(z) + T(1));
        case Activation::silu: return z * sigmoid(z);
        case Activation::gelu_tanh: {
            using std::sqrt;
            const T k = sqrt(T(2) / boost::math::constants::pi<T>());
            const Value<T> u = (z + literal<T>("0.044715") * z * z * z) * k;
            return z * sigmoid(u * T(2));
        }
        case Activation::gelu:
        case Activation::softmax: break;
    }
    throw input_error("the scalar graph has no " + std::string(name(act)) +
                      " entry by entry (gelu needs erf; softmax acts on rows)");
}

/// Builds L(θ) for a batch as a scalar graph, mirroring MLP::forward and the loss line by
/// line. The graph has one node per multiply and add, so keep networks small.
/// \param net the network whose parameters become the leaves
/// \param X inputs, B × n_inputs
/// \param Y targets, B × n_outputs
template <Real T>
GraphNetwork<T> mlp_on_graph(const MLP<T>& net, const Matrix<T>& X, const Matrix<T>& Y) {
    if (net.predict(X).rows() != Y.rows() || Y.cols() != net.n_outputs()) {
        throw shape_error("mlp_on_graph: Y is " + Y.shape() + ", expected " +
                          std::to_string(X.rows()) + "x" + std::to_string(net.n_outputs()));
    }
    GraphNetwork<T> g;
    std::size_t k = 0;
    const std::vector<T> theta = net.parameters();
    auto leaf = [&] {
        g.parameters.push_back(Value<T>(theta[k], "theta" + std::to_string(k)));
        return g.parameters[k++];
    };
    // A[n][j]: the current layer's input, one Value per entry.
    std::vector<std::vector<Value<T>>> A(X.rows());
    for (std::size_t n = 0; n < X.rows(); ++n) {
        for (std::size_t i = 0; i < X.cols(); ++i) {
            A[n].push_back(Value<T>(X(n, i)));
        }
    }
    for (const auto& layer : net.layers()) {
        std::vector<std::vector<Value<T>>> W(layer.W.rows());
        for (auto& row_of_W : W) {
            for (std::size_t j = 0; j < layer.W.cols(); ++j) {
                row_of_W.push_back(leaf());
            }
        }
        std::vector<Value<T>> b;
        for (std::size_t j = 0; j < layer.b.size(); ++j) {
            b.push_back(leaf());
        }
        for (auto& a : A) {
            std::vector<Value<T>> z(layer.W.cols());
            for (std::size_t j = 0; j < z.size(); ++j) {
                z[j] = b[j];
                for (std::size_t i = 0; i < a.size(); ++i) {
                    z[j] = z[j] + a[i] * W[i][j];
                }
            }
            if (layer.activation == Activation::softmax) {
                // e^{z_j − m} / Σ e^{z_k − m}; m is a constant, so it changes no derivative.
                T m = z[0].data();
                for (const auto& v : z) {
                    m = v.data() > m ? v.data() : m;
                }
                Value<T> sum(T(0));
                std::vector<Value<T>> e;
                for (const auto& v : z) {
                    e.push_back(exp(v - m));
                    sum = sum + e.back();
                }
                for (std::size_t j = 0; j < z.size(); ++j) {
                    z[j] = e[j] / sum;
                }
            } else {
                for (auto& v : z) {
                    v = activate(layer.activation, v);
                }
            }
            a = std::move(z);
        }
    }
    // The loss, batch mean as in chapter 4.
    Value<T> total(T(0));
    for (std::size_t n = 0; n < A.size(); ++n) {
        if (net.loss_kind() == Loss::softmax_cross_entropy) {
            T m = A[n][0].data();
            for (const auto& v : A[n]) {
                m = v.data() > m ? v.data() : m;
            }
            Value<T> sum(T(0));
            for (const auto& v : A[n]) {
                sum = sum + exp(v - m);
            }
            const Value<T> lse = log(sum) + m;
            for (std::size_t j = 0; j < A[n].size(); ++j) {
                total = total + (lse - A[n][j]) * Y(n, j);
            }
            continue;
        }
        for (std::size_t j = 0; j < A[n].size(); ++j) {
            const Value<T>& a = A[n][j];
            const T& y = Y(n, j);
            switch (net.loss_kind()) {
                case Loss::mse: total = total + pow(a - y, T(2)); break;
                case Loss::huber: {
                    const Value<T> r = a - y;
                    using std::abs;
                    total = total + (abs(r.data()) <= 1 ? r * r * (T(1) / T(2))
                                                        : (r.data() > 0 ? r : -r) - T(1) / T(2));
                    break;
                }
                case Loss::bce: total = total - log(a) * y - log(-a + T(1)) * (T(1) - y); break;
                case Loss::bce_with_logits: total = total + log(exp(a) + T(1)) - a * y; break;
                case Loss::cross_entropy:
                    if (y != 0) {
                        total = total - log(a) * y;
                    }
                    break;
                case Loss::softmax_cross_entropy: break;
            }
        }
    }
    const bool per_example = net.loss_kind() == Loss::cross_entropy ||
                             net.loss_kind() == Loss::softmax_cross_entropy;
    const T count = T(per_example ? Y.rows() : Y.size());
    g.loss = (total / count).named("L");
    return g;
}
//! [graph]

}  // namespace nnref
