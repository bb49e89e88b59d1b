/// \file
/// \brief Chapter 8 exercises: the bound that makes sigmoid gradients vanish, Xavier's
///        uniform limit, the second moment of a ReLU, and clipping a gradient by its norm.
///
/// Write your answers in chapters/08-dynamics/exercises.cpp, rebuild, and run
/// `nnref exercises 8`. Answers work in `real` (50 digits): write constants as `real(1)`,
/// `real(1) / real(4)` or `real("0.5")`, never `0.5`. The chapter's own functions are not
/// available in exercises.cpp.
/// The page is \ref ch08_dynamics (its exercises: \ref ch08_exercises); the checks are
/// tests/test_ch08_exercises.cpp.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/number.hpp"

#include <cstddef>
#include <functional>
#include <vector>

namespace nnref::ch08 {

/// The number type of the exercises: 50 decimal digits.
using real = hp50;

/// Exercise 8.1: how much can n sigmoid layers grow the error signal? Going down one layer,
/// backpropagation (chapter 5) multiplies the row vector \f$ \delta \f$ of one example by a
/// weight matrix, then entry by entry by the sigmoid's derivative:
/// \f[ \delta^{(\ell)} = \bigl(\delta^{(\ell+1)} W^{(\ell+1)\top}\bigr) \odot \sigma'(z^{(\ell)}),
///     \qquad \sigma'(z) = \sigma(z)\bigl(1 - \sigma(z)\bigr). \f]
/// Multiplying by \f$ W^\top \f$ stretches a vector by at most the spectral norm
/// \f$ \lVert W \rVert_2 \f$, and multiplying entry by entry by d stretches it by at most
/// \f$ \max_i |d_i| \f$. Find the largest value \f$ \sigma' \f$ takes, then return the largest
/// factor \f$ \lVert \delta^{(0)} \rVert / \lVert \delta^{(n)} \rVert \f$ that n such layers
/// allow when every \f$ \lVert W \rVert_2 \le \f$ weight_norm. (What does it give for n = 10
/// and weight_norm = 1?)
/// \param n the number of sigmoid layers, 0 or more
/// \param weight_norm the bound on every layer's spectral norm
real ex_sigmoid_chain_bound(std::size_t n, const real& weight_norm);

/// Exercise 8.2: the half-width a of Xavier/Glorot's uniform initialization U(−a, a). The
/// forward signal keeps its size when \f$ n_{in} \mathrm{Var}(w) = 1 \f$, the backward signal
/// when \f$ n_{out} \mathrm{Var}(w) = 1 \f$; Glorot & Bengio (2010) compromise on
/// \f[ \mathrm{Var}(w) = \frac{2}{n_{in} + n_{out}}. \f]
/// U(−a, a) has the density \f$ 1/(2a) \f$ on (−a, a): work out its variance, and choose a so
/// that it equals Xavier's.
/// \param fan_in \f$ n_{in} \f$, the layer's inputs
/// \param fan_out \f$ n_{out} \f$, the layer's outputs
real ex_xavier_uniform_limit(std::size_t fan_in, std::size_t fan_out);

/// Exercise 8.3: why He doubles the variance. A unit's pre-activation in the next layer,
/// \f$ z' = \sum_{i=1}^{n_{in}} w_i\, \mathrm{relu}(z_i) \f$, has
/// \f$ \mathrm{Var}(z') = n_{in} \mathrm{Var}(w)\, \mathrm{E}[\mathrm{relu}(z)^2] \f$. For
/// \f$ z \sim N(0, v) \f$, with density \f$ \varphi_v(z) = e^{-z^2/(2v)} / \sqrt{2\pi v} \f$,
/// return the second moment
/// \f[ \mathrm{E}[\mathrm{relu}(z)^2]
///     = \int_{-\infty}^{\infty} \max(0, z)^2\, \varphi_v(z)\,dz. \f]
/// No integration by hand is needed: compare it with \f$ \mathrm{E}[z^2] = v \f$.
/// \param variance v > 0
real ex_relu_second_moment(const real& variance);

/// Exercise 8.4: clipping by norm (Pascanu, Mikolov & Bengio, 2013). Return g shortened to
/// length c if it is longer, with its direction kept, and unchanged otherwise:
/// \f[ g \leftarrow g \cdot \min\Bigl(1, \frac{c}{\lVert g \rVert}\Bigr), \qquad
///     \lVert g \rVert = \sqrt{\textstyle\sum_k g_k^2}. \f]
/// \param g the gradient, any length ≥ 1
/// \param max_norm c > 0
std::vector<real> ex_clip_by_norm(const std::vector<real>& g, const real& max_norm);

/// Judges an answer to exercise 8.1 against \f$ (w\,\sigma'(0))^n \f$, with chapter 1's sigmoid.
exercise::Result check_sigmoid_chain_bound(const std::function<real(std::size_t, const real&)>& f);
/// Judges an answer to exercise 8.2 against the chapter's init_limit.
exercise::Result check_xavier_uniform_limit(const std::function<real(std::size_t, std::size_t)>& f);
/// Judges an answer to exercise 8.3 against v/2 and against a numerical integral.
exercise::Result check_relu_second_moment(const std::function<real(const real&)>& f);
/// Judges an answer to exercise 8.4 against chapter 6's clip_by_norm.
exercise::Result check_clip_by_norm(
    const std::function<std::vector<real>(const std::vector<real>&, const real&)>& f);

}  // namespace nnref::ch08
