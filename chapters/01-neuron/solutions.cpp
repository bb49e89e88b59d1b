/// \file
/// \brief Chapter 1 reference answers. Try the exercises first: `nnref exercises 1`.
#include "01-neuron/exercises.hpp"

#include <cmath>

namespace nnref::ch01 {

namespace {

real sigma(const real& z) {
    return real(1) / (real(1) + exp(-z));
}

}  // namespace

real ex_pre_activation(const std::vector<real>& w, const real& b, const std::vector<real>& x) {
    real z = b;
    for (std::size_t i = 0; i < w.size(); ++i) {
        z += w[i] * x[i];
    }
    return z;
}

//! [ex-sigmoid-derivative]
real ex_sigmoid_derivative(const real& z) {
    const real s = sigma(z);
    return s * (real(1) - s);
}
//! [ex-sigmoid-derivative]

//! [ex-da-dw]
std::vector<real> ex_neuron_da_dw(const std::vector<real>& w, const real& b,
                                  const std::vector<real>& x) {
    // a = σ(z), z = w·x + b, so ∂a/∂w_i = σ'(z) ∂z/∂w_i = a(1 − a) x_i.
    const real a = sigma(ex_pre_activation(w, b, x));
    std::vector<real> da_dw(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        da_dw[i] = a * (real(1) - a) * x[i];
    }
    return da_dw;
}
//! [ex-da-dw]

void ex_perceptron_step(std::vector<real>& w, real& b, const std::vector<real>& x, int y,
                        const real& lr) {
    const int y_hat = ex_pre_activation(w, b, x) >= 0 ? 1 : 0;
    const real error = real(y - y_hat);
    for (std::size_t i = 0; i < w.size(); ++i) {
        w[i] += lr * error * x[i];
    }
    b += lr * error;
}

std::vector<real> ex_bce_dw(const std::vector<real>& w, const real& b, const std::vector<real>& x,
                            const real& y) {
    // ∂ℓ/∂a = (a − y) / (a(1 − a)) and ∂a/∂w_i = a(1 − a) x_i: the a(1 − a) cancels.
    const real a = sigma(ex_pre_activation(w, b, x));
    std::vector<real> dw(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        dw[i] = (a - y) * x[i];
    }
    return dw;
}

}  // namespace nnref::ch01
