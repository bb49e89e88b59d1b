/// \file
/// \brief Chapter 6 reference answers. Try the exercises first: `nnref exercises 6`.
#include "06-descent/exercises.hpp"

namespace nnref::ch06 {

std::vector<real> ex_linear_step(const std::vector<real>& theta, const Matrix<real>& X,
                                 const std::vector<real>& y, const real& lr) {
    // ∂L/∂w_i = (2/B) Σ_n (y_hat_n − y_n) x_ni and ∂L/∂b = (2/B) Σ_n (y_hat_n − y_n).
    const real B = real(X.rows());
    std::vector<real> grad(3, real(0));
    for (std::size_t n = 0; n < X.rows(); ++n) {
        const real error = X(n, 0) * theta[0] + X(n, 1) * theta[1] + theta[2] - y[n];
        grad[0] += real(2) * error * X(n, 0) / B;
        grad[1] += real(2) * error * X(n, 1) / B;
        grad[2] += real(2) * error / B;
    }
    return {theta[0] - lr * grad[0], theta[1] - lr * grad[1], theta[2] - lr * grad[2]};
}

real ex_batch_mean_variance(const std::vector<real>& values, std::size_t B) {
    // With replacement it would be σ²/B; without, the draws are slightly negatively
    // correlated, which multiplies by the finite-population correction (N − B)/(N − 1).
    const real N = real(values.size());
    real mean = 0;
    for (const real& v : values) {
        mean += v;
    }
    mean /= N;
    real sigma2 = 0;
    for (const real& v : values) {
        sigma2 += (v - mean) * (v - mean);
    }
    sigma2 /= N;
    return sigma2 / real(B) * (N - real(B)) / (N - real(1));
}

real ex_largest_stable_lr(const real& a) {
    // θ ← θ − lr a θ = (1 − lr a) θ shrinks exactly when |1 − lr a| < 1, that is lr < 2/a.
    return real(2) / a;
}

}  // namespace nnref::ch06
