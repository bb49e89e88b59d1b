/// \file
/// \brief Chapter 7 reference answers. Try the exercises first: `nnref exercises 7`.
#include "07-optimizers/exercises.hpp"

namespace nnref::ch07 {

void ex_momentum_step(std::vector<real>& theta, std::vector<real>& v, const std::vector<real>& grads,
                      const real& lr, const real& mu) {
    for (std::size_t i = 0; i < theta.size(); ++i) {
        v[i] = mu * v[i] + grads[i];  // the velocity remembers past gradients, fading by mu
        theta[i] -= lr * v[i];
    }
}

void ex_rmsprop_step(std::vector<real>& theta, std::vector<real>& v, const std::vector<real>& grads,
                     const real& lr, const real& beta2, const real& eps) {
    for (std::size_t i = 0; i < theta.size(); ++i) {
        v[i] = beta2 * v[i] + (real(1) - beta2) * grads[i] * grads[i];
        theta[i] -= lr * grads[i] / (sqrt(v[i]) + eps);  // eps after the root, not under it
    }
}

std::array<real, 4> ex_adam_moments(const std::vector<real>& grads, const real& beta1,
                                    const real& beta2) {
    real m = 0, v = 0, beta1_t = 1, beta2_t = 1;
    for (const real& g : grads) {
        m = beta1 * m + (real(1) - beta1) * g;
        v = beta2 * v + (real(1) - beta2) * g * g;
        beta1_t *= beta1;
        beta2_t *= beta2;
    }
    // After one step m = (1 − β₁) g: too small by exactly the factor 1 − β₁¹ that m̂ divides by.
    return {m, v, m / (real(1) - beta1_t), v / (real(1) - beta2_t)};
}

void ex_adamw_step(std::vector<real>& theta, AdamState& state, const std::vector<real>& grads,
                   const real& lr, const real& weight_decay, const real& beta1, const real& beta2,
                   const real& eps) {
    state.t += 1;
    const real bias1 = real(1) - pow(beta1, static_cast<int>(state.t));
    const real bias2 = real(1) - pow(beta2, static_cast<int>(state.t));
    for (std::size_t i = 0; i < theta.size(); ++i) {
        state.m[i] = beta1 * state.m[i] + (real(1) - beta1) * grads[i];  // g only: no λθ here
        state.v[i] = beta2 * state.v[i] + (real(1) - beta2) * grads[i] * grads[i];
        const real m_hat = state.m[i] / bias1;
        const real v_hat = state.v[i] / bias2;
        theta[i] -= lr * (m_hat / (sqrt(v_hat) + eps) + weight_decay * theta[i]);
    }
}

}  // namespace nnref::ch07
