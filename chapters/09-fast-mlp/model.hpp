/// \file
/// \brief The arithmetic of chapter 9's performance model: the FLOPs of the MLP's matrix
///        products, the bytes they must move, their arithmetic intensity, and the
///        micro-kernel tile that fits a register file.
///
/// The page is \ref ch09_fast_mlp, at \ref ch09_flops "section 1: where the time goes" and
/// \ref ch09_roofline "section 2: the roofline"; the bench and the tests
/// (tests/test_ch09_fast_mlp.cpp) take the MLP's products from mlp_products().
#pragma once

#include "09-fast-mlp/gemm.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace nnref::fast {

/// \f$ 2MNK \f$: one multiply and one add per term of each of the MN sums.
/// \param M rows of C
/// \param N columns of C
/// \param K terms per sum
inline double gemm_flops(std::size_t M, std::size_t N, std::size_t K) {
    return 2.0 * static_cast<double>(M) * static_cast<double>(N) * static_cast<double>(K);
}

/// The fewest bytes a product can move between memory and the core: A and B read once, C
/// written once, \f$ 4(MK + KN + MN) \f$ for float.
/// \param M rows of C
/// \param N columns of C
/// \param K terms per sum
inline double gemm_bytes(std::size_t M, std::size_t N, std::size_t K) {
    return 4.0 * (static_cast<double>(M) * K + static_cast<double>(K) * N + static_cast<double>(M) * N);
}

//! [intensity]
/// The arithmetic intensity, FLOPs per byte moved (Williams, Waterman & Patterson, "Roofline",
/// 2009): above the machine's peak FLOP/s divided by its memory bandwidth, a product is
/// limited by arithmetic; below, by memory.
/// \f[ I = \frac{2MNK}{4(MK + KN + MN)} \f]
/// \param M rows of C
/// \param N columns of C
/// \param K terms per sum
inline double arithmetic_intensity(std::size_t M, std::size_t N, std::size_t K) {
    return gemm_flops(M, N, K) / gemm_bytes(M, N, K);
}
//! [intensity]

/// One matrix product of a training step, as gemm() is called for it.
/// Chapter 9, \ref ch09_flops "section 1: where the time goes".
struct Product {
    std::string name;      ///< e.g. "layer 1 forward: Z = XW"
    std::size_t M, N, K;   ///< C is M × N, K terms per sum
    Op a, b;               ///< op(A), op(B)
};

//! [mlp-products]
/// The products of one training step of an MLP with these widths at this batch size, layer
/// by layer: forward \f$ Z = XW \f$ (batch × n_out, n_in terms), the weight gradient
/// \f$ dW = X^\top dZ \f$ (n_in × n_out, batch terms) and the input gradient
/// \f$ dX = dZ\, W^\top \f$ (batch × n_in, n_out terms). The first layer has no dX: nothing
/// below it needs one.
/// \param batch the batch size
/// \param widths n_inputs, then each layer's width (at least 2 entries)
inline std::vector<Product> mlp_products(std::size_t batch, const std::vector<std::size_t>& widths) {
    std::vector<Product> products;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        const std::size_t in = widths[l], out = widths[l + 1];
        const std::string layer = "layer " + std::to_string(l + 1);
        products.push_back({layer + " forward: Z = XW", batch, out, in, Op::none, Op::none});
        products.push_back({layer + " weights: dW = X^T dZ", in, out, batch, Op::transpose, Op::none});
        if (l > 0) {
            products.push_back({layer + " input: dX = dZ W^T", batch, in, out, Op::none, Op::transpose});
        }
    }
    return products;
}
//! [mlp-products]

/// The FLOPs of one training step's products (mlp_products()), summed.
/// \param batch the batch size
/// \param widths n_inputs, then each layer's width
inline double mlp_step_flops(std::size_t batch, const std::vector<std::size_t>& widths) {
    double flops = 0;
    for (const Product& p : mlp_products(batch, widths)) {
        flops += gemm_flops(p.M, p.N, p.K);
    }
    return flops;
}

//! [tile-rows]
/// The most rows mr a micro-kernel tile can have when each row is `vectors_per_row` vector
/// registers of accumulators, and one step also holds that many vectors of B and one
/// broadcast of A:
/// \f[ m_r \cdot n_v + n_v + 1 \le R \quad\Longrightarrow\quad
///     m_r = \Bigl\lfloor \frac{R - n_v - 1}{n_v} \Bigr\rfloor. \f]
/// \param registers R, the vector registers (32 for AVX-512, 16 for AVX2)
/// \param vectors_per_row n_v
inline std::size_t tile_rows_that_fit(std::size_t registers, std::size_t vectors_per_row) {
    return registers > vectors_per_row + 1 ? (registers - vectors_per_row - 1) / vectors_per_row : 0;
}
//! [tile-rows]

}  // namespace nnref::fast
