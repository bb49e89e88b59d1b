/// \file
/// \brief How chapter 9's exercises are judged: against the chapter's model (model.hpp), the
///        packing of the CPU target in use (kernels.cpp), chapter 2's relu_derivative and
///        chapter 4's softmax_cross_entropy_gradient, at 50 digits.
#include "02-activations/activations.hpp"
#include "04-losses/losses.hpp"
#include "09-fast-mlp/exercises.hpp"
#include "09-fast-mlp/gemm.hpp"
#include "09-fast-mlp/model.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace nnref::ch09 {

namespace {

std::string sizes(const std::vector<std::size_t>& widths) { return join(widths, "-"); }

}  // namespace

exercise::Result check_step_flops(const std::function<real(std::size_t, const std::vector<std::size_t>&)>& f) {
    const std::vector<std::pair<std::size_t, std::vector<std::size_t>>> nets = {
        {128, {784, 512, 256, 10}}, {1, {3, 2}}, {32, {784, 32, 10}}, {7, {5, 4, 3, 2, 1}}};
    std::vector<exercise::Comparison> cases;
    for (const auto& [batch, widths] : nets) {
        const std::string where = cat("batch=", batch, ", widths=", sizes(widths));
        cases.push_back({where,
                         {exercise::call(where, f, batch, widths)},
                         {real(fast::mlp_step_flops(batch, widths))}});
    }
    return exercise::compare(cases);
}

exercise::Result check_arithmetic_intensity(const std::function<real(std::size_t, std::size_t, std::size_t)>& f) {
    const std::vector<std::array<std::size_t, 3>> shapes = {
        {128, 512, 784}, {784, 512, 128}, {128, 10, 256}, {1024, 1024, 1024}, {1, 1, 1}};
    std::vector<exercise::Comparison> cases;
    for (const auto& [M, N, K] : shapes) {
        const real flops = real(2) * real(M) * real(N) * real(K);
        const real bytes = real(4) * (real(M) * real(K) + real(K) * real(N) + real(M) * real(N));
        const std::string where = cat("M=", M, ", N=", N, ", K=", K);
        cases.push_back({where, {exercise::call(where, f, M, N, K)}, {flops / bytes}});
        // The chapter's own function, in double, agrees to its 16 digits (a sanity check of
        // the formula above, not of your answer).
        if (abs(real(fast::arithmetic_intensity(M, N, K)) - flops / bytes) > real("1e-13") * flops / bytes) {
            throw check_error("exercise 9.2's checker disagrees with model.hpp");
        }
    }
    return exercise::compare(cases);
}

exercise::Result check_tile_rows(const std::function<std::size_t(std::size_t, std::size_t)>& f) {
    std::vector<exercise::Comparison> cases;
    for (const auto& [registers, v] : std::vector<std::pair<std::size_t, std::size_t>>{
             {32, 2}, {16, 2}, {32, 1}, {16, 1}, {32, 4}, {16, 4}, {3, 1}}) {
        const std::string where = cat("registers=", registers, ", vectors_per_row=", v);
        cases.push_back({where,
                         {real(exercise::call(where, f, registers, v))},
                         {real(fast::tile_rows_that_fit(registers, v))}});
    }
    // The targets' own tiles must be ones the rule allows.
    for (const fast::Target* t : fast::targets()) {
        const std::size_t v = static_cast<std::size_t>(t->nr / t->vector_floats);
        if (static_cast<std::size_t>(t->mr) > fast::tile_rows_that_fit(t->vector_floats == 16 ? 32 : 16, v)) {
            throw check_error(cat("target ", t->name, "'s tile does not fit its registers"));
        }
    }
    return exercise::compare(cases);
}

exercise::Result check_pack_b(const std::function<std::vector<float>(
                                  const std::vector<float>&, std::size_t, std::size_t, std::size_t, std::size_t)>& f) {
    const fast::Target& t = fast::target();
    const std::size_t nr = static_cast<std::size_t>(t.nr);
    Rng rng(9);
    exercise::Worst worst;
    for (const auto& [k_c, n_c, ldb] : std::vector<std::array<std::size_t, 3>>{
             {3, nr, nr}, {5, 2 * nr + 3, 2 * nr + 7}, {1, 1, 4}, {7, nr - 1, nr}}) {
        std::vector<float> B(k_c * ldb);
        for (float& b : B) {
            b = static_cast<float>(rng.uniform(-1.0, 1.0));
        }
        fast::Problem p;
        p.B = B.data();
        p.b_row = ldb;
        p.b_col = 1;
        std::vector<float> expected(k_c * nr * ((n_c + nr - 1) / nr), -1.0f);
        t.pack_b(p, 0, k_c, 0, n_c, expected.data());
        const std::string where =
            cat("k_c=", k_c, ", n_c=", n_c, ", ldb=", ldb, ", nr=", nr, ", a random B");
        const std::vector<float> yours = exercise::call(where, f, B, ldb, k_c, n_c, nr);
        const auto hp = [](const std::vector<float>& v) { return std::vector<real>(v.begin(), v.end()); };
        if (!worst.add(exercise::compare({{where, hp(yours), hp(expected)}}))) {
            break;
        }
    }
    return worst.result;
}

exercise::Result check_relu_dz(
    const std::function<std::vector<real>(const std::vector<real>&, const std::vector<real>&)>& f) {
    // Outputs of relu on both sides of 0, and exactly 0 (z ≤ 0): relu'(0) = 0 (chapter 2).
    const std::vector<real> Z = {real(2), real(-1), real(0), real("0.5"), real("-1e-30"), real(3), real(-7), real(1) / real(3)};
    const std::vector<real> dA = {real(1), real(2), real(3), real(-4), real(5), real(-6), real(7), real(8)};
    std::vector<real> A(Z.size()), expected(Z.size());
    for (std::size_t k = 0; k < Z.size(); ++k) {
        A[k] = relu(Z[k]);
        expected[k] = dA[k] * relu_derivative(Z[k]);
    }
    const std::string where = cat("dA=", exercise::text(dA), ", A=", exercise::text(A));
    return exercise::compare({{where, exercise::call(where, f, dA, A), expected}});
}

exercise::Result check_bias_gradient(
    const std::function<std::vector<real>(const std::vector<real>&, std::size_t, std::size_t)>& f) {
    std::vector<exercise::Comparison> cases;
    Rng rng(6);
    for (const auto& [batch, n] : std::vector<std::pair<std::size_t, std::size_t>>{{3, 4}, {1, 5}, {7, 2}}) {
        std::vector<real> dZ(batch * n), db(n, real(0));
        for (real& v : dZ) {
            v = rng.uniform(real(-1), real(1));
        }
        for (std::size_t r = 0; r < batch; ++r) {
            for (std::size_t j = 0; j < n; ++j) {
                db[j] += dZ[r * n + j];
            }
        }
        const std::string where = cat("batch=", batch, ", n=", n, ", dZ=", exercise::text(dZ));
        cases.push_back({where, exercise::call(where, f, dZ, batch, n), db});
    }
    return exercise::compare(cases);
}

exercise::Result check_softmax_ce_gradient(
    const std::function<std::vector<real>(const std::vector<real>&, std::size_t, std::size_t)>& f) {
    std::vector<exercise::Comparison> cases;
    const std::vector<std::pair<std::vector<real>, std::size_t>> points = {
        {{real(1), real(2), real(3)}, 0}, {{real(-5), real(0), real("0.5"), real(5)}, 3}, {{real(800), real(1000)}, 0}};
    for (const std::size_t batch : {std::size_t{1}, std::size_t{128}}) {
        for (const auto& [z, y] : points) {
            Matrix<real> Z(1, z.size());
            for (std::size_t k = 0; k < z.size(); ++k) {
                Z(0, k) = z[k];
            }
            const Matrix<real> g = softmax_cross_entropy_gradient(Z, {static_cast<int>(y)});
            std::vector<real> expected(z.size());
            for (std::size_t k = 0; k < z.size(); ++k) {
                expected[k] = g(0, k) / real(batch);  // chapter 4's is the mean over its batch of 1
            }
            const std::string where = cat("z=", exercise::text(z), ", y=", y, ", batch=", batch);
            cases.push_back({where, exercise::call(where, f, z, y, batch), expected});
        }
    }
    return exercise::compare(cases);
}

/// Chapter 9's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"9.1", "the FLOPs of one training step",
         "each of a layer's products (Z, dW and dX) has B · n_in · n_out multiply-adds, and a "
         "multiply-add is 2 FLOPs; the first layer has nothing below it to send a dX to",
         [] { return check_step_flops(ex_step_flops); }},
        {"9.2", "the arithmetic intensity of a product",
         "the FLOPs are 2MNK; the bytes are every float of A, B and C moved once, 4 bytes each: "
         "count the entries of each of the three matrices",
         [] { return check_arithmetic_intensity(ex_arithmetic_intensity); }},
        {"9.3", "the micro-kernel tile that fits the registers",
         "count the registers one step needs: mr rows of vectors_per_row accumulators, "
         "vectors_per_row for B's row and 1 for A's broadcast; return the largest mr whose total "
         "fits (0 when not even one row does)",
         [] { return check_tile_rows(ex_tile_rows); }},
        {"9.4", "packing B into micro-panels",
         "panel p holds columns p·nr to p·nr + nr − 1, and within it row k's nr numbers come "
         "before row k + 1's; B's entry (k, c) is at B[k·ldb + c]; the columns past n_c are 0",
         [] { return check_pack_b(ex_pack_b); }},
        {"9.5", "ReLU's fused dZ, from the layer's output",
         "relu'(z) is 1 for z > 0 and 0 for z ≤ 0, and a = relu(z) is positive exactly where z "
         "is: decide from A which entries of dA pass through",
         [] { return check_relu_dz(ex_relu_dz); }},
        {"9.6", "the bias gradient",
         "b_j is added to z_j of every example, so db_j collects column j of dZ from all B rows; "
         "dZ already carries the batch mean's 1/B, so do not divide again",
         [] { return check_bias_gradient(ex_bias_gradient); }},
        {"9.7", "softmax cross-entropy's gradient",
         "chapter 4 gives the gradient of −log p_y for one example; the batch's loss is the mean "
         "over B examples, and softmax needs the largest logit subtracted before exp (z = 1000 "
         "overflows otherwise)",
         [] { return check_softmax_ce_gradient(ex_softmax_ce_gradient); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch09
