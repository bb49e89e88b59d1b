/// \file
/// \brief Chapter 1 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 1`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
/// Delete the throw and write the formula. Use `real(1)`, not `1.0`, for constants.
#include "01-neuron/exercises.hpp"

#include "nnref/core/error.hpp"

namespace nnref::ch01 {

real ex_pre_activation(const std::vector<real>& /*w*/, const real& /*b*/,
                       const std::vector<real>& /*x*/) {
    throw not_implemented("exercise 1.1");
}

real ex_sigmoid_derivative(const real& /*z*/) {
    throw not_implemented("exercise 1.2");
}

std::vector<real> ex_neuron_da_dw(const std::vector<real>& /*w*/, const real& /*b*/,
                                  const std::vector<real>& /*x*/) {
    throw not_implemented("exercise 1.3");
}

void ex_perceptron_step(std::vector<real>& /*w*/, real& /*b*/, const std::vector<real>& /*x*/,
                        int /*y*/, const real& /*lr*/) {
    throw not_implemented("exercise 1.4");
}

std::vector<real> ex_bce_dw(const std::vector<real>& /*w*/, const real& /*b*/,
                            const std::vector<real>& /*x*/, const real& /*y*/) {
    throw not_implemented("exercise 1.5");
}

}  // namespace nnref::ch01
