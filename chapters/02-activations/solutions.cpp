/// \file
/// \brief Chapter 2 reference answers. Try the exercises first: `nnref exercises 2`.
#include "02-activations/exercises.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/erf.hpp>

#include <algorithm>

namespace nnref::ch02 {

real ex_tanh_derivative_from_output(const real& a) {
    return real(1) - a * a;
}

std::vector<real> ex_softmax_jacobian_diagonal(const std::vector<real>& z) {
    // p_i = e^{z_i} / Σ e^{z_j}; by the quotient rule ∂p_i/∂z_i = p_i − p_i² = p_i(1 − p_i).
    const real m = *std::max_element(z.begin(), z.end());
    real sum = 0;
    for (const auto& v : z) {
        sum += exp(v - m);
    }
    std::vector<real> diag(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        const real p = exp(z[i] - m) / sum;
        diag[i] = p * (real(1) - p);
    }
    return diag;
}

real ex_gelu_derivative(const real& x) {
    // gelu = x Φ(x): product rule, with Φ', the standard normal density.
    using namespace boost::math::constants;
    const real Phi = boost::math::erfc(-x / root_two<real>()) / real(2);
    const real Phi_prime = one_div_root_two_pi<real>() * exp(-x * x / real(2));
    return Phi + x * Phi_prime;
}

real ex_silu_derivative(const real& x) {
    // silu = x σ(x): product rule, with σ' = σ(1 − σ).
    const real s = real(1) / (real(1) + exp(-x));
    return s + x * s * (real(1) - s);
}

std::vector<real> ex_softmax_vjp(const std::vector<real>& p, const std::vector<real>& dp) {
    // dz_j = Σ_i dp_i p_i (δ_ij − p_j) = p_j (dp_j − Σ_i dp_i p_i).
    real s = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        s += dp[i] * p[i];
    }
    std::vector<real> dz(p.size());
    for (std::size_t j = 0; j < p.size(); ++j) {
        dz[j] = p[j] * (dp[j] - s);
    }
    return dz;
}

}  // namespace nnref::ch02
