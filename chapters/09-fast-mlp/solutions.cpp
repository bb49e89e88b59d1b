/// \file
/// \brief Chapter 9 reference answers. Try the exercises first: `nnref exercises 9`.
#include "09-fast-mlp/exercises.hpp"

namespace nnref::ch09 {

real ex_step_flops(std::size_t batch, const std::vector<std::size_t>& widths) {
    // Each product of a layer has n_in · n_out · B terms in all, whichever way it is written
    // (Z: B × n_out sums of n_in; dW: n_in × n_out of B; dX: B × n_in of n_out): 2 FLOPs each.
    real flops = 0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        const real one = real(2) * real(batch) * real(widths[l]) * real(widths[l + 1]);
        flops += l == 0 ? real(2) * one : real(3) * one;  // the first layer has no dX
    }
    return flops;
}

real ex_arithmetic_intensity(std::size_t M, std::size_t N, std::size_t K) {
    const real flops = real(2) * real(M) * real(N) * real(K);
    const real bytes = real(4) * (real(M) * real(K) + real(K) * real(N) + real(M) * real(N));
    return flops / bytes;
}

std::size_t ex_tile_rows(std::size_t registers, std::size_t vectors_per_row) {
    // mr · v accumulators + v for B + 1 for A ≤ registers.
    if (registers <= vectors_per_row + 1) {
        return 0;
    }
    return (registers - vectors_per_row - 1) / vectors_per_row;
}

std::vector<float> ex_pack_b(const std::vector<float>& B, std::size_t ldb, std::size_t k_c,
                             std::size_t n_c, std::size_t nr) {
    const std::size_t panels = (n_c + nr - 1) / nr;
    std::vector<float> out(panels * nr * k_c, 0.0f);
    for (std::size_t p = 0; p < panels; ++p) {
        for (std::size_t k = 0; k < k_c; ++k) {
            for (std::size_t c = 0; c < nr && p * nr + c < n_c; ++c) {
                out[(p * k_c + k) * nr + c] = B[k * ldb + p * nr + c];
            }
        }
    }
    return out;
}

std::vector<real> ex_relu_dz(const std::vector<real>& dA, const std::vector<real>& A) {
    // a = relu(z) > 0 exactly when z > 0, so the output says which side each z was on.
    std::vector<real> dZ(dA.size());
    for (std::size_t k = 0; k < dA.size(); ++k) {
        dZ[k] = A[k] > 0 ? dA[k] : real(0);
    }
    return dZ;
}

std::vector<real> ex_bias_gradient(const std::vector<real>& dZ, std::size_t batch, std::size_t n) {
    std::vector<real> db(n, real(0));
    for (std::size_t r = 0; r < batch; ++r) {
        for (std::size_t j = 0; j < n; ++j) {
            db[j] += dZ[r * n + j];  // b_j reached every example's z_j
        }
    }
    return db;
}

std::vector<real> ex_softmax_ce_gradient(const std::vector<real>& z, std::size_t y, std::size_t batch) {
    // p = softmax(z), computed with the largest logit subtracted (chapter 2); the batch's loss
    // is a mean, so each example's gradient carries 1/B.
    real m = z[0];
    for (const real& v : z) {
        m = v > m ? v : m;
    }
    real s = 0;
    for (const real& v : z) {
        s += exp(v - m);
    }
    std::vector<real> g(z.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        g[k] = (exp(z[k] - m) / s - (k == y ? real(1) : real(0))) / real(batch);
    }
    return g;
}

}  // namespace nnref::ch09
