/// \file
/// \brief Chapter 9 exercises: the FLOPs of a training step, the arithmetic intensity of a
///        product, the micro-kernel tile that fits a register file, packing B, and three
///        pieces of the fast MLP's step: ReLU's fused dZ, the bias gradient, and softmax
///        cross-entropy's gradient.
///
/// Write your answers in chapters/09-fast-mlp/exercises.cpp, rebuild, and run
/// `nnref exercises 9`. The chapter's own functions (model.hpp, gemm.hpp) are not available
/// in exercises.cpp; the checker compares your answers with them.
/// The page is \ref ch09_fast_mlp (its exercises: \ref ch09_exercises); the checks are
/// tests/test_ch09_exercises.cpp.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/number.hpp"

#include <cstddef>
#include <functional>
#include <vector>

namespace nnref::ch09 {

/// The number type of the exercises' answers: 50 decimal digits.
using real = hp50;

/// Exercise 9.1: the FLOPs of one training step of an MLP. Layer l, with n_in inputs and
/// n_out outputs, runs three products on a batch of B examples: the forward
/// \f$ Z = XW \f$ (B × n_out, each entry a sum of n_in products), the weight gradient
/// \f$ dW = X^\top dZ \f$ (n_in × n_out, sums of B) and the input gradient
/// \f$ dX = dZ\, W^\top \f$ (B × n_in, sums of n_out); a product of M × N sums of K terms costs
/// 2MNK FLOPs. The first layer needs no dX. Return the total of all layers' products. (For
/// 784-512-256-10 at B = 128, how much of it is the first layer?)
/// \param batch B
/// \param widths n_inputs, then each layer's width (at least 2 entries)
real ex_step_flops(std::size_t batch, const std::vector<std::size_t>& widths);

/// Exercise 9.2: the arithmetic intensity of C = AB in float, with A M × K and B K × N: its
/// FLOPs divided by the fewest bytes it must move, reading A and B once and writing C once
/// (4 bytes a float). Which of the MLP's products is furthest below the ridge point of the
/// roofline?
/// \param M rows of C
/// \param N columns of C
/// \param K terms per sum
real ex_arithmetic_intensity(std::size_t M, std::size_t N, std::size_t K);

/// Exercise 9.3: the micro-kernel tile. Each of its mr rows keeps `vectors_per_row` vector
/// registers of accumulators; each step k also needs `vectors_per_row` registers for a row
/// of B and one for the broadcast of A. Return the largest mr that fits in `registers`.
/// (AVX-512 has 32 registers, AVX2 16: check the page's tiles.)
/// \param registers the vector registers of the CPU
/// \param vectors_per_row the tile's width in vectors
std::size_t ex_tile_rows(std::size_t registers, std::size_t vectors_per_row);

/// Exercise 9.4: packing B. Return the k_c × n_c block of a row-major B (row stride ldb,
/// starting at its entry (0, 0)) as the micro-kernel reads it: micro-panels of nr columns,
/// one after another; within a panel, row k's nr numbers, for k = 0, 1, …, k_c − 1. A last
/// panel narrower than nr is filled with zeros to nr columns. The result has
/// \f$ k_c \cdot n_r \lceil n_c / n_r \rceil \f$ numbers.
/// \param B the matrix, row-major
/// \param ldb its row stride, at least n_c
/// \param k_c rows of the block
/// \param n_c columns of the block
/// \param nr the micro-kernel's width
std::vector<float> ex_pack_b(const std::vector<float>& B, std::size_t ldb, std::size_t k_c,
                             std::size_t n_c, std::size_t nr);

/// Exercise 9.5: the fused dZ of a ReLU layer. The backward pass gets dA = ∂L/∂A for the
/// layer's output A = relu(Z), and must return dZ = dA ⊙ relu'(Z) — from A alone, since the
/// fast MLP does not keep Z: relu'(z) is 1 where z > 0 and 0 elsewhere (chapter 2's choice at
/// z = 0). What in A tells you which side of 0 each z was?
/// \param dA the upstream gradient, one entry per unit and example
/// \param A the layer's output relu(Z), the same size
std::vector<real> ex_relu_dz(const std::vector<real>& dA, const std::vector<real>& A);

/// Exercise 9.6: the bias gradient. Z = XW + 1bᵀ adds b_j to every row of column j, so
/// ∂L/∂b_j collects column j of dZ from every example of the batch. Return db for dZ stored
/// row-major, B rows of n.
/// \param dZ B × n, row-major
/// \param batch B
/// \param n the layer's width
std::vector<real> ex_bias_gradient(const std::vector<real>& dZ, std::size_t batch, std::size_t n);

/// Exercise 9.7: softmax fused with cross-entropy (chapter 4), for one example of a batch of
/// B: the gradient of the batch's mean loss with respect to the example's logits z, whose
/// true class is y. (Where does the 1/B come from?)
/// \param z the logits, K entries
/// \param y the true class, in [0, K)
/// \param batch B
std::vector<real> ex_softmax_ce_gradient(const std::vector<real>& z, std::size_t y, std::size_t batch);

/// Judges an answer to exercise 9.1 against model.hpp's mlp_step_flops.
exercise::Result check_step_flops(const std::function<real(std::size_t, const std::vector<std::size_t>&)>& f);
/// Judges an answer to exercise 9.2 against model.hpp's arithmetic_intensity.
exercise::Result check_arithmetic_intensity(const std::function<real(std::size_t, std::size_t, std::size_t)>& f);
/// Judges an answer to exercise 9.3 against model.hpp's tile_rows_that_fit, and the tiles in use.
exercise::Result check_tile_rows(const std::function<std::size_t(std::size_t, std::size_t)>& f);
/// Judges an answer to exercise 9.5 against chapter 2's relu_derivative.
exercise::Result check_relu_dz(
    const std::function<std::vector<real>(const std::vector<real>&, const std::vector<real>&)>& f);
/// Judges an answer to exercise 9.6 against column sums.
exercise::Result check_bias_gradient(
    const std::function<std::vector<real>(const std::vector<real>&, std::size_t, std::size_t)>& f);
/// Judges an answer to exercise 9.7 against chapter 4's softmax_cross_entropy_gradient.
exercise::Result check_softmax_ce_gradient(
    const std::function<std::vector<real>(const std::vector<real>&, std::size_t, std::size_t)>& f);
/// Judges an answer to exercise 9.4 against the packing of the target in use (kernels.cpp).
exercise::Result check_pack_b(const std::function<std::vector<float>(
                                  const std::vector<float>&, std::size_t, std::size_t, std::size_t, std::size_t)>& f);

}  // namespace nnref::ch09
