/// \file
/// \brief Chapter 4 reference answers. Try the exercises first: `nnref exercises 4`.
#include "04-losses/exercises.hpp"

#include <boost/math/special_functions/log1p.hpp>

#include <algorithm>

namespace nnref::ch04 {

real ex_bce_derivative(const real& y_hat, const real& y) {
    // d/dŷ of −y log ŷ is −y/ŷ; d/dŷ of −(1 − y) log(1 − ŷ) is +(1 − y)/(1 − ŷ): the chain
    // rule on log(1 − ŷ) brings a −1, which cancels the leading minus.
    return -y / y_hat + (real(1) - y) / (real(1) - y_hat);
}

std::vector<real> ex_softmax_ce_gradient(const std::vector<real>& z, int c) {
    // L = lse(z) − z_c, and ∂lse/∂z_k = p_k, so ∂L/∂z_k = p_k − [k = c].
    const real m = *std::max_element(z.begin(), z.end());
    real sum = 0;
    for (const auto& v : z) {
        sum += exp(v - m);
    }
    std::vector<real> dz(z.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        dz[k] = exp(z[k] - m) / sum - (static_cast<int>(k) == c ? real(1) : real(0));
    }
    return dz;
}

real ex_huber_derivative(const real& r, const real& delta) {
    // r on the quadratic piece; ±δ, the slopes of the linear pieces, outside it.
    if (r > delta) {
        return delta;
    }
    if (r < -delta) {
        return -delta;
    }
    return r;
}

real ex_bce_from_logit(const real& z, const real& y) {
    // log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z), so L = softplus(z) − y z;
    // with softplus(z) = max(z, 0) + log(1 + e^{−|z|}), no exponent is ever positive.
    return std::max(z, real(0)) - y * z + boost::math::log1p(exp(-abs(z)));
}

}  // namespace nnref::ch04
