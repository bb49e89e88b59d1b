/// \file
/// \brief Chapter 3 exercises: write your answers here (the declarations and the maths are in
///        exercises.hpp), rebuild, and run `nnref exercises 3`.
///
/// Each stub throws not_implemented, which the checker reports as "not implemented yet".
#include "03-checking/exercises.hpp"

#include "nnref/core/error.hpp"

namespace nnref::ch03 {

real ex_central_difference(const RealFunction& /*f*/, const real& /*x*/, const real& /*h*/) {
    throw not_implemented("exercise 3.1");
}

real ex_best_central_step(const real& /*eps*/, const real& /*f_value*/, const real& /*f_third*/) {
    throw not_implemented("exercise 3.2");
}

real ex_richardson(const RealFunction& /*f*/, const real& /*x*/, const real& /*h*/) {
    throw not_implemented("exercise 3.3");
}

real ex_complex_step(const ComplexFunction& /*f*/, const real& /*x*/, const real& /*h*/) {
    throw not_implemented("exercise 3.4");
}

}  // namespace nnref::ch03
