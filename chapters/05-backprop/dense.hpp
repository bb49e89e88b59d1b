/// \file
/// \brief Chapter 5, step 2: a dense layer and an activation layer, each with its forward
///        pass, the cache it leaves, and the backward pass that reads only that cache.
///
/// A batch holds one example per row: X is B × n_inputs, W is n_inputs × n_outputs, and
/// Z = XW + b is B × n_outputs (\ref notation). The page is \ref ch05_backprop, at
/// \ref ch05_dense "section 3: a dense layer"; the tests are tests/test_ch05_backprop.cpp.
#pragma once

#include "01-neuron/neuron.hpp"
#include "02-activations/activations.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace nnref {

//! [dense-forward]
/// What dense_backward needs from the forward pass: the input and the weights.
/// Chapter 5, \ref ch05_dense "section 3: a dense layer".
template <Real T>
struct DenseCache {
    Matrix<T> X;  ///< the layer's input, B × n_inputs
    Matrix<T> W;  ///< its weights, n_inputs × n_outputs
};

/// The output of dense_forward, and its cache.
/// Chapter 5, \ref ch05_dense "section 3: a dense layer".
template <Real T>
struct DenseForward {
    Matrix<T> Z;           ///< pre-activations, B × n_outputs
    DenseCache<T> cache;  ///< for dense_backward
};

/// A dense (fully connected) layer: every output is a weighted sum of every input.
/// \f[ z_{nj} = \sum_{i} x_{ni} W_{ij} + b_j, \qquad Z = X W + \mathbf{1} b^\top \f]
/// \param X inputs, B × n_inputs
/// \param W weights, n_inputs × n_outputs
/// \param b biases, n_outputs entries (added to every row)
/// \return Z, B × n_outputs, and the cache
template <Real T>
DenseForward<T> dense_forward(const Matrix<T>& X, const Matrix<T>& W, const std::vector<T>& b) {
    if (X.cols() != W.rows()) {
        throw shape_error("dense_forward: X is " + X.shape() + " but W is " + W.shape() +
                          "; X needs one column per row of W (" + std::to_string(W.rows()) +
                          " inputs)");
    }
    if (b.size() != W.cols()) {
        throw shape_error("dense_forward: b has " + std::to_string(b.size()) +
                          " entries but W is " + W.shape() + "; b needs one per column of W");
    }
    Matrix<T> Z = matmul(X, W);
    for (std::size_t n = 0; n < Z.rows(); ++n) {
        for (std::size_t j = 0; j < Z.cols(); ++j) {
            Z(n, j) += b[j];
        }
    }
    return {std::move(Z), {X, W}};
}
//! [dense-forward]

//! [dense-backward]
/// The gradients of a dense layer, each shaped like what it belongs to.
/// Chapter 5, \ref ch05_dense "section 3: a dense layer".
template <Real T>
struct DenseGradients {
    Matrix<T> dX;       ///< ∂L/∂X, B × n_inputs
    Matrix<T> dW;       ///< ∂L/∂W, n_inputs × n_outputs
    std::vector<T> db;  ///< ∂L/∂b, n_outputs
};

/// The dense layer's backward pass. Since \f$ \partial z_{nj} / \partial x_{ni} = W_{ij} \f$,
/// \f$ \partial z_{nj} / \partial W_{ij} = x_{ni} \f$ and \f$ \partial z_{nj} / \partial b_j = 1 \f$,
/// the chain rule sums over every z that an entry touches:
/// \f[ \frac{\partial L}{\partial x_{ni}} = \sum_j \frac{\partial L}{\partial z_{nj}} W_{ij},
///     \qquad \frac{\partial L}{\partial W_{ij}} = \sum_n x_{ni} \frac{\partial L}{\partial z_{nj}},
///     \qquad \frac{\partial L}{\partial b_j} = \sum_n \frac{\partial L}{\partial z_{nj}} \f]
/// and in matrix form
/// \f[ dX = dZ\, W^\top, \qquad dW = X^\top dZ, \qquad db = \mathbf{1}^\top dZ. \f]
/// The sums over n are why a parameter's gradient adds up the contributions of every
/// example in the batch.
/// \param dZ upstream gradient ∂L/∂Z, B × n_outputs
/// \param cache what dense_forward returned
/// \return dX, dW and db (assigned)
template <Real T>
DenseGradients<T> dense_backward(const Matrix<T>& dZ, const DenseCache<T>& cache) {
    if (dZ.rows() != cache.X.rows() || dZ.cols() != cache.W.cols()) {
        throw shape_error("dense_backward: dZ is " + dZ.shape() + " but the forward pass made Z " +
                          std::to_string(cache.X.rows()) + "x" + std::to_string(cache.W.cols()));
    }
    DenseGradients<T> g{matmul(dZ, transpose(cache.W)), matmul(transpose(cache.X), dZ),
                        std::vector<T>(dZ.cols(), T(0))};
    for (std::size_t n = 0; n < dZ.rows(); ++n) {
        for (std::size_t j = 0; j < dZ.cols(); ++j) {
            g.db[j] += dZ(n, j);
        }
    }
    return g;
}
//! [dense-backward]

/// The activations of chapter 2 that a layer can apply. All act entry by entry except
/// softmax, which maps each row to probabilities (use it only on the output layer).
enum class Activation {
    identity,
    sigmoid,
    tanh,
    relu,
    leaky_relu,
    elu,
    softplus,
    gelu,
    gelu_tanh,
    silu,
    softmax
};

/// Every activation, in the order of the enum (for tests and help texts).
inline constexpr std::array<Activation, 11> all_activations = {
    Activation::identity, Activation::sigmoid,  Activation::tanh,      Activation::relu,
    Activation::leaky_relu, Activation::elu,    Activation::softplus,  Activation::gelu,
    Activation::gelu_tanh, Activation::silu,    Activation::softmax};

/// The activation's name, as the command line and the demo write it ("leaky_relu").
inline std::string_view name(Activation act) {
    constexpr std::array<std::string_view, 11> names = {
        "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu",
        "softplus", "gelu",    "gelu_tanh", "silu", "softmax"};
    return names.at(static_cast<std::size_t>(act));
}

/// \f$ \varphi(z) \f$ for one entry (not softmax).
template <Real T>
T activate(Activation act, const T& z) {
    switch (act) {
        case Activation::identity: return z;
        case Activation::sigmoid: return sigmoid(z);
        case Activation::tanh: return tanh_activation(z);
        case Activation::relu: return relu(z);
        case Activation::leaky_relu: return leaky_relu(z);
        case Activation::elu: return elu(z);
        case Activation::softplus: return softplus(z);
        case Activation::gelu: return gelu_erf(z);
        case Activation::gelu_tanh: return gelu_tanh(z);
        case Activation::silu: return silu(z);
        case Activation::softmax: break;
    }
    throw input_error("activate: softmax acts on a whole row, not on one entry");
}

/// \f$ \varphi'(z) \f$ for one entry (not softmax).
template <Real T>
T activate_derivative(Activation act, const T& z) {
    switch (act) {
        case Activation::identity: return T(1);
        case Activation::sigmoid: return sigmoid_derivative(z);
        case Activation::tanh: return tanh_derivative(z);
        case Activation::relu: return relu_derivative(z);
        case Activation::leaky_relu: return leaky_relu_derivative(z);
        case Activation::elu: return elu_derivative(z);
        case Activation::softplus: return softplus_derivative(z);
        case Activation::gelu: return gelu_erf_derivative(z);
        case Activation::gelu_tanh: return gelu_tanh_derivative(z);
        case Activation::silu: return silu_derivative(z);
        case Activation::softmax: break;
    }
    throw input_error("activate_derivative: softmax has a Jacobian, not a derivative per entry");
}

//! [activation-layer]
/// The activation layer: \f$ A = \varphi(Z) \f$ entry by entry, or row by row for softmax.
/// \param act the activation
/// \param Z pre-activations, B × n
/// \return A, B × n
template <Real T>
Matrix<T> activation_forward(Activation act, const Matrix<T>& Z) {
    if (act == Activation::softmax) {
        return softmax_rows(Z);
    }
    Matrix<T> A(Z.rows(), Z.cols());
    for (std::size_t k = 0; k < Z.size(); ++k) {
        A[k] = activate(act, Z[k]);
    }
    return A;
}

/// Its backward pass. An entry-wise φ only scales each gradient by its own slope; softmax
/// mixes a row, so it uses chapter 2's vector-Jacobian product:
/// \f[ dZ = dA \odot \varphi'(Z), \qquad
///     dz_n = \mathrm{softmax\_vjp}(a_n, da_n) = a_n \odot \bigl(da_n - (da_n \cdot a_n)\mathbf 1\bigr) \f]
/// \param act the activation
/// \param dA upstream gradient ∂L/∂A, B × n
/// \param Z the layer's pre-activations, B × n
/// \param A its outputs φ(Z), B × n (softmax's backward is written with them)
/// \return dZ, B × n (assigned)
template <Real T>
Matrix<T> activation_backward(Activation act, const Matrix<T>& dA, const Matrix<T>& Z,
                              const Matrix<T>& A) {
    require_same_shape(dA, Z, "activation_backward(dA, Z)");
    Matrix<T> dZ(Z.rows(), Z.cols());
    if (act == Activation::softmax) {
        for (std::size_t n = 0; n < Z.rows(); ++n) {
            const std::vector<T> dz = softmax_vjp(row(A, n), row(dA, n));
            for (std::size_t j = 0; j < Z.cols(); ++j) {
                dZ(n, j) = dz[j];
            }
        }
        return dZ;
    }
    for (std::size_t k = 0; k < Z.size(); ++k) {
        dZ[k] = dA[k] * activate_derivative(act, Z[k]);  // the chain rule's φ'(z) factor
    }
    return dZ;
}
//! [activation-layer]

}  // namespace nnref
