/// \file
/// \brief Chapter 5 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 5`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
#include "05-backprop/exercises.hpp"

#include "nnref/core/error.hpp"

namespace nnref::ch05 {

real ex_output_delta(const real& /*z*/, const real& /*y*/) {
    throw not_implemented("exercise 5.1");
}

std::array<real, 2> ex_divide_local(const real& /*a*/, const real& /*b*/) {
    throw not_implemented("exercise 5.2");
}

DenseGrads ex_dense_backward(const Matrix<real>& /*dZ*/, const Matrix<real>& /*X*/,
                             const Matrix<real>& /*W*/) {
    throw not_implemented("exercise 5.3");
}

std::vector<real> ex_backprop_221(const std::vector<real>& /*theta*/,
                                  const std::array<real, 2>& /*x*/, const real& /*y*/) {
    throw not_implemented("exercise 5.4");
}

}  // namespace nnref::ch05
