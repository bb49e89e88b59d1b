/// \file
/// \brief Chapter 5 reference answers. Try the exercises first: `nnref exercises 5`.
#include "05-backprop/exercises.hpp"

namespace nnref::ch05 {

namespace {

real sigma(const real& z) {
    return real(1) / (real(1) + exp(-z));
}

}  // namespace

real ex_output_delta(const real& z, const real& y) {
    // dL/da = 2(a − y), and the chain rule through a = σ(z) multiplies by σ'(z) = a(1 − a).
    const real a = sigma(z);
    return real(2) * (a - y) * a * (real(1) - a);
}

std::array<real, 2> ex_divide_local(const real& a, const real& b) {
    // v = a b⁻¹: ∂v/∂a = 1/b, and ∂v/∂b = a · (−b⁻²).
    return {real(1) / b, -a / (b * b)};
}

DenseGrads ex_dense_backward(const Matrix<real>& dZ, const Matrix<real>& X, const Matrix<real>& W) {
    // z_nj = Σ_i x_ni W_ij + b_j, so each gradient sums over the z's its entry touches.
    DenseGrads g{Matrix<real>(X.rows(), X.cols()), Matrix<real>(W.rows(), W.cols()),
                 std::vector<real>(W.cols())};
    for (std::size_t n = 0; n < X.rows(); ++n) {
        for (std::size_t j = 0; j < W.cols(); ++j) {
            for (std::size_t i = 0; i < W.rows(); ++i) {
                g.dX(n, i) += dZ(n, j) * W(i, j);  // dX = dZ Wᵀ
                g.dW(i, j) += X(n, i) * dZ(n, j);  // dW = Xᵀ dZ
            }
            g.db[j] += dZ(n, j);  // db = column sums of dZ
        }
    }
    return g;
}

std::vector<real> ex_backprop_221(const std::vector<real>& theta, const std::array<real, 2>& x,
                                  const real& y) {
    // Forward: keep h and y_hat for the backward pass.
    real h[2];
    for (int j = 0; j < 2; ++j) {
        h[j] = sigma(x[0] * theta[j] + x[1] * theta[2 + j] + theta[4 + j]);
    }
    const real y_hat = sigma(h[0] * theta[6] + h[1] * theta[7] + theta[8]);
    // Backward: δ2 = dL/dz2 = 2(ŷ − y) σ'(z2); δ1_j = δ2 w2_j σ'(z1_j).
    const real delta2 = real(2) * (y_hat - y) * y_hat * (real(1) - y_hat);
    std::vector<real> g(9);
    for (int j = 0; j < 2; ++j) {
        const real delta1 = delta2 * theta[6 + j] * h[j] * (real(1) - h[j]);
        g[j] = delta1 * x[0];      // W1[0][j]
        g[2 + j] = delta1 * x[1];  // W1[1][j]
        g[4 + j] = delta1;         // b1[j]
        g[6 + j] = delta2 * h[j];  // w2[j]
    }
    g[8] = delta2;  // b2
    return g;
}

}  // namespace nnref::ch05
