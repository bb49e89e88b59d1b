/// \file
/// \brief Chapter 8 reference answers. Try the exercises first: `nnref exercises 8`.
#include "08-dynamics/exercises.hpp"

#include <cmath>

namespace nnref::ch08 {

real ex_sigmoid_chain_bound(std::size_t n, const real& weight_norm) {
    // σ' = σ(1 − σ) is a product of two numbers that add up to 1, largest when both are 1/2:
    // at z = 0, where σ'(0) = 1/4. Each layer multiplies by at most weight_norm · 1/4.
    return pow(weight_norm / real(4), real(n));
}

real ex_xavier_uniform_limit(std::size_t fan_in, std::size_t fan_out) {
    // Var(U(−a, a)) = (1/2a) ∫ x² dx over (−a, a) = a²/3; setting a²/3 = 2/(n_in + n_out)
    // gives a = √(6/(n_in + n_out)).
    return sqrt(real(6) / real(fan_in + fan_out));
}

real ex_relu_second_moment(const real& variance) {
    // relu(z)² is z² on z > 0 and 0 elsewhere; φ is symmetric, so the half-line holds half of
    // E[z²] = v. The ReLU halves the second moment, and He's 2/n_in doubles it back.
    return variance / real(2);
}

std::vector<real> ex_clip_by_norm(const std::vector<real>& g, const real& max_norm) {
    // One factor for every entry keeps the direction; a short gradient is left alone.
    real sum = 0;
    for (const real& x : g) {
        sum += x * x;
    }
    const real norm = sqrt(sum);
    if (norm <= max_norm) {
        return g;
    }
    std::vector<real> clipped = g;
    for (real& x : clipped) {
        x *= max_norm / norm;
    }
    return clipped;
}

}  // namespace nnref::ch08
