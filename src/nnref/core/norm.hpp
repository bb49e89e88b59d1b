/// \file
/// \brief The Euclidean norm of a vector, and the same norm of a matrix's entries (Frobenius).
///        Chapter 6 clips gradients by it; chapter 8 measures gradients layer by layer with it.
#pragma once

#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"

#include <cmath>
#include <vector>

namespace nnref {

/// \f$ \lVert v \rVert = \sqrt{\sum_k v_k^2} \f$, the Euclidean length of a flat vector.
template <Real T>
T euclidean_norm(const std::vector<T>& v) {
    using std::sqrt;
    T sum = T(0);
    for (const T& x : v) {
        sum += x * x;
    }
    return sqrt(sum);
}

/// \f$ \lVert A \rVert_F = \sqrt{\sum_{ij} A_{ij}^2} \f$, the Frobenius norm: the Euclidean
/// norm of A's entries read as one vector.
template <Real T>
T frobenius_norm(const Matrix<T>& A) {
    using std::sqrt;
    T sum = T(0);
    for (std::size_t k = 0; k < A.size(); ++k) {
        sum += A[k] * A[k];
    }
    return sqrt(sum);
}

}  // namespace nnref
