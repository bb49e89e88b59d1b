/// \file
/// \brief Chapter 9's matrix product for one CPU target: stages 1 to 3, with the one
///        register-blocked micro-kernel at their heart.
///
/// This file is compiled once per target (kernel.hpp says why): the compiler's own macros
/// (`__AVX512F__`, `__AVX2__`, `__FMA__`) pick the vector width and the tile, and the
/// namespace. It uses nothing from the standard library but `memcpy`, on purpose: an inline
/// library function compiled here with AVX-512 could be picked by the linker for the whole
/// program, and then crash on a CPU without it. Everything here is in this target's own
/// namespace, so no symbol of it can stand in for another target's.
///
/// The vectors are GCC/Clang vector extensions: `Vec` holds `vector_floats` floats, and
/// `acc += a * b` on them is one fused multiply-add per register (this file is compiled with
/// -ffp-contract=fast, which fuses a * b + c into one correctly rounded operation; it is not
/// -ffast-math: nothing is reordered, and NaN and infinity propagate as IEEE says).
#include "09-fast-mlp/kernel.hpp"

#include <cstddef>
#include <cstring>

#if defined(__AVX512F__) && defined(__FMA__)
#define NNREF_TARGET avx512
#elif defined(__AVX2__) && defined(__FMA__)
#define NNREF_TARGET avx2
#else
#define NNREF_TARGET portable
#endif
#define NNREF_STRING(x) NNREF_STRING2(x)
#define NNREF_STRING2(x) #x

namespace nnref::fast::NNREF_TARGET {

namespace {

using std::size_t;

//! [tile]
// The micro-kernel keeps an mr × nr tile of C in registers: mr rows of nv vectors each.
// Per step k it loads nv vectors of B, broadcasts each of the mr entries of A, and does
// mr · nv FMAs. Two limits set the shape:
//  - registers: mr · nv accumulators + nv for B + 1 for A must fit the register file;
//  - latency: an FMA's result is ready only after its latency L (4 cycles), and the core
//    starts T of them per cycle (T = 1 zmm on AMD Zen 4, 2 on Intel), so at least L · T
//    independent accumulators keep it busy.
// Within those, the rows divide the MLP's sizes: the batch of 128, and 784, 512 and 256.
#if defined(__AVX512F__)
constexpr int vector_floats = 16;  // one zmm register, 512 bits
constexpr int mr = 8, nv = 2;      // 16 accumulators ≥ L · T, + 2 + 1 = 19 of 32 registers
#elif defined(__AVX2__)
constexpr int vector_floats = 8;   // one ymm register, 256 bits
constexpr int mr = 6, nv = 2;      // 12 accumulators ≥ L · T, + 2 + 1 = 15 of 16 registers
#else
constexpr int vector_floats = 4;   // 128 bits: SSE2 on any x86-64, NEON on ARM
constexpr int mr = 4, nv = 2;      // 8 accumulators + 2 + 1 = 11 of 16 registers
#endif
constexpr int nr = nv * vector_floats;  // the tile's width in floats
//! [tile]

typedef float Vec __attribute__((vector_size(vector_floats * sizeof(float))));

// Unaligned loads and stores of a whole vector (one vmovups each).
inline Vec load(const float* p) {
    Vec v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

inline size_t smaller(size_t a, size_t b) { return a < b ? a : b; }

// ---- Stage 1: the loop order ------------------------------------------------------------
// Both orders compute the same sums, term by term in the same order of k. Row-major storage
// puts B(k, j) and B(k, j + 1) next to each other, and B(k, j) and B(k + 1, j) a whole row
// apart. Stages 1 and 2 take no transposes: op(A) = A with row stride a_row, and so on.

//! [loop-ijk]
void loop_ijk(const Problem& p) {
    const float* A = p.A;
    const float* B = p.B;
    for (size_t i = 0; i < p.M; ++i) {
        for (size_t j = 0; j < p.N; ++j) {
            float sum = 0;
            for (size_t k = 0; k < p.K; ++k) {
                sum += A[i * p.a_row + k] * B[k * p.b_row + j];  // B read down a column
            }
            p.C[i * p.ldc + j] = sum;
        }
    }
}
//! [loop-ijk]

//! [loop-ikj]
void loop_ikj(const Problem& p) {
    const float* A = p.A;
    const float* B = p.B;
    for (size_t i = 0; i < p.M; ++i) {
        float* c = p.C + i * p.ldc;
        for (size_t j = 0; j < p.N; ++j) {
            c[j] = 0;
        }
        for (size_t k = 0; k < p.K; ++k) {
            const float a = A[i * p.a_row + k];
            const float* b = B + k * p.b_row;
            for (size_t j = 0; j < p.N; ++j) {
                c[j] += a * b[j];  // unit stride in B and C: one vector of j per instruction
            }
        }
    }
}
//! [loop-ikj]

// ---- Stage 2: cache blocks --------------------------------------------------------------

//! [blocked]
void blocked(const Problem& p) {
    const float* A = p.A;
    const float* B = p.B;
    for (size_t i = 0; i < p.M; ++i) {
        for (size_t j = 0; j < p.N; ++j) {
            p.C[i * p.ldc + j] = 0;
        }
    }
    for (size_t jc = 0; jc < p.N; jc += p.nc) {          // a kc × nc block of B ...
        const size_t j_end = smaller(p.N, jc + p.nc);
        for (size_t pc = 0; pc < p.K; pc += p.kc) {
            const size_t k_end = smaller(p.K, pc + p.kc);
            for (size_t ic = 0; ic < p.M; ic += p.mc) {  // ... meets an mc × kc block of A
                const size_t i_end = smaller(p.M, ic + p.mc);
                for (size_t i = ic; i < i_end; ++i) {
                    float* c = p.C + i * p.ldc;
                    for (size_t k = pc; k < k_end; ++k) {
                        const float a = A[i * p.a_row + k];
                        const float* b = B + k * p.b_row;
                        for (size_t j = jc; j < j_end; ++j) {
                            c[j] += a * b[j];
                        }
                    }
                }
            }
        }
    }
}
//! [blocked]

// ---- Stage 3: packing and the micro-kernel ----------------------------------------------

//! [pack]
// w floats from `from` to `to`, of which the first `count` are read and the rest are zeros.
// A whole line has a constant length, which the compiler turns into vector loads and stores.
template <size_t w>
inline void copy_line(const float* from, size_t count, float* to) {
    if (count == w) {
        for (size_t r = 0; r < w; ++r) {
            to[r] = from[r];
        }
        return;
    }
    for (size_t r = 0; r < w; ++r) {
        to[r] = r < count ? from[r] : 0.0f;
    }
}

// One micro-panel of w lines: out[k * w + r] = src[r * across + k * along] for the first
// `count` lines, zeros for the rest, so that every tile is a full one. The micro-kernel reads
// out from start to end. The loops follow whichever stride is 1, so the reads are contiguous.
// When the lines run across memory (along == 1: B as stored is read a column at a time),
// the copy is a transpose; it goes 16 steps of k at a time, a cache line of each line it
// reads, so that the 16 × w floats it writes stay in L1 until they are complete.
template <size_t w>
void pack_panel(const float* src, size_t across, size_t along, size_t count, size_t k_c, float* out) {
    if (across == 1) {  // a row of the panel is contiguous: copy it whole
        for (size_t k = 0; k < k_c; ++k) {
            copy_line<w>(src + k * along, count, out + k * w);
        }
        return;
    }
    for (size_t k0 = 0; k0 < k_c; k0 += 16) {
        const size_t k_end = smaller(k_c, k0 + 16);
        for (size_t r = 0; r < w; ++r) {
            for (size_t k = k0; k < k_end; ++k) {
                out[k * w + r] = r < count ? src[r * across + k * along] : 0.0f;
            }
        }
    }
}

// Micro-panel i0 of Ã: rows [i, i + mr) of op(A) and its columns [pc, pc + k_c).
void pack_a(const Problem& p, size_t i, size_t pc, size_t k_c, float* out) {
    pack_panel<mr>(p.A + i * p.a_row + pc * p.a_col, p.a_row, p.a_col, smaller(mr, p.M - i), k_c, out);
}

// B̃: rows [pc, pc + k_c) and columns [jc, jc + n_c) of op(B), as micro-panels of w columns.
// When op(B)'s rows are contiguous (B as stored), it goes row by row, each row of the block
// once from start to end, to every panel: a stream the prefetcher can follow. (Panel by panel
// would walk down the same rows n_c / w times.)
template <size_t w>
void pack_b(const Problem& p, size_t pc, size_t k_c, size_t jc, size_t n_c, float* out) {
    if (p.b_col != 1) {
        for (size_t j0 = 0; j0 < n_c; j0 += w) {
            pack_panel<w>(p.B + pc * p.b_row + (jc + j0) * p.b_col, p.b_col, p.b_row,
                          smaller(w, n_c - j0), k_c, out + j0 * k_c);
        }
        return;
    }
    for (size_t k = 0; k < k_c; ++k) {
        const float* row = p.B + (pc + k) * p.b_row + jc;
        for (size_t j0 = 0; j0 < n_c; j0 += w) {
            copy_line<w>(row + j0, smaller(w, n_c - j0), out + j0 * k_c + k * w);
        }
    }
}
//! [pack]

// What happens to a tile after its sum: add C's old value (a later kc block, or β = 1), and
// on the last kc block the bias and the activation, while the tile is still in registers.
struct Epilogue {
    bool load_c;        // C = C + sum, or C = sum
    const float* bias;  // nr entries, or null
    bool relu;
};

//! [micro-kernel]
// C(mr × w) ⟵ [C +] Ã-panel (mr × k_c) · B̃-panel (k_c × w) [+ bias] [then ReLU], with
// w = cols · vector_floats: nr, or one vector for a narrow C.
// a: k_c columns of mr numbers; b: k_c rows of w numbers; c: row stride ldc.
template <int cols>
inline void micro_kernel(size_t k_c, const float* a, const float* b, float* c, size_t ldc,
                         const Epilogue& e) {
    Vec acc[mr][cols] = {};  // the tile of C, in registers for the whole loop
    for (size_t k = 0; k < k_c; ++k, a += mr, b += cols * vector_floats) {
        Vec b_k[cols];
#pragma GCC unroll 4
        for (int j = 0; j < cols; ++j) {
            b_k[j] = load(b + j * vector_floats);
        }
#pragma GCC unroll 16
        for (int i = 0; i < mr; ++i) {
#pragma GCC unroll 4
            for (int j = 0; j < cols; ++j) {
                acc[i][j] += a[i] * b_k[j];  // a[i] is broadcast to every lane: one FMA
            }
        }
    }
#pragma GCC unroll 16
    for (int i = 0; i < mr; ++i) {
#pragma GCC unroll 4
        for (int j = 0; j < cols; ++j) {
            float* c_ij = c + i * ldc + j * vector_floats;
            Vec v = e.load_c ? load(c_ij) + acc[i][j] : acc[i][j];
            if (e.bias) {
                v += load(e.bias + j * vector_floats);
            }
            if (e.relu) {
                v = v < 0 ? Vec{} : v;  // max(v, 0), but NaN < 0 is false: NaN stays NaN
            }
            store(c_ij, v);
        }
    }
}
//! [micro-kernel]

//! [five-loops]
// Goto's five loops around the micro-kernel (Goto & van de Geijn, 2008; BLIS: Van Zee & van de
// Geijn, 2015). B̃ is packed once per (jc, pc) and read by every ic; Ã once per (ic, pc) and
// read by every jr.
template <int cols>
void five_loops(const Problem& p, float* packed_a, float* packed_b) {
    constexpr size_t w = cols * vector_floats;  // the tile's width
    for (size_t jc = 0; jc < p.N; jc += p.nc) {                // 5th loop: nc columns of C
        const size_t n_c = smaller(p.nc, p.N - jc);
        for (size_t pc = 0; pc < p.K; pc += p.kc) {            // 4th loop: kc terms of the sum
            const size_t k_c = smaller(p.kc, p.K - pc);
            const bool last = pc + k_c == p.K;
            pack_b<w>(p, pc, k_c, jc, n_c, packed_b);             // B̃, for every ic below
            for (size_t ic = 0; ic < p.M; ic += p.mc) {        // 3rd loop: mc rows of C
                const size_t m_c = smaller(p.mc, p.M - ic);
                for (size_t ir = 0; ir < m_c; ir += mr) {      // Ã, for every jr below
                    pack_a(p, ic + ir, pc, k_c, packed_a + ir * k_c);
                }
                for (size_t jr = 0; jr < n_c; jr += w) {       // 2nd loop: a B̃ micro-panel
                    const size_t valid = smaller(w, n_c - jr);
                    const float* b = packed_b + jr * k_c;
                    float bias[w] = {};
                    for (size_t j = 0; last && p.bias && j < valid; ++j) {
                        bias[j] = p.bias[jc + jr + j];
                    }
                    const Epilogue e{pc > 0 || p.accumulate, last && p.bias ? bias : nullptr,
                                     last && p.relu};
                    for (size_t ir = 0; ir < m_c; ir += mr) {  // 1st loop: an Ã micro-panel
                        const size_t rows = smaller(mr, m_c - ir);
                        const float* a = packed_a + ir * k_c;
                        float* c = p.C + (ic + ir) * p.ldc + jc + jr;
                        if (rows == mr && valid == w) {
                            micro_kernel<cols>(k_c, a, b, c, p.ldc, e);
                            continue;
                        }
                        // An edge tile: the same kernel on a full tile in memory, of which
                        // only rows × valid are C's. The padding's zeros add nothing.
                        float tile[mr * w] = {};
                        for (size_t r = 0; e.load_c && r < rows; ++r) {
                            std::memcpy(tile + r * w, c + r * p.ldc, valid * sizeof(float));
                        }
                        micro_kernel<cols>(k_c, a, b, tile, w, e);
                        for (size_t r = 0; r < rows; ++r) {
                            std::memcpy(c + r * p.ldc, tile + r * w, valid * sizeof(float));
                        }
                    }
                }
            }
        }
    }
}
//! [five-loops]

// Stage 3. A C at most one vector wide (the output layer's 10 classes) runs the same loops
// with a tile one vector wide: a tile of nr columns would compute nr − N columns of zeros.
void packed(const Problem& p, float* packed_a, float* packed_b) {
    if (p.N <= static_cast<size_t>(vector_floats)) {
        five_loops<1>(p, packed_a, packed_b);
    } else {
        five_loops<nv>(p, packed_a, packed_b);
    }
}

//! [peak]
// The peak: the micro-kernel's mr · nv FMAs with nothing to load, acc = acc · x + y, round
// after round. Every FMA depends on the one before it on its register only.
float fma_loop(long iterations) {
    Vec acc[mr][nv];
    for (int i = 0; i < mr; ++i) {
        for (int j = 0; j < nv; ++j) {
            acc[i][j] = Vec{} + static_cast<float>(i * nv + j);
        }
    }
    const Vec x = Vec{} + 0.999999f, y = Vec{} + 1e-6f;
    for (long it = 0; it < iterations; ++it) {
#pragma GCC unroll 16
        for (int i = 0; i < mr; ++i) {
#pragma GCC unroll 4
            for (int j = 0; j < nv; ++j) {
                acc[i][j] = acc[i][j] * x + y;
            }
        }
    }
    float sum = 0;
    for (int i = 0; i < mr; ++i) {
        for (int j = 0; j < nv; ++j) {
            for (int l = 0; l < vector_floats; ++l) {
                sum += acc[i][j][l];
            }
        }
    }
    return sum;
}
//! [peak]

}  // namespace

extern const Target target = {NNREF_STRING(NNREF_TARGET), vector_floats, mr, nr, loop_ijk, loop_ikj,
                              blocked, packed, pack_b<nr>, fma_loop};

}  // namespace nnref::fast::NNREF_TARGET
