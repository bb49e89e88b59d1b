/// \file
/// \brief How far a float product may be from the exact one: the forward error bound of a
///        dot product, and a check of a whole C against it, computed in double.
///
/// The tests hold every stage, target and option of gemm() to this bound, and the demo
/// prints how close each stage comes to it. The page is \ref ch09_fast_mlp, at
/// \ref ch09_accuracy "section 11: accuracy"; the tests are tests/test_ch09_fast_mlp.cpp.
#pragma once

#include "09-fast-mlp/gemm.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

namespace nnref::fast {

/// \f$ \gamma_n = nu / (1 - nu) \f$ for unit roundoff u (Higham, *Accuracy and Stability of
/// Numerical Algorithms*, 2nd ed., eq. 3.8).
/// \param n the number of roundings
/// \param u the unit roundoff: \f$ 2^{-24} \f$ for float, \f$ 2^{-53} \f$ for double
inline double gamma(std::size_t n, double u) {
    return static_cast<double>(n) * u / (1 - static_cast<double>(n) * u);
}

/// The worst entry of a product, against its bound.
/// Chapter 9, \ref ch09_accuracy "section 11: accuracy".
struct ErrorCheck {
    double ratio = 0;         ///< max over C of |ĉ − c| / bound; ≤ 1 passes, NaN counts as ∞
    std::size_t i = 0, j = 0;  ///< where
    double value = 0;         ///< ĉ_ij, the float result
    double exact = 0;         ///< c_ij in double
    double bound = 0;         ///< the bound at (i, j)
};

//! [bound]
/// Checks C, the result of gemm() with these arguments, entry by entry. Each c_ij is computed
/// again in double from the same floats, and the float result must be within the bound of a
/// dot product (Higham, eq. 3.5), with two more roundings for β and the bias: every term of
/// c_ij passes through at most K + 2 roundings, so
/// \f[ |\hat c_{ij} - c_{ij}| \le \gamma_{K+2}\Bigl(|\beta c^{0}_{ij}| + \sum_k |a_{ik}||b_{kj}|
///     + |b_j|\Bigr), \qquad u = 2^{-24}. \f]
/// The double sum has an error of its own, at most γ_{K+2} with u = 2^-53 of the same sum,
/// which is added to the bound. ReLU is 1-Lipschitz: it cannot make an error larger.
/// \param M rows of C
/// \param N columns of C
/// \param K terms per sum
/// \param A the first factor, stored as options.a says
/// \param lda its row stride
/// \param B the second factor, stored as options.b says
/// \param ldb its row stride
/// \param C0 C before the call (read when options.accumulate), row stride ldc
/// \param C C after the call
/// \param ldc C's row stride
/// \param options the call's options (bias and activation included)
inline ErrorCheck check_against_double(std::size_t M, std::size_t N, std::size_t K, const float* A,
                                       std::size_t lda, const float* B, std::size_t ldb, const float* C0,
                                       const float* C, std::size_t ldc, const GemmOptions& options) {
    const bool a_t = options.a == Op::transpose, b_t = options.b == Op::transpose;
    const double factor = gamma(K + 2, 0x1p-24) + gamma(K + 2, 0x1p-53);
    ErrorCheck worst;
    for (std::size_t i = 0; i < M; ++i) {
        for (std::size_t j = 0; j < N; ++j) {
            double sum = options.accumulate ? C0[i * ldc + j] : 0.0;
            double size = std::abs(sum);
            for (std::size_t k = 0; k < K; ++k) {
                const double a = a_t ? A[k * lda + i] : A[i * lda + k];
                const double b = b_t ? B[j * ldb + k] : B[k * ldb + j];
                sum += a * b;  // exact: a product of two floats fits in a double
                size += std::abs(a * b);
            }
            if (options.bias) {
                sum += options.bias[j];
                size += std::abs(options.bias[j]);
            }
            if (options.activation == Fused::relu && sum < 0) {
                sum = 0;
            }
            const double value = C[i * ldc + j], bound = factor * size;
            const double error = std::abs(value - sum);
            double ratio = bound > 0 ? error / bound : (error > 0 ? INFINITY : 0.0);
            ratio = std::isnan(ratio) ? INFINITY : ratio;
            if (ratio > worst.ratio || (i == 0 && j == 0)) {
                worst = {ratio, i, j, value, sum, bound};
            }
        }
    }
    return worst;
}
//! [bound]

}  // namespace nnref::fast
