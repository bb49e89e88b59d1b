/// \file
/// \brief Chapter 9's claims about the matrix product, as tests: every stage, target,
///        transpose and epilogue is within the forward error bound of a dot product; the
///        bits are the same for 1 to 4 threads; NaN and infinity propagate; strided views
///        touch nothing outside them; bad arguments are refused; and a wrong entry fails.
///
/// The page is \ref ch09_fast_mlp; these tests check its claims.
#include "09-fast-mlp/accuracy.hpp"
#include "09-fast-mlp/gemm.hpp"
#include "09-fast-mlp/model.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace nnref;
using fast::Fused;
using fast::GemmOptions;
using fast::Op;

namespace {

/// One product to test: C (M × N) = op(A) op(B) with K terms, and its options. The strides
/// are the tightest ones plus `pad` (pad > 0 makes every matrix a view into a wider one).
struct Case {
    std::size_t M, N, K;
    GemmOptions options{};  ///< options.bias is set by run(), from the data
    bool bias = false;      ///< add a random bias
    std::size_t pad = 0;
};

/// The case's matrices, random in [-1, 1] from a seed, stored as op() says.
struct Data {
    std::size_t lda, ldb, ldc;
    std::vector<float> A, B, C, bias;
};

Data make_data(const Case& c, std::uint64_t seed) {
    Rng rng(seed);
    const auto fill = [&](std::size_t n) {
        std::vector<float> v(n);
        for (float& x : v) {
            x = static_cast<float>(rng.uniform(-1.0, 1.0));
        }
        return v;
    };
    const bool a_t = c.options.a == Op::transpose, b_t = c.options.b == Op::transpose;
    Data d;
    d.lda = (a_t ? c.M : c.K) + c.pad;
    d.ldb = (b_t ? c.K : c.N) + c.pad;
    d.ldc = c.N + c.pad;
    d.A = fill((a_t ? c.K : c.M) * d.lda + 1);  // + 1: never a zero-sized vector
    d.B = fill((b_t ? c.N : c.K) * d.ldb + 1);
    d.C = fill(c.M * d.ldc + 1);
    d.bias = fill(c.N + 1);
    return d;
}

float a_at(const Case& c, const Data& d, std::size_t i, std::size_t k) {
    return c.options.a == Op::transpose ? d.A[k * d.lda + i] : d.A[i * d.lda + k];
}
float b_at(const Case& c, const Data& d, std::size_t k, std::size_t j) {
    return c.options.b == Op::transpose ? d.B[j * d.ldb + k] : d.B[k * d.ldb + j];
}

/// The worst ratio |ĉ − c| / bound over C (accuracy.hpp: ≤ 1 passes), and where it is.
double worst_ratio(const Case& c, const Data& d, const std::vector<float>& C0,
                   const std::vector<float>& result, std::string& where) {
    GemmOptions o = c.options;
    o.bias = c.bias ? d.bias.data() : nullptr;
    const fast::ErrorCheck e = fast::check_against_double(c.M, c.N, c.K, d.A.data(), d.lda, d.B.data(),
                                                          d.ldb, C0.data(), result.data(), d.ldc, o);
    where = cat("C(", e.i, ",", e.j, ") = ", e.value, ", double ", e.exact, ", error ",
                std::abs(e.value - e.exact), ", bound ", e.bound);
    return e.ratio;
}

/// Runs gemm (threads > 0) or gemm_packed (threads = 0) on a copy of the data's C.
std::vector<float> run(const Case& c, const Data& d, int threads) {
    std::vector<float> C = d.C;
    GemmOptions o = c.options;
    o.bias = c.bias ? d.bias.data() : nullptr;
    if (threads == 0) {
        fast::gemm_packed(c.M, c.N, c.K, d.A.data(), d.lda, d.B.data(), d.ldb, C.data(), d.ldc, o);
    } else {
        o.threads = threads;
        fast::gemm(c.M, c.N, c.K, d.A.data(), d.lda, d.B.data(), d.ldb, C.data(), d.ldc, o);
    }
    return C;
}

/// Calls f once on every target this CPU runs, and leaves the default target in place.
template <class F>
void for_each_target(F f) {
    const std::string chosen = fast::target().name;
    for (const fast::Target* t : fast::targets()) {
        fast::use_target(t->name);
        f(*t);
    }
    fast::use_target(chosen);
}

/// The shapes the page promises: the corners, primes, tall and skinny, not a multiple of any
/// tile, and the MLP's (784-512-256-10 at batch 128), forward and backward.
const std::vector<std::array<std::size_t, 3>> shapes = {
    {1, 1, 1},    {1, 1, 7},    {5, 3, 1},      {37, 53, 71},   {1000, 3, 7},  {3, 1000, 5},
    {13, 35, 300}, {25, 33, 129}, {128, 512, 784}, {128, 256, 512}, {128, 10, 256}};

/// The MLP's products of one step (784-512-256-10; model.hpp), the forward ones with their bias
/// and ReLU fused, at batch 128 and at 129: its forward and input-gradient products end in an
/// edge tile of one row, and its weight gradients sum 129 terms (section 18).
std::vector<Case> mlp_cases() {
    std::vector<Case> cases;
    for (const std::size_t batch : {128, 129}) {
        for (const fast::Product& p : fast::mlp_products(batch, {784, 512, 256, 10})) {
            const bool forward = p.a == Op::none && p.b == Op::none;
            cases.push_back({p.M, p.N, p.K, {p.a, p.b, false, nullptr, forward ? Fused::relu : Fused::identity},
                             forward});
        }
    }
    return cases;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ch09_fast_mlp)

BOOST_AUTO_TEST_CASE(every_stage_on_every_target_is_within_the_dot_product_bound) {
    for_each_target([](const fast::Target& t) {
        for (const auto& [M, N, K] : shapes) {
            const Case c{M, N, K};
            const Data d = make_data(c, M * 1000 + N + K);
            Matrix<float> A(M, K), B(K, N);
            std::memcpy(&A[0], d.A.data(), M * K * sizeof(float));
            std::memcpy(&B[0], d.B.data(), K * N * sizeof(float));
            const Matrix<float> reference = matmul(A, B);  // stage 0
            std::vector<float> stage(M * N);
            const auto check = [&](const std::vector<float>& C, const char* name) {
                std::string where;
                const double r = worst_ratio(c, d, d.C, C, where);
                BOOST_TEST(r <= 1.0, t.name << " " << name << " " << c.M << "x" << c.N << "x" << c.K
                                            << ": " << r << " of the bound at " << where);
            };
            check(std::vector<float>(&reference[0], &reference[0] + M * N), "stage 0 (matmul)");
            fast::matmul_ijk(M, N, K, d.A.data(), d.B.data(), stage.data());
            check(stage, "stage 1 (i-j-k)");
            fast::matmul_ikj(M, N, K, d.A.data(), d.B.data(), stage.data());
            check(stage, "stage 1 (i-k-j)");
            fast::matmul_blocked(M, N, K, d.A.data(), d.B.data(), stage.data());
            check(stage, "stage 2 (blocked)");
            check(run(c, d, 0), "stage 3 (packed)");
            check(run(c, d, 2), "stage 4 (2 threads)");
        }
    });
}

BOOST_AUTO_TEST_CASE(transposes_accumulation_bias_and_relu_are_within_the_bound) {
    for_each_target([](const fast::Target& t) {
        std::uint64_t seed = 1;
        for (const auto& [M, N, K] : shapes) {
            if (M * N * K > 2'000'000) {
                continue;  // the MLP's shapes come in the next test
            }
            for (const Op a : {Op::none, Op::transpose}) {
                for (const Op b : {Op::none, Op::transpose}) {
                    for (const bool accumulate : {false, true}) {
                        for (const Fused act : {Fused::identity, Fused::relu}) {
                            const Case c{M, N, K, {a, b, accumulate, nullptr, act}, seed % 2 == 1,
                                         seed % 3};
                            const Data d = make_data(c, ++seed);
                            std::string where;
                            const double r = worst_ratio(c, d, d.C, run(c, d, 3), where);
                            BOOST_TEST(r <= 1.0, t.name << " " << M << "x" << N << "x" << K
                                                        << " case " << seed << ": " << where);
                        }
                    }
                }
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(the_mlp_products_forward_and_backward_are_within_the_bound) {
    for_each_target([](const fast::Target& t) {
        std::uint64_t seed = 100;
        for (const Case& c : mlp_cases()) {
            const Data d = make_data(c, ++seed);
            for (const int threads : {0, 1, 2}) {
                std::string where;
                const double r = worst_ratio(c, d, d.C, run(c, d, threads), where);
                BOOST_TEST(r <= 1.0, t.name << " " << c.M << "x" << c.N << "x" << c.K << " threads "
                                            << threads << ": " << where);
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(a_view_writes_only_its_own_entries) {
    // pad > 0: A, B and C are views into wider matrices. The entries of C outside the view
    // (the pad columns) must keep their values; a NaN there must not leak into the view.
    for_each_target([](const fast::Target& t) {
        for (const Op a : {Op::none, Op::transpose}) {
            const Case c{29, 41, 67, {a, Op::transpose, true}, true, 5};
            Data d = make_data(c, 7);
            for (std::size_t i = 0; i < c.M; ++i) {
                for (std::size_t j = c.N; j < d.ldc; ++j) {
                    d.C[i * d.ldc + j] = std::numeric_limits<float>::quiet_NaN();
                }
            }
            const std::vector<float> C = run(c, d, 2);
            std::string where;
            BOOST_TEST(worst_ratio(c, d, d.C, C, where) <= 1.0, t.name << ": " << where);
            for (std::size_t i = 0; i < c.M; ++i) {
                for (std::size_t j = c.N; j < d.ldc; ++j) {
                    BOOST_TEST(std::isnan(C[i * d.ldc + j]), t.name << " wrote C(" << i << "," << j << ")");
                }
            }
        }
    });
}

//! [same-bits]
BOOST_AUTO_TEST_CASE(the_bits_are_the_same_for_1_2_3_and_4_threads) {
    for_each_target([](const fast::Target& t) {
        std::vector<Case> cases = mlp_cases();
        cases.push_back({37, 53, 71, {Op::transpose, Op::none, true, nullptr, Fused::relu}});
        cases.push_back({1000, 3, 300});  // fewer column panels than threads: split by rows
        std::uint64_t seed = 200;
        for (const Case& c : cases) {
            const Data d = make_data(c, ++seed);
            const std::vector<float> one = run(c, d, 1);
            for (const int threads : {2, 3, 4}) {
                const std::vector<float> many = run(c, d, threads);
                BOOST_TEST(std::memcmp(one.data(), many.data(), one.size() * sizeof(float)) == 0,
                           t.name << " " << c.M << "x" << c.N << "x" << c.K << ": " << threads
                                  << " threads differ from 1");
            }
            BOOST_TEST(std::memcmp(one.data(), run(c, d, 0).data(), one.size() * sizeof(float)) == 0);
        }
    });
}
//! [same-bits]

BOOST_AUTO_TEST_CASE(nan_and_infinity_propagate_as_ieee_says) {
    for_each_target([](const fast::Target& t) {
        const std::size_t M = 14, N = 35, K = 20;
        for (const Fused act : {Fused::identity, Fused::relu}) {
            const Case c{M, N, K, {Op::none, Op::none, false, nullptr, act}};
            Data d = make_data(c, 3);
            for (float& b : d.B) {
                b = std::abs(b) + 0.5f;  // B > 0, so that A's infinity has a known sign
            }
            const float inf = std::numeric_limits<float>::infinity();
            d.A[2 * d.lda + 5] = std::numeric_limits<float>::quiet_NaN();  // row 2: NaN
            d.A[7 * d.lda + 3] = inf;                                       // row 7: +inf
            d.A[9 * d.lda + 0] = -inf;                                      // row 9: -inf
            d.A[11 * d.lda + 1] = inf;                                      // row 11: inf − inf
            d.A[11 * d.lda + 2] = -inf;
            const std::vector<float> C = run(c, d, 2);
            for (std::size_t j = 0; j < N; ++j) {
                BOOST_TEST(std::isnan(C[2 * d.ldc + j]), t.name << ": NaN was lost in column " << j);
                BOOST_TEST(C[7 * d.ldc + j] == inf, t.name);
                BOOST_TEST(C[9 * d.ldc + j] == (act == Fused::relu ? 0.0f : -inf), t.name);
                BOOST_TEST(std::isnan(C[11 * d.ldc + j]), t.name << ": inf - inf is NaN");
                BOOST_TEST(std::isfinite(C[0 * d.ldc + j]), t.name);
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(a_wrong_entry_fails_the_bound) {
    // The test is not vacuous: drop one term of one sum, as an off-by-one in the k loop of
    // an edge tile would, and the bound catches it.
    const Case c{128, 256, 512};
    const Data d = make_data(c, 11);
    std::vector<float> C = run(c, d, 2);
    std::string where;
    BOOST_TEST(worst_ratio(c, d, d.C, C, where) <= 1.0, where);
    const std::size_t i = 127, j = 255, k = c.K - 1;
    C[i * d.ldc + j] -= a_at(c, d, i, k) * b_at(c, d, k, j);
    BOOST_TEST(worst_ratio(c, d, d.C, C, where) > 1.0);
    BOOST_TEST(where.find("C(127,255)") == 0, where);
}

BOOST_AUTO_TEST_CASE(k_zero_leaves_only_the_epilogue) {
    const Case c{3, 4, 0, {Op::none, Op::none, true, nullptr, Fused::relu}, true};
    const Data d = make_data(c, 5);
    const std::vector<float> C = run(c, d, 2);
    for (std::size_t i = 0; i < c.M; ++i) {
        for (std::size_t j = 0; j < c.N; ++j) {
            const float v = d.C[i * d.ldc + j] + d.bias[j];
            BOOST_TEST(C[i * d.ldc + j] == (v < 0 ? 0.0f : v));
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_refused_with_the_shape) {
    std::vector<float> A(12), B(12), C(12);
    expect_error<shape_error>([&] { fast::gemm(3, 4, 2, A.data(), 1, B.data(), 4, C.data(), 4); },
                              "lda = 1, but A, stored M x K = 3x2, needs a row stride of at least 2");
    GemmOptions t;
    t.b = Op::transpose;
    expect_error<shape_error>([&] { fast::gemm(3, 4, 2, A.data(), 2, B.data(), 1, C.data(), 4, t); },
                              "B, stored N x K = 4x2, needs a row stride of at least 2");
    expect_error<shape_error>([&] { fast::gemm(3, 4, 2, A.data(), 2, B.data(), 4, C.data(), 3); },
                              "ldc = 3");
    expect_error<input_error>([&] { fast::gemm(3, 4, 2, nullptr, 2, B.data(), 4, C.data(), 4); },
                              "a null matrix in a 3x4x2 product");
    GemmOptions minus;
    minus.threads = -1;
    expect_error<input_error>([&] { fast::gemm(3, 4, 2, A.data(), 2, B.data(), 4, C.data(), 4, minus); },
                              "threads = -1");
    expect_error<input_error>([] { fast::use_target("sse9"); }, "no target 'sse9' here; this build has");
}

BOOST_AUTO_TEST_CASE(the_target_is_the_fastest_this_cpu_runs_and_the_blocks_fit_the_caches) {
    const auto all = fast::targets();
    BOOST_REQUIRE(!all.empty());
    BOOST_TEST(std::string(all.back()->name) == "portable");  // every machine runs it
    BOOST_TEST_MESSAGE("gemm target: " << fast::describe(fast::target()));
    const fast::CacheSizes& caches = fast::cache_sizes();
    for (const fast::Target* t : all) {
        const fast::Blocking b = fast::blocking(*t);
        BOOST_TEST(b.mc % t->mr == 0u);
        BOOST_TEST(b.nc % t->nr == 0u);
        BOOST_TEST(b.kc * t->nr * sizeof(float) <= caches.l1);      // a B̃ micro-panel in L1
        BOOST_TEST(b.mc * b.kc * sizeof(float) <= caches.l2 / 2);   // Ã in half of L2
        BOOST_TEST(t->mr * t->nr / t->vector_floats + t->nr / t->vector_floats + 1 <=
                   (t->vector_floats == 16 ? 32 : 16));             // the tile fits the registers
    }
}

BOOST_AUTO_TEST_SUITE_END()
