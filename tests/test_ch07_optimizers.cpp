/// \file
/// \brief Chapter 7's claims as tests: the first three steps of every optimizer, worked out by
///        hand, to 50 digits; the equivalent forms the documentation names give the same θ;
///        Adam's bias correction; convergence on a convex quadratic within a stated number of
///        steps; state per parameter; the demo's settings reach their target; every bad
///        hyper-parameter or size refused with a clear message; and the optimizers as chapter
///        6's update rule, training a network.
///
/// The page is \ref ch07_optimizers; these tests check its claims, and the suite
/// ch07_exercises checks its exercises (\ref ch07_exercises).
#include "06-descent/descent.hpp"
#include "07-optimizers/exercises.hpp"
#include "07-optimizers/optimizers.hpp"
#include "07-optimizers/problems.hpp"
#include "nnref/data/datasets.hpp"
#include "nnref/gradcheck/check.hpp"

#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

using namespace nnref;

namespace {

using R = hp50;
using RVec = std::vector<R>;

/// Relative difference, for values that should agree to all of hp50's digits.
R relative(const R& a, const R& b) {
    using std::abs;
    const R scale = std::max(abs(a), abs(b));
    return scale == 0 ? R(0) : abs(a - b) / scale;
}

/// Runs three steps on f(θ) = 3θ²/2 (so g = 3θ) from θ₀ = 1, and compares θ₁, θ₂, θ₃ with
/// the hand-computed values at a relative 1e-45.
void expect_three_steps(Optimizer<R>& opt, const RVec& expected) {
    RVec theta = {R(1)};
    for (std::size_t t = 0; t < 3; ++t) {
        opt.step(theta, {R(3) * theta[0]});
        BOOST_TEST(relative(theta[0], expected[t]) < R("1e-45"),
                   opt.name() << " step " << t + 1 << ": " << to_string(theta[0]) << ", expected "
                              << to_string(expected[t]));
    }
}

// The hyper-parameters of the hand-computed steps.
const R lr = R(1) / R(10);
const R mu = R(9) / R(10);
const R eps = R("1e-8");
const R beta1 = R(9) / R(10);
const R beta2 = R(999) / R(1000);

/// Steps until |θ − θ*| < 1e-8 on f = (x² + 10 y²)/2 from (1, 1); returns the step, or 0.
/// Then takes as many steps again and requires θ to still be within 1e-8 (it stays).
std::size_t steps_to_converge(Optimizer<R>& opt, std::size_t bound) {
    const R kappa = R(10);
    RVec theta = {R(1), R(1)};
    auto distance = [&theta] {
        using std::sqrt;
        return sqrt(theta[0] * theta[0] + theta[1] * theta[1]);
    };
    std::size_t reached = 0;
    for (std::size_t t = 1; t <= 2 * bound; ++t) {
        opt.step(theta, elongated_quadratic_gradient(theta, kappa));
        if (reached == 0 && distance() < R("1e-8")) {
            reached = t;
        }
    }
    BOOST_TEST(distance() < R("1e-8"), opt.name() << " left the minimum again: |θ| = "
                                                  << to_short_string(distance()) << " after "
                                                  << 2 * bound << " steps");
    return reached;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ch07_optimizers)

// ---- 1. The first three steps, by hand ---------------------------------------------------
// f(θ) = 3θ²/2, g = 3θ, θ₀ = 1, lr = 1/10. The exact rationals follow from the rules by hand;
// the square-root rules give irrational values, computed at 80 digits with mpmath from the
// same formulas (e.g. AdaGrad: θ₁ = 1 − 0.1 · 3/(3 + 1e-8)) and rounded to 50.

BOOST_AUTO_TEST_CASE(sgd_first_three_steps) {
    // θ_t = (1 − 0.3) θ_{t−1} = 0.7^t
    SGD<R> opt(lr);
    expect_three_steps(opt, {R(7) / R(10), R(49) / R(100), R(343) / R(1000)});
}

BOOST_AUTO_TEST_CASE(momentum_first_three_steps) {
    // v₁ = 3, θ₁ = 0.7; v₂ = 2.7 + 2.1 = 4.8, θ₂ = 0.22; v₃ = 4.32 + 0.66 = 4.98, θ₃ = −0.278
    Momentum<R> opt(lr, mu);
    expect_three_steps(opt, {R(7) / R(10), R(11) / R(50), R(-139) / R(500)});
}

BOOST_AUTO_TEST_CASE(nesterov_first_three_steps) {
    // v₁ = 3, θ₁ = 1 − 0.1 (3 + 2.7) = 0.43; v₂ = 2.7 + 1.29 = 3.99,
    // θ₂ = 0.43 − 0.1 (1.29 + 3.591) = −0.0581; v₃ = 3.591 − 0.1743 = 3.4167,
    // θ₃ = −0.0581 − 0.1 (−0.1743 + 3.07503) = −0.348173
    Nesterov<R> opt(lr, mu);
    expect_three_steps(opt, {R(43) / R(100), R(-581) / R(10000), R(-348173) / R(1000000)});
}

BOOST_AUTO_TEST_CASE(adagrad_first_three_steps) {
    AdaGrad<R> opt(lr, eps);
    expect_three_steps(opt, {R("0.90000000033333333222222222592592591358024695473251"),
                             R("0.83310352732314556148248609754603283986341185760095"),
                             R("0.78045618192852982060772419351272983077174948156435")});
}

BOOST_AUTO_TEST_CASE(rmsprop_first_three_steps) {
    // beta2 = 0.9: v₁ = 0.1 · 9, θ₁ = 1 − 0.1 · 3 / (√0.9 + 1e-8) = 0.68377...
    RMSprop<R> opt(lr, R(9) / R(10), eps);
    expect_three_steps(opt, {R("0.68377223731649536499702590294510203518647814663437"),
                             R("0.49887061130365943780351743141025097011315858599608"),
                             R("0.36918055791281488334528481448628291374549520754422")});
}

BOOST_AUTO_TEST_CASE(adam_first_three_steps) {
    // Step 1: m̂ = g and v̂ = g², so θ₁ = 1 − 0.1 · 3/(3 + 1e-8), the same as AdaGrad's.
    Adam<R> opt(lr, beta1, beta2, eps);
    expect_three_steps(opt, {R("0.90000000033333333222222222592592591358024695473251"),
                             R("0.80041222835161039423815531718814426106147816529000"),
                             R("0.70158627242656798501121161358319217353443441842104")});
}

BOOST_AUTO_TEST_CASE(adamw_first_three_steps) {
    // weight_decay 0.1: θ₁ = Adam's θ₁ − 0.1 · 0.1 · 1 = 0.89000000033...
    AdamW<R> opt(lr, R(1) / R(10), beta1, beta2, eps);
    expect_three_steps(opt, {R("0.89000000033333333222222222592592591358024695473251"),
                             R("0.78157185559728539176305866081473045927086088813737"),
                             R("0.67510122112369203983608214303715776216676321114212")});
}

// ---- 2. The forms the documentation calls equivalent --------------------------------------

BOOST_AUTO_TEST_CASE(polyaks_form_of_momentum_gives_the_same_theta) {
    // u ← μu − lr g, θ ← θ + u (Polyak; Sutskever et al.) against v ← μv + g, θ ← θ − lr v.
    Momentum<R> opt(lr, mu);
    RVec theta = {R(1), R(-2)}, phi = theta, u = {R(0), R(0)};
    auto grad = [](const RVec& t) { return elongated_quadratic_gradient(t, R(10)); };
    for (int t = 1; t <= 10; ++t) {
        opt.step(theta, grad(theta));
        const RVec g = grad(phi);
        for (std::size_t i = 0; i < 2; ++i) {
            u[i] = mu * u[i] - lr * g[i];
            phi[i] += u[i];
        }
        for (std::size_t i = 0; i < 2; ++i) {
            BOOST_TEST(relative(theta[i], phi[i]) < R("1e-45"), "step " << t << ", entry " << i);
        }
    }
}

BOOST_AUTO_TEST_CASE(sutskevers_look_ahead_nesterov_gives_the_same_theta) {
    // Sutskever et al. (2013): u ← μu − lr ∇f(θ̃ + μu), θ̃ ← θ̃ + u (θ̃ is `phi` here). The
    // class stores the look-ahead point θ = θ̃ + μu, so its θ must equal θ̃ + μu after every step.
    RVec theta = {R(1), R(-2)}, phi = theta, u = {R(0), R(0)};
    auto grad = [](const RVec& t) { return rosenbrock_gradient(t); };
    const R small = R(1) / R(1000);  // Rosenbrock's curvature is large: a small lr keeps it tame
    Nesterov<R> slow(small, mu);
    for (int t = 1; t <= 10; ++t) {
        slow.step(theta, grad(theta));
        const RVec ahead = {phi[0] + mu * u[0], phi[1] + mu * u[1]};
        const RVec g = grad(ahead);
        for (std::size_t i = 0; i < 2; ++i) {
            u[i] = mu * u[i] - small * g[i];
            phi[i] += u[i];
        }
        for (std::size_t i = 0; i < 2; ++i) {
            BOOST_TEST(relative(theta[i], phi[i] + mu * u[i]) < R("1e-44"),
                       "step " << t << ", entry " << i);
        }
    }
}

BOOST_AUTO_TEST_CASE(adamw_without_decay_is_adam) {
    Adam<R> adam(lr, beta1, beta2, eps);
    AdamW<R> adamw(lr, R(0), beta1, beta2, eps);
    RVec a = {R(1), R(-2)}, b = a;
    for (int t = 1; t <= 20; ++t) {
        adam.step(a, rosenbrock_gradient(a));
        adamw.step(b, rosenbrock_gradient(b));
    }
    BOOST_TEST(relative(a[0], b[0]) < R("1e-45"));
    BOOST_TEST(relative(a[1], b[1]) < R("1e-45"));
}

BOOST_AUTO_TEST_CASE(adamw_decay_is_decoupled_not_added_to_the_gradient) {
    // One step from θ = 2 with g = 1: decoupled, θ − lr (m̂/(√v̂ + eps) + λθ); Adam on g + λθ
    // (L2 regularization) would give θ − lr (g + λθ)/(|g + λθ| + eps) instead.
    const R lambda = R(1) / R(2), theta0 = R(2), g = R(1);
    AdamW<R> adamw(lr, lambda, beta1, beta2, eps);
    RVec theta = {theta0};
    adamw.step(theta, {g});
    BOOST_TEST(relative(theta[0], theta0 - lr * (g / (g + eps) + lambda * theta0)) < R("1e-45"));
    BOOST_TEST(adamw.m()[0] == (R(1) - beta1) * g);  // m saw g alone
}

// ---- 3. Adam's bias correction --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(after_one_step_m_hat_is_the_gradient_and_the_step_is_lr) {
    for (const R& g : {R("0.001"), R(1), R(-1000)}) {
        Adam<R> adam(lr, beta1, beta2, eps);
        RVec theta = {R(0)};
        adam.step(theta, {g});
        using std::abs;
        const R m_hat = adam.m()[0] / (R(1) - beta1);
        const R v_hat = adam.v()[0] / (R(1) - beta2);
        BOOST_TEST(relative(adam.m()[0], g / R(10)) < R("1e-49"));  // m₁ = (1 − β₁) g: a tenth
        BOOST_TEST(relative(m_hat, g) < R("1e-48"));
        BOOST_TEST(relative(v_hat, g * g) < R("1e-47"));
        // The first step is lr |g| / (|g| + eps): lr, up to eps, whatever the size of g.
        BOOST_TEST(relative(abs(theta[0]), lr * abs(g) / (abs(g) + eps)) < R("1e-45"));
    }
}

BOOST_AUTO_TEST_CASE(with_a_constant_gradient_m_hat_is_the_gradient_at_every_step) {
    // m_t = (1 − β₁ᵗ) g exactly, so m̂_t = g; without the correction m would lag behind g.
    const R g = R("0.37");
    Adam<R> adam(lr, beta1, beta2, eps);
    RVec theta = {R(0)};
    R beta1_t = 1;
    for (int t = 1; t <= 30; ++t) {
        adam.step(theta, {g});
        beta1_t *= beta1;
        BOOST_TEST(relative(adam.m()[0], (R(1) - beta1_t) * g) < R("1e-45"), "step " << t);
        BOOST_TEST(relative(adam.m()[0] / (R(1) - beta1_t), g) < R("1e-45"), "step " << t);
    }
}

// ---- 4. Convergence on a convex quadratic --------------------------------------------------
// f = (x² + 10 y²)/2 (κ = 10) from (1, 1): every optimizer gets within 1e-8 of (0, 0) within
// the stated bound, and is still there after as many steps again. RMSprop and Adam need a
// larger eps for that: with eps = 1e-8 their steps stay about lr in size near the minimum, so
// they hover; an eps larger than √v turns them into plain gradient descent with rate lr/eps.

BOOST_AUTO_TEST_CASE(every_optimizer_converges_on_a_convex_quadratic) {
    struct Case {
        std::unique_ptr<Optimizer<R>> opt;
        std::size_t bound;
    };
    std::vector<Case> cases;
    cases.push_back({std::make_unique<SGD<R>>(lr), 200});
    cases.push_back({std::make_unique<Momentum<R>>(R(1) / R(20), mu), 400});
    cases.push_back({std::make_unique<Nesterov<R>>(R(1) / R(20), mu), 250});
    cases.push_back({std::make_unique<AdaGrad<R>>(R(1) / R(2)), 50});
    cases.push_back({std::make_unique<RMSprop<R>>(R(1) / R(100), R(9) / R(10), lr), 350});
    cases.push_back({std::make_unique<Adam<R>>(lr, beta1, beta2, lr), 350});
    cases.push_back({std::make_unique<AdamW<R>>(lr, R(1) / R(100), beta1, beta2, lr), 350});
    for (auto& c : cases) {
        const std::size_t t = steps_to_converge(*c.opt, c.bound);
        BOOST_TEST_MESSAGE(c.opt->name() << " (" << c.opt->hyper_parameters() << "): " << t
                                         << " steps");
        BOOST_TEST((t > 0 && t <= c.bound), c.opt->name() << " took " << t << " steps; bound "
                                                          << c.bound << " (0: never)");
    }
}

// ---- 5. State per parameter ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(two_parameters_behave_as_two_separate_runs) {
    // Parameter 0 sees f = θ²/2, parameter 1 sees f = 8θ²/2 from a different start: their
    // gradient histories differ, and each must follow its own 1-D run exactly.
    for (const char* name : {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"}) {
        const R rate = R(1) / R(20);
        auto both = make_optimizer<R>(name, rate);
        auto first = make_optimizer<R>(name, rate);
        auto second = make_optimizer<R>(name, rate);
        RVec theta = {R(1), R(-3)}, a = {R(1)}, b = {R(-3)};
        for (int t = 1; t <= 25; ++t) {
            both->step(theta, {theta[0], R(8) * theta[1]});
            first->step(a, {a[0]});
            second->step(b, {R(8) * b[0]});
            BOOST_TEST(theta[0] == a[0], name << " step " << t << ", parameter 0");
            BOOST_TEST(theta[1] == b[0], name << " step " << t << ", parameter 1");
        }
    }
}

BOOST_AUTO_TEST_CASE(reset_forgets_the_state) {
    Adam<R> adam(lr);
    RVec theta = {R(1), R(2)};
    adam.step(theta, {R(1), R(1)});
    BOOST_TEST(adam.steps() == 1u);
    adam.reset();
    RVec other = {R(5)};
    adam.step(other, {R(3)});  // a first step again, for a new number of parameters
    BOOST_TEST(adam.steps() == 1u);
    BOOST_TEST(relative(other[0], R(5) - lr * R(3) / (R(3) + R("1e-8"))) < R("1e-45"));
}

// ---- 6. The test functions and the demo's claims ---------------------------------------

BOOST_AUTO_TEST_CASE(the_test_functions_have_the_right_gradients) {
    auto f = [](const RVec& t) { return rosenbrock(t); };
    auto q = [](const RVec& t) { return elongated_quadratic(t, R(100)); };
    for (const RVec& at : {RVec{R("-1.2"), R(1)}, RVec{R("0.3"), R("-0.7")}, RVec{R(2), R("3.5")}}) {
        const Report<R> r = check_gradient(f, rosenbrock_gradient<R>(at), at);
        BOOST_TEST(r.passed(), r.summary());
        const Report<R> s = check_gradient(q, elongated_quadratic_gradient(at, R(100)), at);
        BOOST_TEST(s.passed(), s.summary());
    }
    BOOST_TEST(rosenbrock(RVec{R(1), R(1)}) == R(0));
    BOOST_TEST(relative(rosenbrock(RVec{R("-1.2"), R(1)}), R("24.2")) < R("1e-48"));
}

BOOST_AUTO_TEST_CASE(every_tuned_optimizer_reaches_the_target_on_both_problems) {
    // The closing note of the page: with the demo's settings, every optimizer gets below
    // f = 1e-6 within 60000 steps on the Rosenbrock function and on the quadratic.
    const auto check = [](const Problem<f64>& p, const std::vector<std::unique_ptr<Optimizer<f64>>>& opts) {
        for (const auto& opt : opts) {
            const Trajectory<f64> r = minimize(*opt, p, 60000, 1e-6);
            BOOST_TEST(r.reached, p.name << ": " << opt->name() << " (" << opt->hyper_parameters()
                                         << ") ended at f = " << r.loss.back());
            BOOST_TEST(!r.diverged);
        }
    };
    check(rosenbrock_problem<f64>(), rosenbrock_settings<f64>());
    check(quadratic_problem<f64>(100, {-8, 1.3}), quadratic_settings<f64>());
}

BOOST_AUTO_TEST_CASE(momentum_beats_plain_sgd_on_rosenbrock) {
    const Problem<f64> p = rosenbrock_problem<f64>();
    const auto opts = rosenbrock_settings<f64>();
    const Trajectory<f64> sgd = minimize(*opts[0], p, 60000, 1e-6);
    const Trajectory<f64> momentum = minimize(*opts[1], p, 60000, 1e-6);
    BOOST_TEST(momentum.steps * 5 < sgd.steps);  // same lr; μ = 0.9 multiplies it by up to 10
}

BOOST_AUTO_TEST_CASE(rmsprop_ends_in_a_two_step_cycle) {
    // Near (1, 1) RMSprop's steps are ±lr per coordinate, so it settles into a 2-cycle
    // (1, 1) ± (lr/2)(1, −1), where f = lr²/4 + 100 (3 lr/2)² = 225.25 lr².
    const f64 rate = 1e-3;
    RMSprop<f64> rms(rate);
    const Trajectory<f64> r = minimize<f64>(rms, rosenbrock_problem<f64>(), 60000, 0);
    BOOST_TEST(r.loss.back() / (rate * rate) == 225.25, boost::test_tools::tolerance(0.01));
    const std::size_t n = r.path.size();
    BOOST_TEST(std::abs(r.path[n - 1][0] - r.path[n - 3][0]) < 1e-9);  // period 2
    BOOST_TEST(std::abs(r.path[n - 1][0] - r.path[n - 2][0]) == rate, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(near_the_minimum_adam_still_remembers_larger_gradients) {
    // Why Adam settles where RMSprop rattles: with β₂ = 0.999, √v̂ still holds the gradients
    // of the approach, so m̂/√v̂ (and the step) shrinks with g instead of staying near ±1.
    const Problem<f64> p = rosenbrock_problem<f64>();
    Adam<f64> adam(0.5);
    const Trajectory<f64> r = minimize(adam, p, 60000, 1e-6);
    BOOST_TEST(r.reached);
    const std::vector<f64> g = p.gradient(r.path[r.path.size() - 2]);  // the last step's gradient
    const f64 bias2 = 1 - std::pow(0.999, static_cast<double>(adam.steps()));
    for (std::size_t i = 0; i < 2; ++i) {
        BOOST_TEST(std::sqrt(adam.v()[i] / bias2) > 1000 * std::abs(g[i]), "coordinate " << i);
    }
}

BOOST_AUTO_TEST_CASE(the_closing_notes_step_counts) {
    // The page's closing table: steps to f < 1e-6 on Rosenbrock from (−1.2, 1), within 1%
    // (the exact count may move by a step or two with another compiler's rounding).
    const std::vector<std::size_t> expected = {7493, 769, 1426, 7898, 57598, 618, 11728};
    const Problem<f64> p = rosenbrock_problem<f64>();
    const auto opts = rosenbrock_settings<f64>();
    for (std::size_t k = 0; k < opts.size(); ++k) {
        const Trajectory<f64> r = minimize(*opts[k], p, 60000, 1e-6);
        BOOST_TEST(std::abs(static_cast<double>(r.steps) - static_cast<double>(expected[k])) <=
                       0.01 * static_cast<double>(expected[k]),
                   opts[k]->name() << " took " << r.steps << " steps; the page says " << expected[k]);
    }
}

BOOST_AUTO_TEST_CASE(minimize_stops_at_the_target_and_reports_divergence) {
    SGD<f64> sgd(0.1);
    const Problem<f64> bowl = quadratic_problem<f64>(1, {1, 1});
    const Trajectory<f64> r = minimize(sgd, bowl, 1000, 1e-6);
    BOOST_TEST(r.reached);
    BOOST_TEST(r.loss.back() < 1e-6);
    BOOST_TEST(r.loss[r.loss.size() - 2] >= 1e-6);  // the step before had not reached it
    BOOST_TEST(r.path.size() == r.steps + 1);
    SGD<f64> wild(0.1);  // 20 times too large for Rosenbrock's curvature
    const Trajectory<f64> d = minimize(wild, rosenbrock_problem<f64>(), 1000, 1e-6);
    BOOST_TEST(d.diverged);
    BOOST_TEST(!d.reached);
}

// ---- 7. Bad input ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(every_bad_hyper_parameter_is_refused_by_name) {
    const R nan = std::numeric_limits<R>::quiet_NaN();
    expect_error<input_error>([] { (void)SGD<R>(R(0)); }, "SGD: lr = 0, but the learning rate must be positive");
    expect_error<input_error>([] { (void)SGD<R>(R(-1)); }, "SGD: lr = -1");
    expect_error<input_error>([&] { (void)SGD<R>(R(nan)); }, "SGD: lr = nan");
    expect_error<input_error>([] { (void)Momentum<R>(R(0)); }, "Momentum: lr = 0");
    expect_error<input_error>([] { (void)Momentum<R>(lr, R(-1) / R(10)); },
                              "Momentum: mu = -0.1, but a decay rate must be in [0, 1)");
    expect_error<input_error>([] { (void)Momentum<R>(lr, R(1)); }, "Momentum: mu = 1, but");
    expect_error<input_error>([] { (void)Nesterov<R>(lr, R(2)); }, "Nesterov: mu = 2, but");
    expect_error<input_error>([] { (void)Nesterov<R>(R(-1)); }, "Nesterov: lr = -1");
    expect_error<input_error>([] { (void)AdaGrad<R>(R(0)); }, "AdaGrad: lr = 0");
    expect_error<input_error>([] { (void)AdaGrad<R>(lr, R(0)); },
                              "AdaGrad: eps = 0, but eps must be positive: it keeps the division away from zero");
    expect_error<input_error>([] { (void)RMSprop<R>(R(0)); }, "RMSprop: lr = 0");
    expect_error<input_error>([] { (void)RMSprop<R>(lr, R(1)); }, "RMSprop: beta2 = 1, but a decay rate must be in [0, 1)");
    expect_error<input_error>([] { (void)RMSprop<R>(lr, R(-1)); }, "RMSprop: beta2 = -1");
    expect_error<input_error>([] { (void)RMSprop<R>(lr, mu, R("-1e-8")); }, "RMSprop: eps = -1e-08");
    expect_error<input_error>([] { (void)Adam<R>(R(0)); }, "Adam: lr = 0");
    expect_error<input_error>([] { (void)Adam<R>(lr, R(1)); }, "Adam: beta1 = 1, but");
    expect_error<input_error>([] { (void)Adam<R>(lr, R(-1) / R(2)); }, "Adam: beta1 = -0.5");
    expect_error<input_error>([] { (void)Adam<R>(lr, beta1, R(1)); }, "Adam: beta2 = 1, but");
    expect_error<input_error>([] { (void)Adam<R>(lr, beta1, R(-1)); }, "Adam: beta2 = -1");
    expect_error<input_error>([] { (void)Adam<R>(lr, beta1, beta2, R(0)); }, "Adam: eps = 0");
    expect_error<input_error>([] { (void)AdamW<R>(R(0)); }, "AdamW: lr = 0");
    expect_error<input_error>([] { (void)AdamW<R>(lr, R(-1) / R(100)); },
                              "AdamW: weight_decay = -0.01, but weight decay must be 0 or more");
    expect_error<input_error>([] { (void)AdamW<R>(lr, R(0), R(1)); }, "AdamW: beta1 = 1");
    expect_error<input_error>([] { (void)AdamW<R>(lr, R(0), beta1, R(1)); }, "AdamW: beta2 = 1");
    expect_error<input_error>([] { (void)AdamW<R>(lr, R(0), beta1, beta2, R(0)); }, "AdamW: eps = 0");
    // The edges that are allowed: μ = 0 is plain SGD, β = 0 keeps only the last gradient.
    BOOST_CHECK_NO_THROW((void)Momentum<R>(lr, R(0)));
    BOOST_CHECK_NO_THROW((void)Adam<R>(lr, R(0), R(0)));
    BOOST_CHECK_NO_THROW((void)AdamW<R>(lr, R(0)));
}

BOOST_AUTO_TEST_CASE(mismatched_sizes_and_bad_gradients_are_refused) {
    Adam<R> adam(lr);
    RVec theta = {R(1), R(2)};
    expect_error<shape_error>([&] { adam.step(theta, {R(1)}); },
                              "Adam::step: 2 params but 1 grads; pass one gradient per parameter");
    adam.step(theta, {R(1), R(1)});
    RVec bigger = {R(1), R(2), R(3)};
    expect_error<shape_error>([&] { adam.step(bigger, {R(1), R(1), R(1)}); },
                              "Adam::step: the state was made for 2 parameters on the first step, "
                              "but this step has 3; use one optimizer per parameter vector, or reset() it");
    const R inf = std::numeric_limits<R>::infinity();
    expect_error<numeric_error>([&] { adam.step(theta, {R(1), inf}); },
                                "Adam::step: grads[1] = inf at step 2");
    BOOST_TEST(adam.steps() == 1u);  // a refused step changes nothing
    expect_error<input_error>([] { make_optimizer<R>("adamax", lr); },
                              "make_optimizer: unknown optimizer 'adamax'; known: sgd, momentum");
    expect_error<input_error>([] { make_optimizer<R>("adam", R(0)); }, "Adam: lr = 0");
}

BOOST_AUTO_TEST_CASE(the_factory_makes_each_optimizer_with_its_defaults) {
    const std::vector<std::pair<const char*, const char*>> expected = {
        {"sgd", "SGD"}, {"momentum", "Momentum"}, {"nesterov", "Nesterov"}, {"adagrad", "AdaGrad"},
        {"rmsprop", "RMSprop"}, {"adam", "Adam"}, {"adamw", "AdamW"}};
    for (const auto& [key, name] : expected) {
        BOOST_TEST(make_optimizer<f64>(key, 0.01)->name() == name);
    }
    BOOST_TEST(make_optimizer<f64>("adam", 0.001)->hyper_parameters() ==
               "lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08");
    BOOST_TEST(make_optimizer<f64>("adamw", 0.001)->hyper_parameters() ==
               "lr=0.001, weight_decay=0.01, beta1=0.9, beta2=0.999, eps=1e-08");
}

/// XOR's network for the training tests: 2-8-2 tanh with softmax cross-entropy, from seed 3.
MLP<f64> xor_network() {
    MLP<f64> net({2, 8, 2}, {Activation::tanh, Activation::identity}, Loss::softmax_cross_entropy);
    Rng rng(3);
    net.init(rng);
    return net;
}

BOOST_AUTO_TEST_CASE(sgd_as_descends_update_rule_takes_chapter_6s_own_steps) {
    const Dataset<f64> d = xor_dataset<f64>();
    DescentOptions<f64> options;
    options.batch_size = 2;
    options.lr = 0.3;
    options.epochs = 5;
    MLP<f64> built_in = xor_network(), plugged = xor_network();
    descend(built_in, d.X, d.Y, options);
    SGD<f64> sgd(0.3);
    descend(plugged, d.X, d.Y, options, [&](std::vector<f64>& theta, const std::vector<f64>& g) {
        sgd.step(theta, g);
    });
    BOOST_TEST(sgd.steps() == 10u);
    BOOST_TEST(plugged.parameters() == built_in.parameters());  // bit for bit
}

BOOST_AUTO_TEST_CASE(every_optimizer_trains_xor_through_descend) {
    const Dataset<f64> d = xor_dataset<f64>();
    const std::vector<std::pair<const char*, f64>> settings = {
        {"sgd", 0.5},     {"momentum", 0.05}, {"nesterov", 0.05}, {"adagrad", 0.1},
        {"rmsprop", 0.01}, {"adam", 0.01},    {"adamw", 0.01}};
    for (const auto& [name, lr] : settings) {
        BOOST_TEST_CONTEXT(name << " at lr " << lr) {
            MLP<f64> net = xor_network();
            const std::unique_ptr<Optimizer<f64>> opt = make_optimizer<f64>(name, lr);
            DescentOptions<f64> options;  // a batch of all 4 examples
            options.epochs = 300;
            const DescentRun<f64> run =
                descend(net, d.X, d.Y, options, [&](std::vector<f64>& theta, const std::vector<f64>& g) {
                    opt->step(theta, g);
                });
            BOOST_TEST(opt->steps() == 300u);
            BOOST_TEST(run.epoch_loss.back() < run.epoch_loss.front() / 10);
            BOOST_TEST(accuracy(net, d.X, d.labels) == 1.0);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---- The exercises ---------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(ch07_exercises)

using exercise::Outcome;
using ch07::real;

BOOST_AUTO_TEST_CASE(right_answers_pass) {
    const auto results = {
        // Polyak's form keeps u = −lr·v in the state: equivalent, so it passes.
        ch07::check_momentum_step([](RVec& theta, RVec& u, const RVec& g, const real& lr_, const real& mu_) {
            for (std::size_t i = 0; i < theta.size(); ++i) {
                u[i] = mu_ * u[i] - lr_ * g[i];
                theta[i] += u[i];
            }
        }),
        ch07::check_rmsprop_step([](RVec& theta, RVec& v, const RVec& g, const real& lr_,
                                    const real& beta2_, const real& eps_) {
            for (std::size_t i = 0; i < theta.size(); ++i) {
                v[i] = beta2_ * v[i] + (real(1) - beta2_) * g[i] * g[i];
                theta[i] -= lr_ * g[i] / (sqrt(v[i]) + eps_);
            }
        }),
        ch07::check_adam_moments([](const RVec& grads, const real& b1, const real& b2) {
            Adam<real> adam(real(1), b1, b2);
            RVec theta = {real(0)};
            for (const real& g : grads) {
                adam.step(theta, {g});
            }
            const real t = real(static_cast<int>(grads.size()));
            return std::array<real, 4>{adam.m()[0], adam.v()[0], adam.m()[0] / (real(1) - pow(b1, t)),
                                       adam.v()[0] / (real(1) - pow(b2, t))};
        }),
        ch07::check_adamw_step([](RVec& theta, ch07::AdamState& s, const RVec& g, const real& lr_,
                                  const real& wd, const real& b1, const real& b2, const real& eps_) {
            s.t += 1;
            const real t = real(static_cast<int>(s.t));
            for (std::size_t i = 0; i < theta.size(); ++i) {
                s.m[i] = b1 * s.m[i] + (real(1) - b1) * g[i];
                s.v[i] = b2 * s.v[i] + (real(1) - b2) * g[i] * g[i];
                const real m_hat = s.m[i] / (real(1) - pow(b1, t));
                const real v_hat = s.v[i] / (real(1) - pow(b2, t));
                theta[i] = theta[i] * (real(1) - lr_ * wd) - lr_ * m_hat / (sqrt(v_hat) + eps_);  // PyTorch's order
            }
        }),
    };
    for (const auto& r : results) {
        BOOST_TEST((r.outcome == Outcome::passed), r.detail);
        BOOST_TEST(r.digits >= 45, r.detail);
    }
}

BOOST_AUTO_TEST_CASE(classic_mistakes_are_caught) {
    // Momentum: stepping with the old velocity, before updating it.
    const auto stale = ch07::check_momentum_step([](RVec& theta, RVec& v, const RVec& g, const real& lr_, const real& mu_) {
        for (std::size_t i = 0; i < theta.size(); ++i) {
            theta[i] -= lr_ * v[i];
            v[i] = mu_ * v[i] + g[i];
        }
    });
    BOOST_TEST_MESSAGE(stale.detail);
    BOOST_TEST((stale.outcome == Outcome::wrong));
    BOOST_TEST(stale.detail.find("θ after step 1 of 5") != std::string::npos, stale.detail);

    // RMSprop with eps under the square root (TensorFlow's convention), when the exercise
    // says outside: wrong from the first step.
    const auto inside = ch07::check_rmsprop_step([](RVec& theta, RVec& v, const RVec& g, const real& lr_,
                                                    const real& beta2_, const real& eps_) {
        for (std::size_t i = 0; i < theta.size(); ++i) {
            v[i] = beta2_ * v[i] + (real(1) - beta2_) * g[i] * g[i];
            theta[i] -= lr_ * g[i] / sqrt(v[i] + eps_);
        }
    });
    BOOST_TEST_MESSAGE(inside.detail);
    BOOST_TEST((inside.outcome == Outcome::wrong));
    BOOST_TEST(inside.detail.find("θ after step 1 of 5") != std::string::npos, inside.detail);

    // Adam without bias correction: m̂ = m, a tenth of g after one step.
    const auto uncorrected = ch07::check_adam_moments([](const RVec& grads, const real& b1, const real& b2) {
        real m = 0, v = 0;
        for (const real& g : grads) {
            m = b1 * m + (real(1) - b1) * g;
            v = b2 * v + (real(1) - b2) * g * g;
        }
        return std::array<real, 4>{m, v, m, v};
    });
    BOOST_TEST_MESSAGE(uncorrected.detail);
    BOOST_TEST((uncorrected.outcome == Outcome::wrong));
    BOOST_TEST(uncorrected.detail.find("grads=(2)") != std::string::npos, uncorrected.detail);
    BOOST_TEST(uncorrected.detail.find("ratio 0.001") != std::string::npos, uncorrected.detail);

    // AdamW as Adam with L2 regularization: λθ added to the gradient.
    const auto coupled = ch07::check_adamw_step([](RVec& theta, ch07::AdamState& s, const RVec& g, const real& lr_,
                                                   const real& wd, const real& b1, const real& b2, const real& eps_) {
        s.t += 1;
        const real t = real(static_cast<int>(s.t));
        for (std::size_t i = 0; i < theta.size(); ++i) {
            const real gi = g[i] + wd * theta[i];
            s.m[i] = b1 * s.m[i] + (real(1) - b1) * gi;
            s.v[i] = b2 * s.v[i] + (real(1) - b2) * gi * gi;
            theta[i] -= lr_ * (s.m[i] / (real(1) - pow(b1, t))) / (sqrt(s.v[i] / (real(1) - pow(b2, t))) + eps_);
        }
    });
    BOOST_TEST_MESSAGE(coupled.detail);
    BOOST_TEST((coupled.outcome == Outcome::wrong));
    BOOST_TEST(coupled.detail.find("step 1 of 5") != std::string::npos, coupled.detail);

    // A double literal: right to 16 digits only, and named as such.
    const auto leak = ch07::check_rmsprop_step([](RVec& theta, RVec& v, const RVec& g, const real& lr_,
                                                  const real& beta2_, const real& eps_) {
        for (std::size_t i = 0; i < theta.size(); ++i) {
            v[i] = beta2_ * v[i] + real(0.1) * g[i] * g[i];
            theta[i] -= lr_ * g[i] / (sqrt(v[i]) + eps_);
        }
    });
    BOOST_TEST_MESSAGE(leak.detail);
    BOOST_TEST((leak.outcome == Outcome::wrong));
    BOOST_TEST(leak.detail.find("double literal") != std::string::npos, leak.detail);
}

BOOST_AUTO_TEST_SUITE_END()
