/// \file
/// \brief Chapter 9's exercise checks: right answers pass; the classic mistakes (a dX for the
///        first layer, one multiply-add counted as one FLOP, C left out of the bytes, no
///        register for B, a packed panel without its zeros, no relu' in dZ, the bias gradient's
///        mean for its sum, a forgotten 1/B) are rejected at a named case.
///
/// The page is \ref ch09_fast_mlp; its exercises are \ref ch09_exercises.
#include "09-fast-mlp/exercises.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace nnref;

BOOST_AUTO_TEST_SUITE(ch09_exercises)

using exercise::Outcome;
using ch09::real;
using Sizes = std::vector<std::size_t>;

/// Requires a wrong verdict whose detail names `where`, and shows the report in the log.
void expect_caught(const exercise::Result& r, const std::string& where) {
    BOOST_TEST_MESSAGE(r.detail);
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail.find(where) != std::string::npos, r.detail);
}

using RVec = std::vector<real>;

/// Column sums of dZ, or (the mistake) their mean.
RVec bias(const RVec& dZ, std::size_t batch, std::size_t n, bool mean) {
    RVec db(n, real(0));
    for (std::size_t r = 0; r < batch; ++r) {
        for (std::size_t j = 0; j < n; ++j) {
            db[j] += dZ[r * n + j];
        }
    }
    for (real& v : db) {
        v = mean ? v / real(batch) : v;
    }
    return db;
}

/// (softmax(z) − e_y) / divisor.
RVec softmax_ce(const RVec& z, std::size_t y, std::size_t /*batch*/, const real& divisor) {
    real m = z[0], s = 0;
    for (const real& v : z) {
        m = v > m ? v : m;
    }
    for (const real& v : z) {
        s += exp(v - m);
    }
    RVec g(z.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        g[k] = (exp(z[k] - m) / s - (k == y ? real(1) : real(0))) / divisor;
    }
    return g;
}

/// A packing written from the exercise's text, with a switch for the classic mistake.
std::vector<float> pack(const std::vector<float>& B, std::size_t ldb, std::size_t k_c, std::size_t n_c,
                        std::size_t nr, bool pad_with_zeros) {
    const std::size_t panels = (n_c + nr - 1) / nr;
    std::vector<float> out(panels * nr * k_c, pad_with_zeros ? 0.0f : 1.0f);
    for (std::size_t p = 0; p < panels; ++p) {
        for (std::size_t k = 0; k < k_c; ++k) {
            for (std::size_t c = 0; c < nr && p * nr + c < n_c; ++c) {
                out[(p * k_c + k) * nr + c] = B[k * ldb + p * nr + c];
            }
        }
    }
    return out;
}

BOOST_AUTO_TEST_CASE(right_answers_pass) {
    // Answers written from the formulas, independent of solutions.cpp and of model.hpp.
    const auto results = {
        ch09::check_step_flops([](std::size_t batch, const Sizes& widths) {
            real flops = 0;
            for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
                const real products = l == 0 ? real(2) : real(3);
                flops += products * real(2) * real(batch) * real(widths[l]) * real(widths[l + 1]);
            }
            return flops;
        }),
        ch09::check_arithmetic_intensity([](std::size_t M, std::size_t N, std::size_t K) {
            return real(2 * M * N * K) / real(4 * (M * K + K * N + M * N));
        }),
        ch09::check_tile_rows([](std::size_t registers, std::size_t v) {
            std::size_t mr = 0;
            while ((mr + 1) * v + v + 1 <= registers) {
                ++mr;
            }
            return mr;
        }),
        ch09::check_pack_b([](const std::vector<float>& B, std::size_t ldb, std::size_t k_c,
                              std::size_t n_c, std::size_t nr) { return pack(B, ldb, k_c, n_c, nr, true); }),
        ch09::check_relu_dz([](const RVec& dA, const RVec& A) {
            RVec dZ = dA;
            for (std::size_t k = 0; k < dZ.size(); ++k) {
                dZ[k] = A[k] > 0 ? dZ[k] : real(0);
            }
            return dZ;
        }),
        ch09::check_bias_gradient([](const RVec& dZ, std::size_t batch, std::size_t n) { return bias(dZ, batch, n, false); }),
        ch09::check_softmax_ce_gradient([](const RVec& z, std::size_t y, std::size_t batch) {
            return softmax_ce(z, y, batch, real(batch));
        }),
    };
    for (const auto& r : results) {
        BOOST_TEST((r.outcome == Outcome::passed), r.detail);
        BOOST_TEST(r.digits >= 45, r.detail);
    }
}

BOOST_AUTO_TEST_CASE(classic_mistakes_are_caught) {
    // 9.1: a dX for the first layer too, three products everywhere.
    expect_caught(ch09::check_step_flops([](std::size_t batch, const Sizes& widths) {
                      real flops = 0;
                      for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
                          flops += real(6) * real(batch) * real(widths[l]) * real(widths[l + 1]);
                      }
                      return flops;
                  }),
                  "widths=3-2");
    // 9.1: a multiply-add counted as one FLOP.
    expect_caught(ch09::check_step_flops([](std::size_t batch, const Sizes& widths) {
                      real flops = 0;
                      for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
                          flops += real(l == 0 ? 2 : 3) * real(batch) * real(widths[l]) * real(widths[l + 1]);
                      }
                      return flops;
                  }),
                  "ratio 0.5");
    // 9.2: C left out of the bytes.
    expect_caught(ch09::check_arithmetic_intensity([](std::size_t M, std::size_t N, std::size_t K) {
                      return real(2 * M * N * K) / real(4 * (M * K + K * N));
                  }),
                  "M=784, N=512, K=128");
    // 9.3: no register kept for the row of B.
    expect_caught(ch09::check_tile_rows([](std::size_t registers, std::size_t v) { return (registers - 1) / v; }),
                  "registers=3, vectors_per_row=1");
    // 9.5: the upstream gradient passed through, without relu's derivative.
    expect_caught(ch09::check_relu_dz([](const RVec& dA, const RVec&) { return dA; }), "dA=");
    // 9.6: the mean of the column instead of its sum (dZ already has the 1/B).
    expect_caught(ch09::check_bias_gradient([](const RVec& dZ, std::size_t batch, std::size_t n) {
                      return bias(dZ, batch, n, true);
                  }),
                  "batch=7, n=2");
    // 9.7: the 1/B forgotten.
    expect_caught(ch09::check_softmax_ce_gradient([](const RVec& z, std::size_t y, std::size_t batch) {
                      return softmax_ce(z, y, batch, real(1));
                  }),
                  "batch=128");
    // 9.4: a last, narrow panel left with whatever was in the buffer instead of zeros.
    expect_caught(ch09::check_pack_b([](const std::vector<float>& B, std::size_t ldb, std::size_t k_c,
                                        std::size_t n_c, std::size_t nr) { return pack(B, ldb, k_c, n_c, nr, false); }),
                  "k_c=5");
}

BOOST_AUTO_TEST_SUITE_END()
