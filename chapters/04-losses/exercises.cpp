/// \file
/// \brief Chapter 4 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 4`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
#include "04-losses/exercises.hpp"

#include "nnref/core/error.hpp"

#include <boost/math/special_functions/log1p.hpp>

#include <algorithm>

namespace nnref::ch04 {

real ex_bce_derivative(const real& /*y_hat*/, const real& /*y*/) {
    throw not_implemented("exercise 4.1");
}

std::vector<real> ex_softmax_ce_gradient(const std::vector<real>& /*z*/, int /*c*/) {
    throw not_implemented("exercise 4.2");
}

real ex_huber_derivative(const real& /*r*/, const real& /*delta*/) {
    throw not_implemented("exercise 4.3");
}

real ex_bce_from_logit(const real& /*z*/, const real& /*y*/) {
    throw not_implemented("exercise 4.4");
}

}  // namespace nnref::ch04
