/// \file
/// \brief Measuring training dynamics: deep networks, the size of each layer's gradient, the
///        bound that makes sigmoid gradients vanish, and how many units are silent or dead.
///
/// The page is \ref ch08_dynamics; the tests are tests/test_ch08_dynamics.cpp.
#pragma once

#include "05-backprop/mlp.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/norm.hpp"
#include "nnref/core/number.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace nnref {

/// A deep MLP: `depth` hidden layers of `width` units with the activation `hidden`, then a
/// linear output layer of n_outputs scores with softmax cross-entropy. Its weights are 0:
/// initialize it (MLP::init, or chapter 8's initialize).
/// \param n_inputs features per example
/// \param depth hidden layers, at least 1
/// \param width units per hidden layer
/// \param n_outputs classes
/// \param hidden the hidden layers' activation (not softmax)
template <Real T>
MLP<T> deep_mlp(std::size_t n_inputs, std::size_t depth, std::size_t width, std::size_t n_outputs,
                Activation hidden) {
    if (depth == 0) {
        throw input_error("deep_mlp: depth must be at least 1 hidden layer");
    }
    std::vector<std::size_t> sizes = {n_inputs};
    std::vector<Activation> activations;
    for (std::size_t l = 0; l < depth; ++l) {
        sizes.push_back(width);
        activations.push_back(hidden);
    }
    sizes.push_back(n_outputs);
    activations.push_back(Activation::identity);
    return MLP<T>(sizes, activations, Loss::softmax_cross_entropy);
}

/// The size of each layer's gradients on one batch, layer 1 (next to the input) first.
/// Chapter 8, \ref ch08_vanishing "section 1: vanishing gradients".
template <Real T>
struct GradientNorms {
    std::vector<T> dW;  ///< \f$ \lVert \partial L / \partial W^{(\ell)} \rVert_F \f$
    std::vector<T> dZ;  ///< \f$ \lVert \partial L / \partial Z^{(\ell)} \rVert_F \f$: the error signal itself
};

//! [gradient-norms]
/// Runs one forward and backward pass and measures every layer's gradient. With
/// \f$ dZ^{(\ell)} = \bigl(dZ^{(\ell+1)} W^{(\ell+1)\top}\bigr) \odot \varphi'(Z^{(\ell)}) \f$ and
/// \f$ dW^{(\ell)} = A^{(\ell-1)\top} dZ^{(\ell)} \f$ (chapter 5), the error signal is
/// multiplied, per layer going down, by a weight matrix and by \f$ \varphi' \f$. Their typical
/// sizes decide whether it shrinks (vanishes) or grows (explodes) with depth.
/// \param net the network
/// \param X inputs, B × n_inputs
/// \param Y targets, B × n_outputs
template <Real T>
GradientNorms<T> gradient_norms(const MLP<T>& net, const Matrix<T>& X, const Matrix<T>& Y) {
    const MlpGradients<T> g = net.backward(net.forward(X), Y);
    GradientNorms<T> norms;
    for (std::size_t l = 0; l < g.dW.size(); ++l) {
        norms.dW.push_back(frobenius_norm(g.dW[l]));
        norms.dZ.push_back(frobenius_norm(g.dZ[l]));
    }
    return norms;
}
//! [gradient-norms]

/// The average factor by which a norm changes per layer, from layer `first` to layer `last`
/// (0-based), as a geometric mean:
/// \f[ r = \Bigl(\frac{n_{\text{last}}}{n_{\text{first}}}\Bigr)^{1/(\text{last} - \text{first})}. \f]
/// r > 1 means the gradient grows towards the output, that is, it shrinks on its way down.
template <Real T>
T per_layer_ratio(const std::vector<T>& norms, std::size_t first, std::size_t last) {
    if (!(first < last && last < norms.size())) {
        throw input_error("per_layer_ratio: need first < last < " + std::to_string(norms.size()) +
                          ", got " + std::to_string(first) + " and " + std::to_string(last));
    }
    if (!(norms[first] > 0)) {
        throw numeric_error("per_layer_ratio: the norm of layer " + std::to_string(first + 1) +
                            " is " + to_short_string(norms[first]) + "; a ratio needs it positive");
    }
    using std::pow;
    return pow(norms[last] / norms[first], T(1) / T(last - first));
}

/// The spectral norm \f$ \lVert W \rVert_2 \f$, the largest factor by which W stretches a
/// vector, by power iteration on \f$ W^\top W \f$ from a fixed start. Each iterate's
/// \f$ \lVert W v \rVert / \lVert v \rVert \f$ is at most the true value, and climbs to it.
/// \param W any matrix
/// \param iterations how many multiplications by \f$ W^\top W \f$
template <Real T>
T spectral_norm(const Matrix<T>& W, int iterations = 200) {
    using std::sqrt;
    std::vector<T> v(W.cols(), T(1) / sqrt(T(W.cols())));  // a unit vector
    T estimate = T(0);
    for (int it = 0; it < iterations; ++it) {
        std::vector<T> u(W.rows(), T(0));  // u = W v, so |u| is the stretch of the unit v
        for (std::size_t i = 0; i < W.rows(); ++i) {
            for (std::size_t j = 0; j < W.cols(); ++j) {
                u[i] += W(i, j) * v[j];
            }
        }
        estimate = euclidean_norm(u);
        if (estimate == 0) {
            return estimate;  // v is in W's null space: W is 0, or the start was unlucky
        }
        std::fill(v.begin(), v.end(), T(0));  // v = Wᵀ u, made a unit vector again
        for (std::size_t i = 0; i < W.rows(); ++i) {
            for (std::size_t j = 0; j < W.cols(); ++j) {
                v[j] += W(i, j) * u[i];
            }
        }
        const T norm = euclidean_norm(v);
        for (T& x : v) {
            x /= norm;
        }
    }
    return estimate;
}

/// How one hidden layer's units behaved on a batch.
/// Chapter 8, \ref ch08_dead "section 4: dead ReLUs".
template <Real T>
struct LayerActivity {
    T mean;                    ///< mean of the activations A (all B × width entries)
    T variance;                ///< their variance about that mean
    T second_moment;           ///< \f$ \mathrm{E}[a^2] \f$, what the init schemes keep constant
    T sparsity;                ///< the fraction of activations exactly 0
    std::size_t silent = 0;    ///< units with \f$ z \le 0 \f$ for every example in the batch
    std::size_t units = 0;     ///< the layer's width
    std::vector<bool> is_silent;  ///< which units are silent, one entry per unit
};

//! [activity]
/// Measures each hidden layer (every layer but the output) on the batch X. For ReLU, a unit
/// with \f$ z \le 0 \f$ for every input outputs 0 and has \f$ \mathrm{relu}'(z) = 0 \f$ for every
/// input, so no example sends it a gradient: it is **dead**, and with this data it stays dead.
/// Leaky ReLU's such units still output \f$ \alpha z \f$ and pass \f$ \alpha \f$ times the
/// gradient, so they can come back. Sparsity counts activations exactly 0 (ReLU's off units;
/// Leaky ReLU has none).
/// \param net the network
/// \param X inputs, B × n_inputs
/// \return one entry per hidden layer, layer 1 first
template <Real T>
std::vector<LayerActivity<T>> layer_activity(const MLP<T>& net, const Matrix<T>& X) {
    const MlpForward<T> f = net.forward(X);
    std::vector<LayerActivity<T>> out;
    for (std::size_t l = 0; l + 1 < f.A.size(); ++l) {
        const Matrix<T>& A = f.A[l];
        const Matrix<T>& Z = f.Z[l];
        const T count = T(A.size());
        LayerActivity<T> s{T(0), T(0), T(0), T(0), 0, A.cols(), std::vector<bool>(A.cols())};
        std::size_t zeros = 0;
        for (std::size_t k = 0; k < A.size(); ++k) {
            s.mean += A[k];
            s.second_moment += A[k] * A[k];
            zeros += A[k] == 0;
        }
        s.mean /= count;
        s.second_moment /= count;
        for (std::size_t k = 0; k < A.size(); ++k) {  // a second pass: no cancellation
            s.variance += (A[k] - s.mean) * (A[k] - s.mean);
        }
        s.variance /= count;
        s.sparsity = T(zeros) / count;
        for (std::size_t j = 0; j < Z.cols(); ++j) {
            bool silent = true;
            for (std::size_t n = 0; n < Z.rows() && silent; ++n) {
                silent = !(Z(n, j) > 0);
            }
            s.is_silent[j] = silent;
            s.silent += silent;
        }
        out.push_back(s);
    }
    return out;
}
//! [activity]

/// How much the columns of A vary from row to row (from example to example): the standard
/// deviation of each column over the rows, as a root mean square over the columns,
/// \f[ s(A) = \Bigl( \frac{1}{m} \sum_{j=1}^{m} \frac{1}{B} \sum_{n=1}^{B}
///     (a_{nj} - \bar a_j)^2 \Bigr)^{1/2}, \qquad \bar a_j = \frac{1}{B} \sum_{n=1}^{B} a_{nj}. \f]
/// A layer whose outputs hardly differ between examples passes on almost nothing about them:
/// the sigmoid's slope is at most 1/4, so \f$ s(\sigma(Z)) \le s(Z)/4 \f$ (section 5 of
/// \ref ch08_dynamics).
/// \param A a batch of outputs, B × m
/// \return s(A)
template <Real T>
T spread_over_rows(const Matrix<T>& A) {
    using std::sqrt;
    T sum = T(0);
    for (std::size_t j = 0; j < A.cols(); ++j) {
        T mean = T(0), var = T(0);
        for (std::size_t i = 0; i < A.rows(); ++i) {
            mean += A(i, j);
        }
        mean /= T(A.rows());
        for (std::size_t i = 0; i < A.rows(); ++i) {  // a second pass: no cancellation
            var += (A(i, j) - mean) * (A(i, j) - mean);
        }
        sum += var / T(A.rows());
    }
    return sqrt(sum / T(A.cols()));
}

}  // namespace nnref
