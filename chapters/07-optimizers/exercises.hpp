/// \file
/// \brief Chapter 7 exercises: update rules you write yourself, and Adam's bias correction.
///
/// Write your answers in chapters/07-optimizers/exercises.cpp, rebuild, and run
/// `nnref exercises 7`. Answers work in `real` (50 digits): write constants as `real(1)` or
/// `real("0.5")`, never `0.5`. The chapter's optimizer classes are not available in
/// exercises.cpp: write the loops from the formulas.
/// The page is \ref ch07_optimizers (its exercises: \ref ch07_exercises); the checks are
/// tests/test_ch07_optimizers.cpp, suite ch07_exercises.
#pragma once

#include "nnref/chapter/exercise.hpp"
#include "nnref/core/number.hpp"

#include <array>
#include <cstddef>
#include <functional>
#include <vector>

namespace nnref::ch07 {

/// The number type of the exercises: 50 decimal digits.
using real = hp50;

/// Exercise 7.1: one step of SGD with heavy-ball momentum, in the form of the chapter's
/// Momentum class:
///
///     v_i ← mu · v_i + g_i
///     θ_i ← θ_i − lr · v_i            for every parameter i
///
/// theta and v are updated in place; v holds zeros before the first step. The checker runs
/// five steps and compares θ after each (an equivalent form, such as Polyak's
/// u ← mu·u − lr·g, θ ← θ + u, passes too).
void ex_momentum_step(std::vector<real>& theta, std::vector<real>& v, const std::vector<real>& grads,
                      const real& lr, const real& mu);

/// Exercise 7.2: one RMSprop step, with eps outside the square root:
///
///     v_i ← beta2 · v_i + (1 − beta2) · g_i²
///     θ_i ← θ_i − lr · g_i / (√v_i + eps)
///
/// theta and v are updated in place; v holds zeros before the first step.
void ex_rmsprop_step(std::vector<real>& theta, std::vector<real>& v, const std::vector<real>& grads,
                     const real& lr, const real& beta2, const real& eps);

/// Exercise 7.3: Adam's moments for one parameter after the gradients g_1, ..., g_t
/// (t = grads.size() ≥ 1), starting from m_0 = v_0 = 0:
///
///     m_t = beta1 · m_{t−1} + (1 − beta1) · g_t       m̂_t = m_t / (1 − beta1^t)
///     v_t = beta2 · v_{t−1} + (1 − beta2) · g_t²      v̂_t = v_t / (1 − beta2^t)
///
/// Work out m̂_1 by hand first: what is it, for any g_1? That is why Adam needs the correction.
/// \return {m_t, v_t, m̂_t, v̂_t}
std::array<real, 4> ex_adam_moments(const std::vector<real>& grads, const real& beta1,
                                    const real& beta2);

/// Adam's state for exercise 7.4: both averages, per parameter, and the step count.
/// Exercise 7.4, \ref ch07_exercises.
struct AdamState {
    std::vector<real> m;  ///< the average of g, zeros before the first step
    std::vector<real> v;  ///< the average of g², zeros before the first step
    std::size_t t = 0;    ///< steps taken: 0 before the first step, so add 1 first
};

/// Exercise 7.4: one AdamW step, with decoupled weight decay (PyTorch's form):
///
///     t ← t + 1
///     m_i ← beta1 · m_i + (1 − beta1) · g_i,   v_i ← beta2 · v_i + (1 − beta2) · g_i²
///     m̂_i = m_i / (1 − beta1^t),   v̂_i = v_i / (1 − beta2^t)
///     θ_i ← θ_i − lr · (m̂_i / (√v̂_i + eps) + weight_decay · θ_i)
///
/// theta and state are updated in place. Decoupled means that λθ is not added to g: m and v
/// see the gradient of the loss only.
void ex_adamw_step(std::vector<real>& theta, AdamState& state, const std::vector<real>& grads,
                   const real& lr, const real& weight_decay, const real& beta1, const real& beta2,
                   const real& eps);

/// An answer to exercise 7.1.
using MomentumStep = std::function<void(std::vector<real>&, std::vector<real>&,
                                        const std::vector<real>&, const real&, const real&)>;
/// An answer to exercise 7.2.
using RmspropStep = std::function<void(std::vector<real>&, std::vector<real>&,
                                       const std::vector<real>&, const real&, const real&,
                                       const real&)>;
/// An answer to exercise 7.3.
using AdamMoments =
    std::function<std::array<real, 4>(const std::vector<real>&, const real&, const real&)>;
/// An answer to exercise 7.4.
using AdamwStep = std::function<void(std::vector<real>&, AdamState&, const std::vector<real>&,
                                     const real&, const real&, const real&, const real&,
                                     const real&)>;

/// Judges an answer to exercise 7.1 against the chapter's Momentum.
exercise::Result check_momentum_step(const MomentumStep& f);
/// Judges an answer to exercise 7.2 against the chapter's RMSprop.
exercise::Result check_rmsprop_step(const RmspropStep& f);
/// Judges an answer to exercise 7.3 against the chapter's Adam.
exercise::Result check_adam_moments(const AdamMoments& f);
/// Judges an answer to exercise 7.4 against the chapter's AdamW.
exercise::Result check_adamw_step(const AdamwStep& f);

}  // namespace nnref::ch07
