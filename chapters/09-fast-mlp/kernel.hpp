/// \file
/// \brief What one CPU target's code offers the matrix product: the micro-kernel's shape and
///        the single-threaded stages, compiled once per target from kernels.cpp.
///
/// kernels.cpp is compiled three times on x86-64, with `-mavx512f -mfma`, with `-mavx2 -mfma`
/// and with the baseline flags (the portable target, and the only one elsewhere). Each copy
/// lives in its own namespace (nnref::fast::avx512, nnref::fast::avx2, nnref::fast::portable)
/// and publishes one `Target`; gemm.cpp picks one at run time from what the CPU supports. This
/// header is the whole interface between them: plain data and function pointers, no inline
/// code, so that nothing compiled with AVX-512 can be linked into a path that runs without it.
/// The page is \ref ch09_fast_mlp, at
/// \ref ch09_dispatch "section 9: one binary for every x86-64"; the tests are
/// tests/test_ch09_fast_mlp.cpp.
#pragma once

#include <cstddef>

namespace nnref::fast {

/// One product C = op(A) op(B), its epilogue, and the blocking, as the target code sees it.
/// Transposes are strides: op(A)(i, k) is `A[i * a_row + k * a_col]`, so Aᵀ is read in place
/// by swapping the two strides, and op(B)(k, j) is `B[k * b_row + j * b_col]`.
/// Chapter 9, \ref ch09_dispatch "section 9: one binary for every x86-64".
struct Problem {
    std::size_t M = 0, N = 0, K = 0;  ///< C is M × N, and the sum runs over K
    const float* A = nullptr;         ///< op(A) is M × K
    std::size_t a_row = 0, a_col = 0;  ///< op(A)'s strides
    const float* B = nullptr;         ///< op(B) is K × N
    std::size_t b_row = 0, b_col = 0;  ///< op(B)'s strides
    float* C = nullptr;               ///< C, row-major with row stride ldc
    std::size_t ldc = 0;              ///< C's row stride, at least N
    bool accumulate = false;          ///< β = 1: C = C + op(A) op(B); else C = op(A) op(B)
    const float* bias = nullptr;      ///< N entries added to every row after the sum, or null
    bool relu = false;                ///< then max(0, ·), NaN kept; else the identity
    std::size_t mc = 0, kc = 0, nc = 0;  ///< the cache blocks (gemm.cpp: blocking)
};

/// One compiled target.
/// Chapter 9, \ref ch09_dispatch "section 9: one binary for every x86-64".
struct Target {
    const char* name;     ///< "avx512", "avx2" or "portable"
    int vector_floats;    ///< floats in one vector register: 16, 8 or 4
    int mr, nr;           ///< the micro-kernel's tile: mr rows × nr columns of C
    /// Stage 1, the textbook order i-j-k: a dot product per element, B read down a column.
    void (*loop_ijk)(const Problem& p);
    /// Stage 1, the order i-k-j: B and C read along rows, so the inner loop vectorises.
    void (*loop_ikj)(const Problem& p);
    /// Stage 2: i-k-j inside mc × kc × nc cache blocks.
    void (*blocked)(const Problem& p);
    /// Stage 3: the five loops around packing and the register-blocked micro-kernel, with
    /// transposes, β and the epilogue. `packed_a` holds mc × kc floats (mc rounded up to mr),
    /// `packed_b` kc × nc (nc rounded up to nr): the caller owns them.
    void (*packed)(const Problem& p, float* packed_a, float* packed_b);
    /// Stage 3's packing of B̃: rows [pc, pc + k_c) and columns [jc, jc + n_c) of op(B), as
    /// micro-panels of nr columns (zeros past n_c); `out` holds k_c × n_c rounded up to nr.
    void (*pack_b)(const Problem& p, std::size_t pc, std::size_t k_c, std::size_t jc,
                   std::size_t n_c, float* out);
    /// The register-only FMA loop of the peak: `iterations` rounds of the micro-kernel's
    /// mr · nr / vector_floats independent FMAs. Returns a value that depends on every FMA.
    float (*fma_loop)(long iterations);
};

}  // namespace nnref::fast
