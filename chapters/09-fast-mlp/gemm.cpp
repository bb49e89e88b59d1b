/// \file
/// \brief The matrix product's driver: the choice of target at run time, the cache blocks,
///        the checks on every argument, and stage 4, the threads.
///
/// This file is compiled with the project's ordinary flags and OpenMP; only kernels.cpp gets
/// target flags. It reaches the targets through their `Target` tables alone (kernel.hpp).
#include "09-fast-mlp/gemm.hpp"

#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <vector>

#if defined(__unix__)
#include <unistd.h>
#endif
#if defined(_OPENMP)
#include <omp.h>
#endif

namespace nnref::fast {

// The targets compiled into this build (chapters/09-fast-mlp/CMakeLists.txt).
namespace portable {
extern const Target target;
}
#if defined(NNREF_X86_TARGETS)
namespace avx2 {
extern const Target target;
}
namespace avx512 {
extern const Target target;
}
#endif

namespace {

/// Every target of the build, fastest first.
std::vector<const Target*> compiled() {
#if defined(NNREF_X86_TARGETS)
    return {&avx512::target, &avx2::target, &portable::target};
#else
    return {&portable::target};
#endif
}

//! [dispatch]
/// Whether this CPU (and its OS, which must save the wide registers) runs target t.
bool cpu_runs(const Target& t) {
    const std::string_view name = t.name;
#if defined(NNREF_X86_TARGETS)
    __builtin_cpu_init();
    if (name == "avx512") {
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
    }
    if (name == "avx2") {
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
#endif
    return name == "portable";
}
//! [dispatch]

const Target* find(std::string_view name) {
    for (const Target* t : targets()) {
        if (name == t->name) {
            return t;
        }
    }
    const auto names = [](const std::vector<const Target*>& ts) {
        return join(ts, ", ", [](const Target* t) { return std::string(t->name); });
    };
    throw input_error(cat("gemm: no target '", name, "' here; this build has ", names(compiled()),
                          ", of which this CPU runs ", names(targets())));
}

/// The target in use; null until the first call of target().
std::atomic<const Target*> chosen{nullptr};

/// The problem as the target code sees it, after every check.
Problem make_problem(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda,
                     const float* B, std::size_t ldb, float* C, std::size_t ldc,
                     const GemmOptions& o, const Target& t) {
    const bool a_t = o.a == Op::transpose, b_t = o.b == Op::transpose;
    // The messages are built only when a check fails: gemm() runs thousands of times a second.
    const auto require_stride = [](const char* name, std::size_t ld, std::size_t need, const char* what,
                                   const char* rows, std::size_t r, const char* cols, std::size_t c) {
        if (ld < need) {
            throw shape_error(cat("gemm: ", name, " = ", ld, ", but ", what, ", stored ", rows, " x ", cols,
                                  " = ", r, "x", c, ", needs a row stride of at least ", need));
        }
    };
    if (M > 0 && K > 0) {
        a_t ? require_stride("lda", lda, M, "A", "K", K, "M", M) : require_stride("lda", lda, K, "A", "M", M, "K", K);
    }
    if (K > 0 && N > 0) {
        b_t ? require_stride("ldb", ldb, K, "B", "N", N, "K", K) : require_stride("ldb", ldb, N, "B", "K", K, "N", N);
    }
    if (M > 0 && N > 0) {
        require_stride("ldc", ldc, N, "C", "M", M, "N", N);
    }
    const bool products = M > 0 && N > 0 && K > 0;
    if ((products && (A == nullptr || B == nullptr)) || (M > 0 && N > 0 && C == nullptr)) {
        throw input_error(cat("gemm: a null matrix in a ", M, "x", N, "x", K, " product"));
    }
    if (o.threads < 0) {
        throw input_error(cat("gemm: threads = ", o.threads, "; give 1 or more, or 0 for all cores"));
    }
    const Blocking blk = blocking(t);
    return {M, N, K, A, a_t ? 1 : lda, a_t ? lda : 1, B, b_t ? 1 : ldb, b_t ? ldb : 1, C, ldc,
            o.accumulate, o.bias, o.activation == Fused::relu, blk.mc, blk.kc, blk.nc};
}

/// K = 0: no sum, only the epilogue, C ⟵ φ(βC + bias).
void epilogue_only(const Problem& p) {
    for (std::size_t i = 0; i < p.M; ++i) {
        for (std::size_t j = 0; j < p.N; ++j) {
            float& c = p.C[i * p.ldc + j];
            float v = p.accumulate ? c : 0.0f;
            v = p.bias ? v + p.bias[j] : v;
            c = p.relu && v < 0 ? 0.0f : v;
        }
    }
}

constexpr std::size_t round_up(std::size_t n, std::size_t m) { return (n + m - 1) / m * m; }

/// Floats of packed Ã and B̃ that target t needs for problem p, each rounded up to a
/// whole cache line (16 floats) so that the two never share one.
std::size_t scratch_floats(const Problem& p, const Target& t) {
    const std::size_t kc = std::min(p.kc, p.K);
    const std::size_t a = round_up(std::min(p.mc, round_up(p.M, t.mr)) * kc, 16);
    const std::size_t b = round_up(kc * std::min(p.nc, round_up(p.N, t.nr)), 16);
    return a + b;
}

/// Scratch memory for packing, kept between calls (one per calling thread), so that a
/// training loop allocates only on its first step. Aligned to a cache line.
float* scratch(std::size_t floats) {
    thread_local std::vector<float> buffer;
    if (buffer.size() < floats + 16) {
        buffer.resize(floats + 16);
    }
    const auto at = reinterpret_cast<std::uintptr_t>(buffer.data());
    return buffer.data() + (round_up(at, 64) - at) / sizeof(float);
}

/// Stage 3 on one problem, with the given scratch (scratch_floats(p, t) floats).
void run_packed(const Problem& p, const Target& t, float* space) {
    if (p.M == 0 || p.N == 0) {
        return;
    }
    if (p.K == 0) {
        epilogue_only(p);
        return;
    }
    const std::size_t kc = std::min(p.kc, p.K);
    float* packed_a = space;
    float* packed_b = space + round_up(std::min(p.mc, round_up(p.M, t.mr)) * kc, 16);
    t.packed(p, packed_a, packed_b);
}

/// Problem p restricted to columns [j0, j1) of C, or rows [i0, i1).
Problem columns(Problem p, std::size_t j0, std::size_t j1) {
    p.B += j0 * p.b_col;
    p.C += j0;
    p.bias = p.bias ? p.bias + j0 : nullptr;
    p.N = j1 - j0;
    return p;
}
Problem rows(Problem p, std::size_t i0, std::size_t i1) {
    p.A += i0 * p.a_row;
    p.C += i0 * p.ldc;
    p.M = i1 - i0;
    return p;
}

/// The plain stages (1 and 2) take C = AB with contiguous matrices.
Problem plain(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B, float* C) {
    return make_problem(M, N, K, A, K, B, N, C, N, {}, target());
}

int default_threads() {
#if defined(_OPENMP)
    return omp_get_max_threads();
#else
    return 1;
#endif
}

}  // namespace

std::vector<const Target*> targets() {
    std::vector<const Target*> runnable;
    for (const Target* t : compiled()) {
        if (cpu_runs(*t)) {
            runnable.push_back(t);
        }
    }
    return runnable;
}

const Target& target() {
    const Target* t = chosen.load();
    if (t == nullptr) {
        const char* env = std::getenv("NNREF_GEMM_TARGET");
        t = env && *env ? find(env) : targets().front();
        chosen.store(t);
    }
    return *t;
}

void use_target(std::string_view name) { chosen.store(find(name)); }

const CacheSizes& cache_sizes() {
    static const CacheSizes sizes = [] {
        CacheSizes c{32 * 1024, 1024 * 1024, 8 * 1024 * 1024, false};
#if defined(_SC_LEVEL1_DCACHE_SIZE) && defined(_SC_LEVEL2_CACHE_SIZE) && defined(_SC_LEVEL3_CACHE_SIZE)
        const long l1 = sysconf(_SC_LEVEL1_DCACHE_SIZE), l2 = sysconf(_SC_LEVEL2_CACHE_SIZE),
                   l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
        if (l1 > 0 && l2 > 0) {
            c = {static_cast<std::size_t>(l1), static_cast<std::size_t>(l2),
                 l3 > 0 ? static_cast<std::size_t>(l3) : c.l3, true};
        }
#endif
        return c;
    }();
    return sizes;
}

//! [blocking]
Blocking blocking(const Target& t, const CacheSizes& c) {
    const std::size_t mr = t.mr, nr = t.nr, f = sizeof(float);
    Blocking b;
    // A kc × nr micro-panel of B̃ is read once per Ã micro-panel, mc / mr times in a row: it
    // should stay in L1. Filling L1 with it measured 2% faster than half of L1 (the mr × kc
    // panels of Ã, read once each, stream through it from L2), and the longer sums halve the
    // loads and stores of C between blocks.
    b.kc = std::max<std::size_t>(16, c.l1 / (nr * f) / 8 * 8);
    // Ã, mc × kc, stays in L2 while the jr loop runs over B̃: half of L2.
    b.mc = std::max(mr, c.l2 / 2 / (b.kc * f) / mr * mr);
    // B̃, kc × nc, stays in L3 for all of the ic loop: half of L3, and at most 8192 columns.
    b.nc = std::clamp(c.l3 / 2 / (b.kc * f) / nr * nr, nr, std::size_t{8192} / nr * nr);
    return b;
}
//! [blocking]

std::string describe(const Target& t) {
    const CacheSizes& c = cache_sizes();
    const Blocking b = blocking(t, c);
    return cat(t.name, ": tile ", t.mr, " x ", t.nr, " (", t.mr * t.nr / t.vector_floats,
               " accumulators of ", t.vector_floats, " floats), caches L1 ", c.l1 / 1024, " KiB, L2 ",
               c.l2 / 1024, " KiB, L3 ", c.l3 / 1024, " KiB", c.measured ? "" : " (assumed)",
               "; blocks mc ", b.mc, ", kc ", b.kc, ", nc ", b.nc);
}

void matmul_ijk(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B, float* C) {
    target().loop_ijk(plain(M, N, K, A, B, C));
}

void matmul_ikj(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B, float* C) {
    target().loop_ikj(plain(M, N, K, A, B, C));
}

void matmul_blocked(std::size_t M, std::size_t N, std::size_t K, const float* A, const float* B,
                    float* C) {
    target().blocked(plain(M, N, K, A, B, C));
}

void gemm_packed(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda,
                 const float* B, std::size_t ldb, float* C, std::size_t ldc, const GemmOptions& options) {
    const Target& t = target();
    const Problem p = make_problem(M, N, K, A, lda, B, ldb, C, ldc, options, t);
    run_packed(p, t, scratch(scratch_floats(p, t)));
}

//! [threads]
void gemm(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t lda,
          const float* B, std::size_t ldb, float* C, std::size_t ldc, const GemmOptions& options) {
    const Target& t = target();
    const Problem p = make_problem(M, N, K, A, lda, B, ldb, C, ldc, options, t);
    // A fixed partition of C: part s of `parts` gets a block of whole nr-column panels (or,
    // when C has fewer panels than parts, of whole mr-row panels). Every entry of C is summed
    // by one part, in the same order as by one thread, so the bits do not depend on `parts`.
    const std::size_t parts = static_cast<std::size_t>(options.threads > 0 ? options.threads : default_threads());
    const std::size_t col_panels = (N + t.nr - 1) / t.nr, row_panels = (M + t.mr - 1) / t.mr;
    const bool by_columns = col_panels >= parts || col_panels >= row_panels;
    const std::size_t panels = by_columns ? col_panels : row_panels;
    const std::size_t width = by_columns ? t.nr : t.mr, extent = by_columns ? N : M;
    const std::size_t each = round_up(scratch_floats(p, t), 16);
    float* space = scratch(each * parts);  // allocated here, outside the threads
#pragma omp parallel for schedule(static) num_threads(static_cast<int>(parts))
    for (std::size_t s = 0; s < parts; ++s) {
        const std::size_t begin = std::min(extent, panels * s / parts * width);
        const std::size_t end = std::min(extent, panels * (s + 1) / parts * width);
        if (begin < end) {
            run_packed(by_columns ? columns(p, begin, end) : rows(p, begin, end), t, space + s * each);
        }
    }
}
//! [threads]

double measure_peak_gflops(const Target& t, int threads, double seconds) {
    if (threads < 1) {
        throw input_error(cat("measure_peak_gflops: threads = ", threads, "; give 1 or more"));
    }
    using clock = std::chrono::steady_clock;
    const auto time = [](auto&& f) {
        const auto start = clock::now();
        f();
        return std::chrono::duration<double>(clock::now() - start).count();
    };
    // Find how many rounds take about `seconds` on one thread, then run them on every thread.
    long rounds = 1 << 16;
    volatile float sink = 0;
    while (time([&] { sink = sink + t.fma_loop(rounds); }) < seconds / 4) {
        rounds *= 2;
    }
    rounds *= 4;
    const double elapsed = time([&] {
#pragma omp parallel for schedule(static) num_threads(threads)
        for (int s = 0; s < threads; ++s) {
            const float r = t.fma_loop(rounds);
#pragma omp critical
            sink = sink + r;
        }
    });
    const double flops = 2.0 * t.mr * t.nr * static_cast<double>(rounds) * threads;
    return flops / elapsed / 1e9;
}

}  // namespace nnref::fast
