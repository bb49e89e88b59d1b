/// \file
/// \brief Chapter 7's test functions, each with its exact gradient: the Rosenbrock valley
///        and an elongated quadratic; and `minimize`, which runs an optimizer on one of them.
///
/// The demo draws every optimizer's path on these two, and the tests check the gradients at
/// 50 digits and use the quadratic to check convergence. The page is \ref ch07_optimizers,
/// at \ref ch07_problems "section 10: two test problems"; the tests are
/// tests/test_ch07_optimizers.cpp.
#pragma once

#include "07-optimizers/optimizers.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"

#include <cmath>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nnref {

//! [rosenbrock]
/// The Rosenbrock function (Rosenbrock, 1960), a curved valley with its minimum
/// \f$ f(1, 1) = 0 \f$ at the end of a long, nearly flat floor:
/// \f[ f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2. \f]
/// \param theta (x, y)
/// \return f(x, y)
template <Real T>
T rosenbrock(const std::vector<T>& theta) {
    const T& x = theta.at(0);
    const T& y = theta.at(1);
    return (T(1) - x) * (T(1) - x) + T(100) * (y - x * x) * (y - x * x);
}

/// The gradient of the Rosenbrock function:
/// \f[ \frac{\partial f}{\partial x} = -2(1 - x) - 400\,x\,(y - x^2), \qquad
///     \frac{\partial f}{\partial y} = 200\,(y - x^2). \f]
/// \param theta (x, y)
/// \return (∂f/∂x, ∂f/∂y)
template <Real T>
std::vector<T> rosenbrock_gradient(const std::vector<T>& theta) {
    const T& x = theta.at(0);
    const T& y = theta.at(1);
    return {T(-2) * (T(1) - x) - T(400) * x * (y - x * x), T(200) * (y - x * x)};
}
//! [rosenbrock]

//! [quadratic]
/// An elongated bowl, a quadratic with condition number κ (the ratio of its largest
/// curvature to its smallest) and its minimum \f$ f(0, 0) = 0 \f$:
/// \f[ f(x, y) = \tfrac12 \left( x^2 + \kappa\, y^2 \right). \f]
/// \param theta (x, y)
/// \param kappa the condition number κ ≥ 1
/// \return f(x, y)
template <Real T>
T elongated_quadratic(const std::vector<T>& theta, const T& kappa) {
    const T& x = theta.at(0);
    const T& y = theta.at(1);
    return (x * x + kappa * y * y) / T(2);
}

/// The gradient of the elongated quadratic:
/// \f[ \nabla f(x, y) = (x,\; \kappa\, y). \f]
/// \param theta (x, y)
/// \param kappa the condition number κ
/// \return (∂f/∂x, ∂f/∂y)
template <Real T>
std::vector<T> elongated_quadratic_gradient(const std::vector<T>& theta, const T& kappa) {
    return {theta.at(0), kappa * theta.at(1)};
}
//! [quadratic]

/// A function to minimize, its gradient, where it starts and where its minimum is.
/// Chapter 7, \ref ch07_problems "section 10: two test problems".
template <Real T>
struct Problem {
    std::string name;                                               ///< e.g. "Rosenbrock"
    std::function<T(const std::vector<T>&)> f;                      ///< f(θ)
    std::function<std::vector<T>(const std::vector<T>&)> gradient;  ///< ∇f(θ)
    std::vector<T> start;                                           ///< θ₀
    std::vector<T> minimum;                                         ///< θ*, where f = 0
};

/// The Rosenbrock function from the classic start (−1.2, 1) (Rosenbrock, 1960), with
/// f = 24.2 there.
/// \return the problem
template <Real T>
Problem<T> rosenbrock_problem() {
    return {"Rosenbrock", rosenbrock<T>, rosenbrock_gradient<T>,
            {literal<T>("-1.2"), T(1)}, {T(1), T(1)}};
}

/// The elongated quadratic \f$ \tfrac12 (x^2 + \kappa y^2) \f$ from a given start.
/// \param kappa the condition number κ
/// \param start θ₀
/// \return the problem
template <Real T>
Problem<T> quadratic_problem(const T& kappa, const std::vector<T>& start) {
    return {"quadratic, kappa " + to_short_string(kappa),
            [kappa](const std::vector<T>& theta) { return elongated_quadratic(theta, kappa); },
            [kappa](const std::vector<T>& theta) { return elongated_quadratic_gradient(theta, kappa); },
            start, {T(0), T(0)}};
}

/// What a run of `minimize` did.
/// Chapter 7, \ref ch07_problems "section 10: two test problems".
template <Real T>
struct Trajectory {
    std::vector<std::vector<T>> path;  ///< θ₀, θ₁, ...: where each step started, then the last θ
    std::vector<T> loss;               ///< f at each point of the path
    std::size_t steps = 0;             ///< steps taken
    bool reached = false;              ///< f fell below the target (after `steps` steps)
    bool diverged = false;             ///< f or θ stopped being finite, or f grew past 1e30
};

//! [minimize]
/// Runs an optimizer on a problem from its start, one full gradient per step:
/// \f[ \theta_t = \text{optimizer.step}\bigl(\theta_{t-1}, \nabla f(\theta_{t-1})\bigr), \f]
/// until \f$ f(\theta_t) < \text{target} \f$, or max_steps, or divergence. The optimizer is
/// reset first, so one optimizer object can be run on several problems.
/// \param optimizer any optimizer of this chapter
/// \param problem the function, its gradient and θ₀
/// \param max_steps the most steps to take
/// \param target stop once f falls below it
/// \return the path, the loss at each point, and whether the target was reached
template <Real T>
Trajectory<T> minimize(Optimizer<T>& optimizer, const Problem<T>& problem, std::size_t max_steps,
                       const T& target) {
    optimizer.reset();
    Trajectory<T> run;
    std::vector<T> theta = problem.start;
    T f = problem.f(theta);
    run.path.push_back(theta);
    run.loss.push_back(f);
    using std::isfinite;
    while (!(f < target) && run.steps < max_steps) {
        optimizer.step(theta, problem.gradient(theta));
        ++run.steps;
        f = problem.f(theta);
        run.path.push_back(theta);
        run.loss.push_back(f);
        if (!isfinite(f) || f > literal<T>("1e30")) {
            run.diverged = true;
            return run;
        }
    }
    run.reached = f < target;
    return run;
}
//! [minimize]

//! [settings]
/// The optimizers of the demo, tuned for the Rosenbrock function from (−1.2, 1): each lr is
/// the one of the grid \f$ \{1, 2, 5\} \times 10^k \f$, up to 1, that reaches f < 1e-6 in the
/// fewest steps, and every other hyper-parameter is its class's default (μ = 0.9; RMSprop
/// β₂ = 0.9; Adam β₁ = 0.9, β₂ = 0.999, eps = 1e-8; AdamW λ = 0.01). The one exception is
/// RMSprop: at lr = 1 it passes below 1e-6 by luck while bouncing around with steps of size 1,
/// so its lr is the largest that gets there by settling (the page explains why).
/// \return SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam and AdamW, in that order
template <Real T>
std::vector<std::unique_ptr<Optimizer<T>>> rosenbrock_settings() {
    std::vector<std::unique_ptr<Optimizer<T>>> all;
    all.push_back(std::make_unique<SGD<T>>(literal<T>("0.002")));
    all.push_back(std::make_unique<Momentum<T>>(literal<T>("0.002")));
    all.push_back(std::make_unique<Nesterov<T>>(literal<T>("0.001")));
    all.push_back(std::make_unique<AdaGrad<T>>(literal<T>("0.5")));
    all.push_back(std::make_unique<RMSprop<T>>(literal<T>("5e-5")));
    all.push_back(std::make_unique<Adam<T>>(literal<T>("0.5")));
    all.push_back(std::make_unique<AdamW<T>>(literal<T>("0.002")));
    return all;
}

/// The same seven, tuned the same way for the quadratic with κ = 100 from (−8, 1.3). (Above
/// lr = 1 AdaGrad and AdamW would be faster still: their first step moves each coordinate
/// by about lr, and at lr = 10 that jumps most of the way to the minimum at once.)
/// \return SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam and AdamW, in that order
template <Real T>
std::vector<std::unique_ptr<Optimizer<T>>> quadratic_settings() {
    std::vector<std::unique_ptr<Optimizer<T>>> all;
    all.push_back(std::make_unique<SGD<T>>(literal<T>("0.01")));
    all.push_back(std::make_unique<Momentum<T>>(literal<T>("0.005")));
    all.push_back(std::make_unique<Nesterov<T>>(literal<T>("0.01")));
    all.push_back(std::make_unique<AdaGrad<T>>(T(1)));
    all.push_back(std::make_unique<RMSprop<T>>(literal<T>("2e-4")));
    all.push_back(std::make_unique<Adam<T>>(T(1)));
    all.push_back(std::make_unique<AdamW<T>>(T(1)));
    return all;
}
//! [settings]

}  // namespace nnref
