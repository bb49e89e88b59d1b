/// \file
/// \brief Chapter 2: activation functions and their derivatives, in numerically stable forms.
///
/// Each activation φ comes with its derivative φ′, named as a pair (`relu` / `relu_derivative`).
/// Where textbooks write the derivative with the output a = φ(x), a `_from_output` form is
/// given too. Softmax maps a vector to a vector, so it has a Jacobian and a VJP instead.
/// The page is \ref ch02_activations; the tests are tests/test_ch02_activations.cpp.
///
/// **Convention at kinks.** ReLU and Leaky ReLU have no derivative at 0. nnref uses the
/// left slope there: relu′(0) = 0 and leaky_relu′(0) = α, as PyTorch does. Any value between
/// the one-sided slopes is a valid subgradient, and the gradient checker reports x = 0 as
/// a kink and accepts it.
#pragma once

#include "01-neuron/neuron.hpp"  // sigmoid and sigmoid_derivative, met in chapter 1
#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/log1p.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace nnref {

//! [sigmoid]
/// The sigmoid's derivative written with its output a = σ(x), as backpropagation uses it.
/// \f[ \sigma'(x) = a(1 - a) \f]
template <Real T>
T sigmoid_derivative_from_output(const T& a) {
    return a * (T(1) - a);
}
//! [sigmoid]

//! [tanh]
/// The hyperbolic tangent: an S-curve like σ, but centred on 0 with range (−1, 1).
/// \f[ \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1 \f]
template <Real T>
T tanh_activation(const T& x) {
    using std::tanh;
    return tanh(x);
}

/// \f[ \tanh'(x) = 1 - \tanh^2(x) = \frac{1}{\cosh^2 x} \f]
/// The second form keeps every digit when tanh(x) is close to ±1: there, 1 − tanh² subtracts
/// two nearly equal numbers (at x = 20 it loses 17 of the 50 digits).
template <Real T>
T tanh_derivative(const T& x) {
    using std::cosh;
    const T c = cosh(x);
    return T(1) / (c * c);
}

/// The derivative written with the output a = tanh(x), as backpropagation uses it.
/// \f[ \tanh'(x) = 1 - a^2 \f]
template <Real T>
T tanh_derivative_from_output(const T& a) {
    return T(1) - a * a;
}
//! [tanh]

//! [relu]
/// The rectified linear unit (Nair & Hinton, 2010). \f[ \mathrm{relu}(x) = \max(0, x) \f]
template <Real T>
T relu(const T& x) {
    return x > 0 ? x : T(0);
}

/// \f[ \mathrm{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases} \f]
/// At the kink x = 0 the convention is the left slope, 0.
template <Real T>
T relu_derivative(const T& x) {
    return x > 0 ? T(1) : T(0);
}
//! [relu]

//! [leaky-relu]
/// Leaky ReLU (Maas, Hannun & Ng, 2013): a small slope α for x < 0 keeps gradients alive.
/// \f[ \mathrm{leaky}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases} \f]
/// \param x the input
/// \param alpha the negative slope, default 0.01
template <Real T>
T leaky_relu(const T& x, const T& alpha = T(1) / T(100)) {
    return x > 0 ? x : alpha * x;
}

/// \f[ \mathrm{leaky}'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases} \f]
/// At the kink x = 0 the convention is the left slope, α.
/// \param x the input
/// \param alpha the negative slope, default 0.01
template <Real T>
T leaky_relu_derivative(const T& x, const T& alpha = T(1) / T(100)) {
    return x > 0 ? T(1) : alpha;
}
//! [leaky-relu]

//! [elu]
/// The exponential linear unit (Clevert, Unterthiner & Hochreiter, 2016): smooth for α = 1,
/// and its negative side saturates at −α, which pushes mean activations towards 0.
/// \f[ \mathrm{elu}(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases} \f]
/// `expm1` computes \f$ e^{x} - 1 \f$ without cancellation for small |x|.
/// \param x the input
/// \param alpha the saturation value, default 1
template <Real T>
T elu(const T& x, const T& alpha = T(1)) {
    using std::expm1;
    return x > 0 ? x : alpha * expm1(x);
}

/// \f[ \mathrm{elu}'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases} \f]
/// \param x the input
/// \param alpha the saturation value, default 1
template <Real T>
T elu_derivative(const T& x, const T& alpha = T(1)) {
    using std::exp;
    return x > 0 ? T(1) : alpha * exp(x);
}
//! [elu]

//! [softplus]
/// Softplus, a smooth ReLU (Dugas et al., 2001). Its derivative is the sigmoid.
/// \f[ \mathrm{softplus}(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|}) \f]
/// The second form never overflows, and log1p keeps the digits of a tiny \f$ e^{-|x|} \f$.
template <Real T>
T softplus(const T& x) {
    using std::abs;
    using std::exp;
    return std::max(x, T(0)) + boost::math::log1p(exp(-abs(x)));
}

/// \f[ \mathrm{softplus}'(x) = \frac{e^{x}}{1 + e^{x}} = \sigma(x) \f]
template <Real T>
T softplus_derivative(const T& x) {
    return sigmoid(x);
}
//! [softplus]

//! [gelu]
/// GELU, the Gaussian error linear unit (Hendrycks & Gimpel, 2016), exact form: x times the
/// standard normal CDF Φ, so an input is kept in proportion to how likely it is to be large.
/// \f[ \mathrm{gelu}(x) = x\,\Phi(x), \qquad
///     \Phi(x) = \frac{1}{2}\left(1 + \mathrm{erf}\frac{x}{\sqrt 2}\right)
///             = \frac{1}{2}\,\mathrm{erfc}\left(-\frac{x}{\sqrt 2}\right) \f]
/// The erfc form keeps its digits for x ≪ 0, where 1 + erf(x/√2) cancels (at x = −6 it
/// loses 9 digits).
template <Real T>
T gelu_erf(const T& x) {
    using boost::math::constants::root_two;
    return x * boost::math::erfc(-x / root_two<T>()) / T(2);
}

/// \f[ \mathrm{gelu}'(x) = \Phi(x) + x\,\Phi'(x), \qquad
///     \Phi'(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}} \f]
/// by the product rule; Φ′, the derivative of the normal CDF, is the normal density.
template <Real T>
T gelu_erf_derivative(const T& x) {
    using boost::math::constants::one_div_root_two_pi;
    using boost::math::constants::root_two;
    using std::exp;
    const T Phi = boost::math::erfc(-x / root_two<T>()) / T(2);
    const T Phi_prime = one_div_root_two_pi<T>() * exp(-x * x / T(2));
    return Phi + x * Phi_prime;
}

/// GELU's tanh approximation (Hendrycks & Gimpel, 2016, section 2), used by GPT-2 and BERT.
/// It is a different function from gelu_erf: they differ by up to about 5e-4.
/// \f[ \mathrm{gelu}_{\tanh}(x) = \frac{x}{2}\bigl(1 + \tanh u\bigr) = x\,\sigma(2u),
///     \qquad u = \sqrt{2/\pi}\,\bigl(x + 0.044715\,x^3\bigr) \f]
/// The σ(2u) form, from \f$ 1 + \tanh u = 2\sigma(2u) \f$, does not cancel for u ≪ 0.
template <Real T>
T gelu_tanh(const T& x) {
    using boost::math::constants::two_div_pi;
    using std::sqrt;
    const T u = sqrt(two_div_pi<T>()) * (x + literal<T>("0.044715") * x * x * x);
    return x * sigmoid(T(2) * u);
}

/// With s = σ(2u), by the product and chain rules (σ′ = σ(1 − σ)):
/// \f[ \mathrm{gelu}_{\tanh}'(x) = s + x \cdot 2 s (1 - s) \cdot \frac{du}{dx}, \qquad
///     \frac{du}{dx} = \sqrt{2/\pi}\,\bigl(1 + 3 \cdot 0.044715\,x^2\bigr) \f]
template <Real T>
T gelu_tanh_derivative(const T& x) {
    using boost::math::constants::two_div_pi;
    using std::sqrt;
    const T c = literal<T>("0.044715");
    const T k = sqrt(two_div_pi<T>());
    const T u = k * (x + c * x * x * x);
    const T s = sigmoid(T(2) * u);
    const T one_minus_s = sigmoid(-T(2) * u);  // 1 − σ(v) = σ(−v), without cancellation
    return s + x * T(2) * s * one_minus_s * k * (T(1) + T(3) * c * x * x);
}
//! [gelu]

//! [silu]
/// SiLU, also called swish (Elfwing, Uchibe & Doya, 2018; Ramachandran, Zoph & Le, 2017):
/// the input gated by its own sigmoid.
/// \f[ \mathrm{silu}(x) = x\,\sigma(x) \f]
template <Real T>
T silu(const T& x) {
    return x * sigmoid(x);
}

/// By the product rule, with σ′ = σ(1 − σ):
/// \f[ \mathrm{silu}'(x) = \sigma(x) + x\,\sigma(x)\bigl(1 - \sigma(x)\bigr)
///     = \sigma(x)\bigl(1 + x(1 - \sigma(x))\bigr) \f]
template <Real T>
T silu_derivative(const T& x) {
    const T s = sigmoid(x);
    return s * (T(1) + x * sigmoid(-x));  // 1 − σ(x) = σ(−x), exact for large x
}
//! [silu]

//! [softmax]
/// Softmax turns scores z into probabilities p that are positive and sum to 1.
/// \f[ p_i = \frac{e^{z_i}}{\sum_j e^{z_j}} = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}},
///     \qquad m = \max_j z_j \f]
/// Subtracting m changes nothing mathematically, but keeps every exponent ≤ 0, so nothing
/// overflows, and the largest term is exactly 1, so the sum is at least 1.
/// \param z scores (logits), n entries, n ≥ 1
/// \return probabilities, n entries
template <Real T>
std::vector<T> softmax(const std::vector<T>& z) {
    if (z.empty()) {
        throw shape_error("softmax: z is empty; it needs at least one score");
    }
    using std::exp;
    const T m = *std::max_element(z.begin(), z.end());
    std::vector<T> p(z.size());
    T sum = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        p[i] = exp(z[i] - m);
        sum += p[i];
    }
    for (auto& v : p) {
        v /= sum;
    }
    return p;
}

/// Row-wise softmax of a batch of logits: row n of the result is softmax(z_n).
/// \param Z logits, B × K
/// \return probabilities, B × K
template <Real T>
Matrix<T> softmax_rows(const Matrix<T>& Z) {
    Matrix<T> P(Z.rows(), Z.cols());
    for (std::size_t n = 0; n < Z.rows(); ++n) {
        const std::vector<T> p = softmax(row(Z, n));
        for (std::size_t k = 0; k < Z.cols(); ++k) {
            P(n, k) = p[k];
        }
    }
    return P;
}

/// The log of the sum of exponentials, computed stably.
/// \f[ \mathrm{lse}(z) = \log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m} \f]
/// \param z scores, n ≥ 1 entries
/// \return lse(z)
template <Real T>
T logsumexp(const std::vector<T>& z) {
    if (z.empty()) {
        throw shape_error("logsumexp: z is empty");
    }
    using std::exp;
    using std::log;
    const T m = *std::max_element(z.begin(), z.end());
    T sum = 0;
    for (const auto& v : z) {
        sum += exp(v - m);
    }
    return m + log(sum);
}

/// Log-softmax through log-sum-exp: \f$ \log p_i = z_i - \mathrm{lse}(z) \f$. Unlike
/// log(softmax(z)), it stays finite when some p_i underflows to 0.
/// \param z scores, n ≥ 1 entries
/// \return log-probabilities, n entries
template <Real T>
std::vector<T> log_softmax(const std::vector<T>& z) {
    const T lse = logsumexp(z);
    std::vector<T> out(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        out[i] = z[i] - lse;
    }
    return out;
}

/// The softmax Jacobian from its output p.
/// \f[ J_{ij} = \frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j),
///     \qquad J = \mathrm{diag}(p) - p\,p^\top \f]
/// \param p softmax output, n entries
/// \return the n × n Jacobian
template <Real T>
Matrix<T> softmax_jacobian(const std::vector<T>& p) {
    Matrix<T> J(p.size(), p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
        for (std::size_t j = 0; j < p.size(); ++j) {
            J(i, j) = p[i] * ((i == j ? T(1) : T(0)) - p[j]);
        }
    }
    return J;
}

/// The softmax backward pass as a vector-Jacobian product, without forming J.
/// \f[ \frac{\partial L}{\partial z_j} = \sum_i \frac{\partial L}{\partial p_i} J_{ij}
///     = p_j \Bigl(\frac{\partial L}{\partial p_j} - \sum_i \frac{\partial L}{\partial p_i}
///     p_i\Bigr) \f]
/// O(n) work instead of the O(n²) of multiplying by J.
/// \param p softmax output, n entries
/// \param dp upstream gradient ∂L/∂p, n entries
/// \return dz = ∂L/∂z, n entries (assigned)
template <Real T>
std::vector<T> softmax_vjp(const std::vector<T>& p, const std::vector<T>& dp) {
    const T s = dot(dp, p);  // shape-checked: dp and p must have the same length
    std::vector<T> dz(p.size());
    for (std::size_t j = 0; j < p.size(); ++j) {
        dz[j] = p[j] * (dp[j] - s);
    }
    return dz;
}
//! [softmax]

//! [naive]
/// Naive forms, straight from the textbook definitions, kept only to show what goes wrong:
/// in double, e^x overflows for x > 709.8, and 1 + e^x rounds to 1 when e^x < 1.1e-16.
/// Use the stable functions above.
template <Real T>
T sigmoid_naive(const T& x) {
    using std::exp;
    return exp(x) / (T(1) + exp(x));
}
/// Naive softplus: overflows to inf for large x, and returns 0 for very negative x.
template <Real T>
T softplus_naive(const T& x) {
    using std::exp;
    using std::log;
    return log(T(1) + exp(x));
}
/// Naive softmax: inf / inf = NaN as soon as one score exceeds about 709.
template <Real T>
std::vector<T> softmax_naive(const std::vector<T>& z) {
    using std::exp;
    T sum = 0;
    for (const auto& v : z) {
        sum += exp(v);
    }
    std::vector<T> p(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        p[i] = exp(z[i]) / sum;
    }
    return p;
}
//! [naive]

}  // namespace nnref
