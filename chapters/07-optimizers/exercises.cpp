/// \file
/// \brief Chapter 7 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 7`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
#include "07-optimizers/exercises.hpp"

#include "nnref/core/error.hpp"

namespace nnref::ch07 {

void ex_momentum_step(std::vector<real>& /*theta*/, std::vector<real>& /*v*/,
                      const std::vector<real>& /*grads*/, const real& /*lr*/, const real& /*mu*/) {
    throw not_implemented("exercise 7.1");
}

void ex_rmsprop_step(std::vector<real>& /*theta*/, std::vector<real>& /*v*/,
                     const std::vector<real>& /*grads*/, const real& /*lr*/, const real& /*beta2*/,
                     const real& /*eps*/) {
    throw not_implemented("exercise 7.2");
}

std::array<real, 4> ex_adam_moments(const std::vector<real>& /*grads*/, const real& /*beta1*/,
                                    const real& /*beta2*/) {
    throw not_implemented("exercise 7.3");
}

void ex_adamw_step(std::vector<real>& /*theta*/, AdamState& /*state*/,
                   const std::vector<real>& /*grads*/, const real& /*lr*/,
                   const real& /*weight_decay*/, const real& /*beta1*/, const real& /*beta2*/,
                   const real& /*eps*/) {
    throw not_implemented("exercise 7.4");
}

}  // namespace nnref::ch07
