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

}  // namespace nnref::ch09
