/// \file
/// \brief How chapter 7's exercises are judged: step by step, against the chapter's own
///        optimizers, at 50 digits.
#include "07-optimizers/exercises.hpp"
#include "07-optimizers/optimizers.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/text.hpp"

#include <string>

namespace nnref::ch07 {

namespace {

using Vec = std::vector<real>;

/// The loss the step exercises descend: f(θ) = ½ Σ a_i θ_i², so g_i = a_i θ_i. The three
/// curvatures differ, so that every parameter has its own gradient history.
const Vec curvatures = {real(1), real(4), real(1) / real(4)};
const Vec theta0 = {real(1), real(-1), real(2)};
constexpr int steps = 5;

Vec gradient(const Vec& theta) {
    Vec g(theta.size());
    for (std::size_t i = 0; i < theta.size(); ++i) {
        g[i] = curvatures[i] * theta[i];
    }
    return g;
}

/// Runs the reference optimizer and the student's step side by side, each on its own θ with
/// its own gradients, and compares θ after every step; stops at the first step that is wrong.
template <class Step>
exercise::Result compare_steps(Optimizer<real>& reference, Step student_step,
                               const std::string& settings) {
    const std::string problem = cat("f = ½ Σ a_i θ_i², a = ", exercise::text(curvatures),
                                    ", θ₀ = ", exercise::text(theta0), ", ", settings);
    Vec expected = theta0, yours = theta0;
    exercise::Worst verdict;
    for (int t = 1; t <= steps; ++t) {
        reference.step(expected, gradient(expected));
        const Vec grads = gradient(yours);
        exercise::call(cat("step ", t, ", theta=", exercise::text(yours),
                           ", grads=", exercise::text(grads), " (", problem, ")"),
                       student_step, yours, grads);
        if (yours.size() != expected.size()) {
            return {exercise::Outcome::wrong, 0,
                    cat("after step ", t, ", your θ has ", yours.size(),
                        " entries; it must keep its ", expected.size())};
        }
        const std::string where = cat("θ after step ", t, " of ", steps, " (", problem, ")");
        if (!verdict.add(exercise::compare({{where, yours, expected}}))) {
            break;
        }
    }
    return verdict.result;
}

}  // namespace

exercise::Result check_momentum_step(const MomentumStep& f) {
    const real lr = real(1) / real(10), mu = real(9) / real(10);
    Momentum<real> reference(lr, mu);
    Vec v(theta0.size(), real(0));
    return compare_steps(
        reference, [&](Vec& theta, const Vec& g) { f(theta, v, g, lr, mu); }, "lr = 0.1, mu = 0.9");
}

exercise::Result check_rmsprop_step(const RmspropStep& f) {
    // eps = 1e-3 makes its place visible: under the root, θ is off by a percent at step 1.
    const real lr = real(1) / real(10), beta2 = real(9) / real(10), eps = real(1) / real(1000);
    RMSprop<real> reference(lr, beta2, eps);
    Vec v(theta0.size(), real(0));
    return compare_steps(
        reference, [&](Vec& theta, const Vec& g) { f(theta, v, g, lr, beta2, eps); },
        "lr = 0.1, beta2 = 0.9, eps = 0.001");
}

exercise::Result check_adam_moments(const AdamMoments& f) {
    const real beta1 = real(9) / real(10), beta2 = real(999) / real(1000);
    const std::vector<Vec> histories = {
        {real(2)},                                       // one step: m̂ must be g itself
        {real("-0.5")},
        {real(1), real(3)},
        {real("0.25"), real(-1), real(4), real("-0.5"), real(2)},
    };
    exercise::Worst verdict;
    for (const Vec& grads : histories) {
        Adam<real> reference(real(1), beta1, beta2);
        Vec theta = {real(0)};
        for (const real& g : grads) {
            reference.step(theta, {g});
        }
        const real m = reference.m()[0], v = reference.v()[0];
        const real t = real(static_cast<int>(grads.size()));
        const Vec expected = {m, v, m / (real(1) - pow(beta1, t)), v / (real(1) - pow(beta2, t))};
        const std::string where =
            cat("grads=", exercise::text(grads), ", beta1=", beta1, ", beta2=", beta2);
        const std::array<real, 4> answer = exercise::call(where, f, grads, beta1, beta2);
        const Vec yours(answer.begin(), answer.end());
        if (!verdict.add(exercise::compare({{where + " (entries m, v, m̂, v̂)", yours, expected}}))) {
            break;
        }
    }
    return verdict.result;
}

exercise::Result check_adamw_step(const AdamwStep& f) {
    const real lr = real(1) / real(10), weight_decay = real(1) / real(10);
    const real beta1 = real(9) / real(10), beta2 = real(999) / real(1000), eps = real("1e-8");
    AdamW<real> reference(lr, weight_decay, beta1, beta2, eps);
    AdamState state{Vec(theta0.size(), real(0)), Vec(theta0.size(), real(0)), 0};
    return compare_steps(
        reference,
        [&](Vec& theta, const Vec& g) { f(theta, state, g, lr, weight_decay, beta1, beta2, eps); },
        "lr = 0.1, weight_decay = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8");
}

/// Chapter 7's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"7.1", "a momentum step",
         "the order matters: θ moves with the velocity that already holds this step's gradient; "
         "and v lives on between calls, so update it in place",
         [] { return check_momentum_step(ex_momentum_step); }},
        {"7.2", "an RMSprop step (eps outside the root)",
         "v is an exponential moving average of g², weighting the old v by beta2 and the new g² by "
         "1 − beta2; eps is added to √v, not to v under the root",
         [] { return check_rmsprop_step(ex_rmsprop_step); }},
        {"7.3", "Adam's moments and their bias correction",
         "m and v start at 0, so their early values are pulled toward 0 by factors 1 − beta^t, "
         "t the number of gradients so far; after one gradient, m̂ should be exactly that gradient",
         [] { return check_adam_moments(ex_adam_moments); }},
        {"7.4", "an AdamW step (decoupled weight decay)",
         "count the step before the bias corrections (t = 1 on the first call); m and v see the "
         "loss's gradient only, and the decay term, with θ from before this step, is not divided "
         "by √v̂ + eps",
         [] { return check_adamw_step(ex_adamw_step); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch07
