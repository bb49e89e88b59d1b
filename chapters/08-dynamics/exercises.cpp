/// \file
/// \brief Chapter 8 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 8`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
#include "08-dynamics/exercises.hpp"

#include "nnref/core/error.hpp"

namespace nnref::ch08 {

real ex_sigmoid_chain_bound(std::size_t /*n*/, const real& /*weight_norm*/) {
    throw not_implemented("exercise 8.1");
}

real ex_xavier_uniform_limit(std::size_t /*fan_in*/, std::size_t /*fan_out*/) {
    throw not_implemented("exercise 8.2");
}

real ex_relu_second_moment(const real& /*variance*/) {
    throw not_implemented("exercise 8.3");
}

std::vector<real> ex_clip_by_norm(const std::vector<real>& /*g*/, const real& /*max_norm*/) {
    throw not_implemented("exercise 8.4");
}

}  // namespace nnref::ch08
