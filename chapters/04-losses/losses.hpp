/// \file
/// \brief Chapter 4: loss functions and their gradients with respect to the prediction.
///
/// A loss L turns a batch of predictions \f$ \hat Y \f$ (B × K: one example per row, K
/// outputs) and their targets into one number. Each loss comes as a pair, `mse` /
/// `mse_gradient`, and the gradient has the shape of the prediction (it is \f$ \partial L /
/// \partial \hat Y \f$, or \f$ \partial L / \partial Z \f$ for the losses that take logits).
///
/// **Reduction: the batch mean.** Element-wise losses (MSE, Huber, binary cross-entropy) are
/// averaged over all B·K entries; losses over a probability vector (categorical
/// cross-entropy) are summed over the K classes and averaged over the B examples. These are
/// PyTorch's defaults (`reduction='mean'`), so the numbers can be compared. Because of the
/// mean, each gradient carries a factor 1/(BK) or 1/B: halving the batch does not double
/// the step.
///
/// **Labels.** Class labels are integers in [0, K), one per example, or one-hot rows of a
/// B × K matrix. A label out of range, a shape that does not match or an empty batch throws
/// an error naming the loss, the example and the value.
///
/// The page is \ref ch04_losses; the tests are tests/test_ch04_losses.cpp.
#pragma once

#include "01-neuron/neuron.hpp"            // sigmoid
#include "02-activations/activations.hpp"  // softmax, logsumexp, softmax_vjp
#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"
#include "nnref/data/dataset.hpp"  // one_hot
#include "nnref/core/text.hpp"

#include <boost/math/special_functions/log1p.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace nnref {

namespace detail {

/// "[2,1]", the position of an entry in a message.
inline std::string at_index(std::size_t i, std::size_t j) {
    return cat("[", i, ",", j, "]");
}

/// Throws unless the prediction and the target have the same, non-empty shape.
template <class T>
void require_loss_shapes(const char* loss, const Matrix<T>& y_hat, const Matrix<T>& y,
                         const char* y_hat_name = "y_hat") {
    if (y_hat.size() == 0) {
        throw shape_error(std::string(loss) + ": the batch is empty (" + y_hat_name + " is " +
                          y_hat.shape() + "); a loss needs at least one example");
    }
    if (y_hat.rows() != y.rows() || y_hat.cols() != y.cols()) {
        throw shape_error(std::string(loss) + ": " + y_hat_name + " is " + y_hat.shape() +
                          " but y is " + y.shape() + "; they must have the same shape");
    }
}

/// Throws numeric_error at the first entry of A that is NaN or infinite.
template <Real T>
void require_finite(const char* loss, const Matrix<T>& A, const char* name) {
    using std::isfinite;
    for (std::size_t i = 0; i < A.rows(); ++i) {
        for (std::size_t j = 0; j < A.cols(); ++j) {
            if (!isfinite(A(i, j))) {
                throw numeric_error(std::string(loss) + ": " + name + at_index(i, j) + " is " +
                                    to_short_string(A(i, j)) + "; the loss needs finite numbers");
            }
        }
    }
}

/// Throws input_error at the first entry of A outside [lo, hi].
template <Real T>
void require_in_range(const char* loss, const Matrix<T>& A, const char* name, const T& lo,
                      const T& hi) {
    for (std::size_t i = 0; i < A.rows(); ++i) {
        for (std::size_t j = 0; j < A.cols(); ++j) {
            if (!(A(i, j) >= lo && A(i, j) <= hi)) {  // also catches NaN
                throw input_error(std::string(loss) + ": " + name + at_index(i, j) + " = " +
                                  to_short_string(A(i, j)) + " is not in [" + to_short_string(lo) +
                                  ", " + to_short_string(hi) + "]");
            }
        }
    }
}

/// Throws unless there is one label per row of Z and every label is a class in [0, K).
/// `z_name` is what the message calls Z (the logits Z, or the probabilities P).
template <class T>
void require_labels(const char* loss, const Matrix<T>& Z, const std::vector<int>& labels,
                    const char* z_name = "Z") {
    if (Z.size() == 0) {
        throw shape_error(std::string(loss) + ": the batch is empty (" + z_name + " is " +
                          Z.shape() + "); a loss needs at least one example");
    }
    if (labels.size() != Z.rows()) {
        throw shape_error(std::string(loss) + ": " + std::to_string(labels.size()) +
                          " labels for " + std::to_string(Z.rows()) +
                          " examples; there must be one label per row of " + z_name + " (" +
                          Z.shape() + ")");
    }
    for (std::size_t n = 0; n < labels.size(); ++n) {
        if (labels[n] < 0 || static_cast<std::size_t>(labels[n]) >= Z.cols()) {
            throw input_error(std::string(loss) + ": label " + std::to_string(labels[n]) +
                              " of example " + std::to_string(n) + " is not a class: with " +
                              std::to_string(Z.cols()) + " outputs, labels run from 0 to " +
                              std::to_string(Z.cols() - 1));
        }
    }
}

/// log(1 − x) for x in [0, 1], to full precision: log1p keeps the digits of a small x, and
/// 1 − x is exact for x ≥ 1/2 (Sterbenz). At x = 1 it is log 0 = −inf, where log1p(−1)
/// would throw Boost's overflow_error instead.
template <Real T>
T log_one_minus(const T& x) {
    using std::log;
    return x < T(1) / T(2) ? boost::math::log1p(-x) : log(T(1) - x);
}

}  // namespace detail

//! [mse]
/// Mean squared error, averaged over all B·K entries.
/// \f[ L = \frac{1}{BK} \sum_{n=1}^{B} \sum_{k=1}^{K} (\hat y_{nk} - y_{nk})^2 \f]
/// \param y_hat predictions, B × K
/// \param y targets, B × K
template <Real T>
T mse(const Matrix<T>& y_hat, const Matrix<T>& y) {
    detail::require_loss_shapes("mse", y_hat, y);
    T sum = 0;
    for (std::size_t k = 0; k < y_hat.size(); ++k) {
        const T r = y_hat[k] - y[k];
        sum += r * r;
    }
    return sum / T(y_hat.size());
}

/// \f[ \frac{\partial L}{\partial \hat y_{nk}} = \frac{2}{BK} (\hat y_{nk} - y_{nk}) \f]
/// \param y_hat predictions, B × K
/// \param y targets, B × K
/// \return dY_hat, B × K (assigned)
template <Real T>
Matrix<T> mse_gradient(const Matrix<T>& y_hat, const Matrix<T>& y) {
    detail::require_loss_shapes("mse_gradient", y_hat, y);
    Matrix<T> d(y_hat.rows(), y_hat.cols());
    const T scale = T(2) / T(y_hat.size());
    for (std::size_t k = 0; k < d.size(); ++k) {
        d[k] = scale * (y_hat[k] - y[k]);
    }
    return d;
}
//! [mse]

//! [huber]
/// The Huber loss (Huber, 1964): quadratic for small residuals r = ŷ − y, linear beyond δ,
/// so one outlier cannot dominate the gradient. Averaged over all B·K entries.
/// \f[ L = \frac{1}{BK} \sum_{n,k} h_\delta(\hat y_{nk} - y_{nk}), \qquad
///     h_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta
///                     \\ \delta\,(|r| - \tfrac12 \delta) & |r| > \delta \end{cases} \f]
/// The two pieces meet with equal value and slope at |r| = δ.
/// \param y_hat predictions, B × K
/// \param y targets, B × K
/// \param delta where the quadratic becomes linear, δ > 0 (default 1, as in PyTorch)
template <Real T>
T huber(const Matrix<T>& y_hat, const Matrix<T>& y, const T& delta = T(1)) {
    detail::require_loss_shapes("huber", y_hat, y);
    if (!(delta > 0)) {
        throw input_error("huber: delta = " + to_short_string(delta) + " must be positive");
    }
    using std::abs;
    T sum = 0;
    for (std::size_t k = 0; k < y_hat.size(); ++k) {
        const T r = y_hat[k] - y[k];
        sum += abs(r) <= delta ? r * r / T(2) : delta * (abs(r) - delta / T(2));
    }
    return sum / T(y_hat.size());
}

/// The derivative clips the residual to [−δ, δ]:
/// \f[ \frac{\partial L}{\partial \hat y_{nk}} = \frac{1}{BK} \operatorname{clip}(r_{nk}, -\delta,
///     \delta) \f]
/// \param y_hat predictions, B × K
/// \param y targets, B × K
/// \param delta where the quadratic becomes linear, δ > 0
/// \return dY_hat, B × K (assigned)
template <Real T>
Matrix<T> huber_gradient(const Matrix<T>& y_hat, const Matrix<T>& y, const T& delta = T(1)) {
    detail::require_loss_shapes("huber_gradient", y_hat, y);
    if (!(delta > 0)) {
        throw input_error("huber_gradient: delta = " + to_short_string(delta) +
                          " must be positive");
    }
    Matrix<T> d(y_hat.rows(), y_hat.cols());
    const T count = T(y_hat.size());
    for (std::size_t k = 0; k < d.size(); ++k) {
        const T r = y_hat[k] - y[k];
        d[k] = (r > delta ? delta : r < -delta ? -delta : r) / count;
    }
    return d;
}
//! [huber]

//! [bce]
/// Binary cross-entropy from probabilities ŷ ∈ [0, 1], averaged over all B·K entries.
/// \f[ L = -\frac{1}{BK} \sum_{n,k} \Bigl[ y_{nk} \log \hat y_{nk}
///         + (1 - y_{nk}) \log(1 - \hat y_{nk}) \Bigr] \f]
/// A term whose weight (y or 1 − y) is 0 is skipped, so ŷ = 0 with y = 0 costs nothing. But
/// ŷ = 0 with y > 0 (or ŷ = 1 with y < 1) is a certain prediction that is wrong, and the loss
/// is +inf: that is the reason to compute it from logits (`bce_with_logits`) instead.
/// \param y_hat predicted probabilities in [0, 1], B × K
/// \param y targets in [0, 1], B × K
template <Real T>
T bce(const Matrix<T>& y_hat, const Matrix<T>& y) {
    detail::require_loss_shapes("bce", y_hat, y);
    detail::require_in_range("bce", y_hat, "y_hat", T(0), T(1));
    detail::require_in_range("bce", y, "y", T(0), T(1));
    using std::log;
    T sum = 0;
    for (std::size_t k = 0; k < y_hat.size(); ++k) {
        if (y[k] != 0) {
            sum -= y[k] * log(y_hat[k]);
        }
        if (y[k] != 1) {
            sum -= (T(1) - y[k]) * detail::log_one_minus(y_hat[k]);  // log(1 − ŷ), −inf at ŷ = 1
        }
    }
    return sum / T(y_hat.size());
}

/// \f[ \frac{\partial L}{\partial \hat y_{nk}} = \frac{1}{BK} \Bigl( -\frac{y_{nk}}{\hat y_{nk}}
///     + \frac{1 - y_{nk}}{1 - \hat y_{nk}} \Bigr)
///     = \frac{1}{BK} \, \frac{\hat y_{nk} - y_{nk}}{\hat y_{nk}(1 - \hat y_{nk})} \f]
/// The first form is the one computed, skipping zero-weight terms as `bce` does. Through a
/// sigmoid output, the denominator cancels against σ′ = ŷ(1 − ŷ): see `bce_with_logits_gradient`.
/// \param y_hat predicted probabilities in [0, 1], B × K
/// \param y targets in [0, 1], B × K
/// \return dY_hat, B × K (assigned)
template <Real T>
Matrix<T> bce_gradient(const Matrix<T>& y_hat, const Matrix<T>& y) {
    detail::require_loss_shapes("bce_gradient", y_hat, y);
    detail::require_in_range("bce_gradient", y_hat, "y_hat", T(0), T(1));
    detail::require_in_range("bce_gradient", y, "y", T(0), T(1));
    Matrix<T> d(y_hat.rows(), y_hat.cols());
    const T count = T(y_hat.size());
    for (std::size_t k = 0; k < d.size(); ++k) {
        T g = 0;
        if (y[k] != 0) {
            g -= y[k] / y_hat[k];
        }
        if (y[k] != 1) {
            g += (T(1) - y[k]) / (T(1) - y_hat[k]);
        }
        d[k] = g / count;
    }
    return d;
}
//! [bce]

//! [bce-logits]
/// Binary cross-entropy from logits z, where ŷ = σ(z), averaged over all B·K entries.
/// Using \f$ \log\sigma(z) = -\mathrm{softplus}(-z) \f$ and \f$ \log(1 - \sigma(z)) =
/// -\mathrm{softplus}(z) \f$:
/// \f[ L = \frac{1}{BK} \sum_{n,k} \bigl[ \mathrm{softplus}(z_{nk}) - y_{nk} z_{nk} \bigr],
///     \qquad \mathrm{softplus}(z) = \max(z, 0) + \log(1 + e^{-|z|}) \f]
/// Finite for every finite z: at z = ±1000 in double, σ(z) rounds to 0 or 1 and the
/// probability form gives inf, while this form gives the exact 1000 or 0.
/// \param Z logits, B × K
/// \param y targets in [0, 1], B × K
template <Real T>
T bce_with_logits(const Matrix<T>& Z, const Matrix<T>& y) {
    detail::require_loss_shapes("bce_with_logits", Z, y, "Z");
    detail::require_finite("bce_with_logits", Z, "Z");
    detail::require_in_range("bce_with_logits", y, "y", T(0), T(1));
    using std::abs;
    using std::exp;
    T sum = 0;
    for (std::size_t k = 0; k < Z.size(); ++k) {
        // softplus(z) − y z, with softplus split as above and max(z, 0) − y z taken first: a
        // confident right answer (z ≫ 0, y = 1) then costs log(1 + e^{−z}) with all its
        // digits, instead of the difference of two nearly equal numbers (at z = 40 that
        // difference is 0 in double; the loss is 4.2e-18).
        sum += std::max(Z[k], T(0)) - y[k] * Z[k] + boost::math::log1p(exp(-abs(Z[k])));
    }
    return sum / T(Z.size());
}

/// The sigmoid's σ′ cancels the log's 1/σ, leaving the error itself:
/// \f[ \frac{\partial L}{\partial z_{nk}} = \frac{1}{BK} \bigl( \sigma(z_{nk}) - y_{nk} \bigr) \f]
/// \param Z logits, B × K
/// \param y targets in [0, 1], B × K
/// \return dZ, B × K (assigned)
template <Real T>
Matrix<T> bce_with_logits_gradient(const Matrix<T>& Z, const Matrix<T>& y) {
    detail::require_loss_shapes("bce_with_logits_gradient", Z, y, "Z");
    detail::require_finite("bce_with_logits_gradient", Z, "Z");
    detail::require_in_range("bce_with_logits_gradient", y, "y", T(0), T(1));
    Matrix<T> d(Z.rows(), Z.cols());
    const T count = T(Z.size());
    for (std::size_t k = 0; k < d.size(); ++k) {
        d[k] = (sigmoid(Z[k]) - y[k]) / count;
    }
    return d;
}
//! [bce-logits]

//! [ce]
/// Categorical cross-entropy from probabilities P (each row a distribution over K classes)
/// and one-hot (or soft) targets Y: summed over classes, averaged over the B examples.
/// \f[ L = -\frac{1}{B} \sum_{n=1}^{B} \sum_{k=1}^{K} y_{nk} \log p_{nk} \f]
/// Terms with y = 0 are skipped, so a class the target does not mention may have p = 0.
/// \param P predicted probabilities in [0, 1], B × K
/// \param Y targets in [0, 1], B × K (one-hot rows for hard labels)
template <Real T>
T cross_entropy(const Matrix<T>& P, const Matrix<T>& Y) {
    detail::require_loss_shapes("cross_entropy", P, Y, "P");
    detail::require_in_range("cross_entropy", P, "P", T(0), T(1));
    detail::require_in_range("cross_entropy", Y, "Y", T(0), T(1));
    using std::log;
    T sum = 0;
    for (std::size_t k = 0; k < P.size(); ++k) {
        if (Y[k] != 0) {
            sum -= Y[k] * log(P[k]);
        }
    }
    return sum / T(P.rows());
}

/// Cross-entropy with integer labels c_n: only the true class's probability counts.
/// \f[ L = -\frac{1}{B} \sum_{n=1}^{B} \log p_{n, c_n} \f]
/// \param P predicted probabilities in [0, 1], B × K
/// \param labels the true class of each example, in [0, K), B entries
template <Real T>
T cross_entropy(const Matrix<T>& P, const std::vector<int>& labels) {
    detail::require_labels("cross_entropy", P, labels, "P");
    return cross_entropy(P, one_hot<T>(labels, P.cols()));
}

/// \f[ \frac{\partial L}{\partial p_{nk}} = -\frac{1}{B} \, \frac{y_{nk}}{p_{nk}} \f]
/// (0 where y = 0). Through a softmax this meets softmax's Jacobian; the product is
/// `softmax_cross_entropy_gradient`.
/// \param P predicted probabilities in [0, 1], B × K
/// \param Y targets in [0, 1], B × K
/// \return dP, B × K (assigned)
template <Real T>
Matrix<T> cross_entropy_gradient(const Matrix<T>& P, const Matrix<T>& Y) {
    detail::require_loss_shapes("cross_entropy_gradient", P, Y, "P");
    detail::require_in_range("cross_entropy_gradient", P, "P", T(0), T(1));
    detail::require_in_range("cross_entropy_gradient", Y, "Y", T(0), T(1));
    Matrix<T> d(P.rows(), P.cols());
    const T B = T(P.rows());
    for (std::size_t k = 0; k < d.size(); ++k) {
        d[k] = Y[k] != 0 ? -Y[k] / (P[k] * B) : T(0);
    }
    return d;
}

/// The gradient for integer labels: \f$ -1/(B\,p_{n,c_n}) \f$ at the true class, 0 elsewhere.
/// \param P predicted probabilities in [0, 1], B × K
/// \param labels the true class of each example, in [0, K), B entries
/// \return dP, B × K (assigned)
template <Real T>
Matrix<T> cross_entropy_gradient(const Matrix<T>& P, const std::vector<int>& labels) {
    detail::require_labels("cross_entropy_gradient", P, labels, "P");
    return cross_entropy_gradient(P, one_hot<T>(labels, P.cols()));
}
//! [ce]

//! [softmax-ce]
/// Softmax and cross-entropy fused, from logits Z. With \f$ \log p_{nk} = z_{nk} -
/// \mathrm{lse}(z_n) \f$ (chapter 2's log-sum-exp):
/// \f[ L = \frac{1}{B} \sum_{n=1}^{B} \sum_{k=1}^{K} y_{nk} \bigl( \mathrm{lse}(z_n) - z_{nk}
///     \bigr), \qquad \mathrm{lse}(z) = m + \log \sum_j e^{z_j - m},\; m = \max_j z_j \f]
/// Finite for all finite logits: no probability is formed, so none can round to 0.
///
/// Each term is computed as \f$ (m - z_{nk}) + \log(1 + s) \f$ with
/// \f$ s = \sum_{j \ne j^*} e^{z_j - m} \f$, the sum without the largest score's 1, and
/// log1p. When the true class wins by a wide margin the loss is tiny, and forming
/// \f$ \mathrm{lse}(z) \f$ first and then subtracting \f$ z_{nk} \f$ would cancel away its
/// digits (about 9 of hp50's 50 at a margin of 20).
/// \param Z logits, B × K
/// \param Y targets in [0, 1], B × K (one-hot rows for hard labels)
template <Real T>
T softmax_cross_entropy(const Matrix<T>& Z, const Matrix<T>& Y) {
    detail::require_loss_shapes("softmax_cross_entropy", Z, Y, "Z");
    detail::require_finite("softmax_cross_entropy", Z, "Z");
    detail::require_in_range("softmax_cross_entropy", Y, "Y", T(0), T(1));
    using std::exp;
    T sum = 0;
    for (std::size_t n = 0; n < Z.rows(); ++n) {
        std::size_t top = 0;  // j*, the first largest score
        for (std::size_t k = 1; k < Z.cols(); ++k) {
            top = Z(n, k) > Z(n, top) ? k : top;
        }
        const T m = Z(n, top);
        T s = 0;
        for (std::size_t k = 0; k < Z.cols(); ++k) {
            s += k == top ? T(0) : exp(Z(n, k) - m);
        }
        const T log_one_plus_s = boost::math::log1p(s);  // lse(z_n) − m
        for (std::size_t k = 0; k < Z.cols(); ++k) {
            if (Y(n, k) != 0) {
                sum += Y(n, k) * ((m - Z(n, k)) + log_one_plus_s);
            }
        }
    }
    return sum / T(Z.rows());
}

/// Fused softmax cross-entropy with integer labels.
/// \f[ L = \frac{1}{B} \sum_{n=1}^{B} \bigl( \mathrm{lse}(z_n) - z_{n, c_n} \bigr) \f]
/// \param Z logits, B × K
/// \param labels the true class of each example, in [0, K), B entries
template <Real T>
T softmax_cross_entropy(const Matrix<T>& Z, const std::vector<int>& labels) {
    detail::require_labels("softmax_cross_entropy", Z, labels);
    return softmax_cross_entropy(Z, one_hot<T>(labels, Z.cols()));
}

/// The gradient of the fused loss: the predicted probabilities minus the targets (derived
/// step by step on the chapter's page).
/// \f[ \frac{\partial L}{\partial z_{nk}} = \frac{1}{B} \Bigl( p_{nk} \sum_{j} y_{nj} - y_{nk}
///     \Bigr) = \frac{1}{B} (p_{nk} - y_{nk}) \quad \text{when } \textstyle\sum_j y_{nj} = 1,
///     \qquad p_n = \mathrm{softmax}(z_n) \f]
/// \param Z logits, B × K
/// \param Y targets in [0, 1], B × K
/// \return dZ, B × K (assigned)
template <Real T>
Matrix<T> softmax_cross_entropy_gradient(const Matrix<T>& Z, const Matrix<T>& Y) {
    detail::require_loss_shapes("softmax_cross_entropy_gradient", Z, Y, "Z");
    detail::require_finite("softmax_cross_entropy_gradient", Z, "Z");
    detail::require_in_range("softmax_cross_entropy_gradient", Y, "Y", T(0), T(1));
    Matrix<T> d(Z.rows(), Z.cols());
    const T B = T(Z.rows());
    for (std::size_t n = 0; n < Z.rows(); ++n) {
        const std::vector<T> p = softmax(row(Z, n));
        const std::vector<T> y = row(Y, n);
        T y_sum = 0;
        for (const T& v : y) {
            y_sum += v;
        }
        for (std::size_t k = 0; k < Z.cols(); ++k) {
            d(n, k) = (p[k] * y_sum - y[k]) / B;
        }
    }
    return d;
}

/// The fused gradient for integer labels: \f$ (p_n - e_{c_n}) / B \f$, with
/// \f$ e_c \f$ the one-hot row of class c.
/// \param Z logits, B × K
/// \param labels the true class of each example, in [0, K), B entries
/// \return dZ, B × K (assigned)
template <Real T>
Matrix<T> softmax_cross_entropy_gradient(const Matrix<T>& Z, const std::vector<int>& labels) {
    detail::require_labels("softmax_cross_entropy_gradient", Z, labels);
    return softmax_cross_entropy_gradient(Z, one_hot<T>(labels, Z.cols()));
}
//! [softmax-ce]

}  // namespace nnref
