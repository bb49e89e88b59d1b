/// \file
/// \brief Chapter 6 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 6`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
#include "06-descent/exercises.hpp"

#include "nnref/core/error.hpp"

namespace nnref::ch06 {

std::vector<real> ex_linear_step(const std::vector<real>& /*theta*/, const Matrix<real>& /*X*/,
                                 const std::vector<real>& /*y*/, const real& /*lr*/) {
    throw not_implemented("exercise 6.1");
}

real ex_batch_mean_variance(const std::vector<real>& /*values*/, std::size_t /*B*/) {
    throw not_implemented("exercise 6.2");
}

real ex_largest_stable_lr(const real& /*a*/) {
    throw not_implemented("exercise 6.3");
}

}  // namespace nnref::ch06
