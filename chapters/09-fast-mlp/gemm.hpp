/// \file
/// \brief Chapter 9, part 1: a fast float32 matrix product, in the stages the page teaches,
///        and the one the MLP uses: gemm(), with transposes, β = 1, a fused bias and ReLU,
///        threads, and the same bits for any number of threads.
///
/// Every matrix is row-major float with an explicit row stride (a leading dimension, as in
/// BLAS): entry (i, j) of a matrix with row stride ld is `data[i * ld + j]`. A view of part
/// of a larger matrix is a pointer into it with the larger matrix's stride.
///
/// The stages, each a function (the page measures each one):
///  0. nnref::matmul<float> (src/nnref/core/matrix.hpp), the reference's plain loops;
///  1. matmul_ijk() and matmul_ikj(): the loop order;
///  2. matmul_blocked(): cache blocks;
///  3. gemm_packed(): packing and a register-blocked micro-kernel, one thread;
///  4. gemm(): the same on several threads, with a fixed partition of C.
/// Stage 5, what the MLP needs beyond C = AB, is gemm()'s options. The code for each CPU
/// target is in kernels.cpp (kernel.hpp explains how one binary serves them all); this
/// file's functions run it on the target picked for this CPU, target().
/// The page is \ref ch09_fast_mlp; the tests are tests/test_ch09_fast_mlp.cpp.
#pragma once

#include "09-fast-mlp/kernel.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nnref::fast {

/// op(X): X as it is stored, or its transpose, read in place.
enum class Op {
    none,       ///< op(X) = X
    transpose,  ///< op(X) = Xᵀ: X is stored the other way round
};

/// The activation applied to C in the epilogue, while the tile is still in registers.
enum class Fused {
    identity,  ///< nothing
    relu,      ///< max(0, c); a NaN stays NaN
};

/// What gemm() computes, beyond C = AB.
/// Chapter 9, \ref ch09_epilogue "section 8: beyond C = AB".
struct GemmOptions {
    Op a = Op::none;               ///< op(A)
    Op b = Op::none;               ///< op(B)
    bool accumulate = false;       ///< β = 1: C ⟵ C + op(A) op(B), instead of C ⟵ op(A) op(B)
    const float* bias = nullptr;   ///< N entries added to every row of C after the sum, or null
    Fused activation = Fused::identity;  ///< applied last
    int threads = 0;               ///< threads to use; 0 for OpenMP's default (all cores)
};

/// The matrix product the MLP runs on, all of stage 5:
/// \f[ C \leftarrow \varphi\bigl(\beta C + \mathrm{op}(A)\,\mathrm{op}(B) + \mathbf 1 b^\top\bigr),
///     \qquad \beta \in \{0, 1\}, \quad \varphi \in \{\text{identity}, \text{ReLU}\}. \f]
/// op(A) is M × K, op(B) is K × N, C is M × N. For `Op::none` A is stored M × K with row
/// stride lda ≥ K; for `Op::transpose` it is stored K × M with lda ≥ M. Likewise B: K × N
/// with ldb ≥ N, or N × K with ldb ≥ K. C has row stride ldc ≥ N.
///
/// Each entry of C is one sum, over k in increasing order, in blocks of kc (blocking()): the
/// same operations in the same order whatever the number of threads, so the result has the
/// same bits for 1, 2, 3 or 4 threads. Its error is that of a dot product,
/// \f$ |\hat c - c| \le \gamma_K \sum_k |a_{ik}| |b_{kj}| \f$ with \f$ \gamma_K = Ku/(1-Ku) \f$
/// (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., eq. 3.5), plus one
/// rounding each for β and the bias.
/// \param M rows of C
/// \param N columns of C
/// \param K the length of each sum
/// \param A the first factor, see above
/// \param lda A's row stride
/// \param B the second factor
/// \param ldb B's row stride
/// \param C the result, written (and read when accumulating)
/// \param ldc C's row stride
/// \param options transposes, β, bias, activation, threads
/// \throws shape_error for a stride too small for its matrix, input_error for a null
///         pointer with a nonzero size or a negative thread count
void gemm(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda,
          const float* B, std::size_t ldb, float* C, std::size_t ldc, const GemmOptions& options = {});

/// Stage 3: gemm() on the calling thread only (options.threads is ignored).
/// \param M rows of C
/// \param N columns of C
/// \param K the length of each sum
/// \param A the first factor
/// \param lda A's row stride
/// \param B the second factor
/// \param ldb B's row stride
/// \param C the result
/// \param ldc C's row stride
/// \param options transposes, β, bias, activation
void gemm_packed(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda,
                 const float* B, std::size_t ldb, float* C, std::size_t ldc,
                 const GemmOptions& options = {});

/// Stage 1, the textbook order: \f$ C_{ij} = \sum_k A_{ik} B_{kj} \f$ as a dot product per
/// entry. A is M × K, B is K × N, C is M × N, all contiguous (row strides K, N and N).
/// \param M rows of C
/// \param N columns of C
/// \param K the length of each sum
/// \param A M × K
/// \param B K × N
/// \param C M × N, assigned
void matmul_ijk(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B, float* C);

/// Stage 1, the order i-k-j: row i of C gathers \f$ A_{ik} \f$ times row k of B. Shapes as in
/// matmul_ijk().
/// \param M rows of C
/// \param N columns of C
/// \param K the length of each sum
/// \param A M × K
/// \param B K × N
/// \param C M × N, assigned
void matmul_ikj(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B, float* C);

/// Stage 2: i-k-j inside cache blocks of blocking(). Shapes as in matmul_ijk().
/// \param M rows of C
/// \param N columns of C
/// \param K the length of each sum
/// \param A M × K
/// \param B K × N
/// \param C M × N, assigned
void matmul_blocked(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B,
                    float* C);

/// The CPU target in use: the fastest one this CPU runs, unless use_target() chose another.
const Target& target();

/// Every target compiled into this build that this CPU can run, fastest first.
std::vector<const Target*> targets();

/// Uses the target called `name` ("avx512", "avx2" or "portable") from now on, in every
/// thread. The environment variable NNREF_GEMM_TARGET does the same at start-up.
/// \param name the target's name
/// \throws input_error for a target this build or this CPU does not have, listing those it has
void use_target(std::string_view name);

/// The data cache sizes of this machine, in bytes, as the OS reports them.
/// Chapter 9, \ref ch09_cache_blocks "section 5: cache blocks".
struct CacheSizes {
    std::size_t l1 = 0;   ///< level-1 data cache, per core
    std::size_t l2 = 0;   ///< level 2, per core on this machine
    std::size_t l3 = 0;   ///< level 3, shared
    bool measured = true;  ///< false where the OS did not say and defaults were assumed
};

/// Read once from the OS (glibc's sysconf); 32 KiB, 1 MiB and 8 MiB where it does not say.
const CacheSizes& cache_sizes();

/// The cache blocks of stages 2 to 4 for a target.
/// Chapter 9, \ref ch09_cache_blocks "section 5: cache blocks".
struct Blocking {
    std::size_t mc = 0;  ///< rows of the Ã block, a multiple of mr
    std::size_t kc = 0;  ///< the depth of a block: terms of the sum per pass
    std::size_t nc = 0;  ///< columns of the B̃ block, a multiple of nr
};

/// The blocks for target `t` on caches `c`: a kc × nr micro-panel of B̃ fills L1, the
/// mc × kc block Ã half of L2, and the kc × nc block B̃ half of L3.
/// \param t the target, for its tile
/// \param c the cache sizes
Blocking blocking(const Target& t, const CacheSizes& c = cache_sizes());

/// The target, its tile, the caches and the blocks, in one line for reports, e.g.
/// "avx512: tile 12 x 32, caches L1 32 KiB, L2 1024 KiB, L3 32768 KiB; mc 1020, kc 128, nc 8192".
std::string describe(const Target& t);

/// Measures the peak: `threads` threads each run the target's register-only FMA loop for
/// about `seconds`; returns GFLOP/s summed over the threads.
/// \param t the target
/// \param threads how many threads, 1 or more
/// \param seconds how long to run
double measure_peak_gflops(const Target& t, int threads, double seconds = 0.2);

}  // namespace nnref::fast
