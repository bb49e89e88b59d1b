/// \file
/// \brief Chapter 9 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 9`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
#include "09-fast-mlp/exercises.hpp"

#include "nnref/core/error.hpp"

namespace nnref::ch09 {

real ex_step_flops(std::size_t /*batch*/, const std::vector<std::size_t>& /*widths*/) {
    throw not_implemented("exercise 9.1");
}

real ex_arithmetic_intensity(std::size_t /*M*/, std::size_t /*N*/, std::size_t /*K*/) {
    throw not_implemented("exercise 9.2");
}

std::size_t ex_tile_rows(std::size_t /*registers*/, std::size_t /*vectors_per_row*/) {
    throw not_implemented("exercise 9.3");
}

std::vector<float> ex_pack_b(const std::vector<float>& /*B*/, std::size_t /*ldb*/, std::size_t /*k_c*/,
                             std::size_t /*n_c*/, std::size_t /*nr*/) {
    throw not_implemented("exercise 9.4");
}

std::vector<real> ex_relu_dz(const std::vector<real>& /*dA*/, const std::vector<real>& /*A*/) {
    throw not_implemented("exercise 9.5");
}

std::vector<real> ex_bias_gradient(const std::vector<real>& /*dZ*/, std::size_t /*batch*/, std::size_t /*n*/) {
    throw not_implemented("exercise 9.6");
}

std::vector<real> ex_softmax_ce_gradient(const std::vector<real>& /*z*/, std::size_t /*y*/,
                                         std::size_t /*batch*/) {
    throw not_implemented("exercise 9.7");
}

}  // namespace nnref::ch09
