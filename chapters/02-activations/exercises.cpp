/// \file
/// \brief Chapter 2 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 2`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
#include "02-activations/exercises.hpp"

#include "nnref/core/error.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/erf.hpp>

namespace nnref::ch02 {

real ex_tanh_derivative_from_output(const real& /*a*/) {
    throw not_implemented("exercise 2.1");
}

std::vector<real> ex_softmax_jacobian_diagonal(const std::vector<real>& /*z*/) {
    throw not_implemented("exercise 2.2");
}

real ex_gelu_derivative(const real& /*x*/) {
    throw not_implemented("exercise 2.3");
}

real ex_silu_derivative(const real& /*x*/) {
    throw not_implemented("exercise 2.4");
}

std::vector<real> ex_softmax_vjp(const std::vector<real>& /*p*/, const std::vector<real>& /*dp*/) {
    throw not_implemented("exercise 2.5");
}

}  // namespace nnref::ch02
