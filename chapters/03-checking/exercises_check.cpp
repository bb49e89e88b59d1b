/// \file
/// \brief How chapter 3's exercises are judged: against the chapter's reference functions in
///        differences.hpp, to the project's tolerance (about 25 digits).
#include "03-checking/differences.hpp"
#include "03-checking/exercises.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/text.hpp"

#include <string>
#include <type_traits>
#include <vector>

namespace nnref::ch03 {

namespace {

/// One function at one point and step: smooth, S-shaped and polynomial functions, steps from
/// coarse (where truncation shows) to fine.
struct Case {
    std::string name;
    RealFunction f;
    ComplexFunction fc;  // the same function for complex arguments
    real x;
    real h;
};

const auto exp_sin = [](const auto& x) { return exp(x) * sin(x); };
const auto sigmoid = [](const auto& x) {
    using X = std::remove_cvref_t<decltype(x)>;
    return X(1) / (X(1) + exp(-x));
};
const auto cubic = [](const auto& x) {
    using X = std::remove_cvref_t<decltype(x)>;
    return x * x * x - X(2) * x;
};
const auto log_bump = [](const auto& x) {
    using X = std::remove_cvref_t<decltype(x)>;
    return log(X(1) + x * x);
};

/// Cases for the real differences (exercises 3.1 and 3.3).
std::vector<Case> real_cases() {
    return {
        {"f = e^x sin x", exp_sin, exp_sin, real(1), real("1e-3")},
        {"f = sigmoid", sigmoid, sigmoid, real(-2), real("0.01")},
        {"f = x^3 - 2x", cubic, cubic, real("0.5"), real("0.25")},
        {"f = log(1 + x^2)", log_bump, nullptr, real(3), real("1e-8")},
        {"f = e^x sin x", exp_sin, exp_sin, real("-0.7"), real("0.1")},
    };
}

/// Cases for the complex step (exercise 3.4): tiny steps, and one coarse one where the
/// O(h²) term shows.
std::vector<Case> complex_cases() {
    return {
        {"f = e^z sin z", exp_sin, exp_sin, real(1), real("1e-20")},
        {"f = sigmoid", sigmoid, sigmoid, real(-2), real("1e-30")},
        {"f = z^3 - 2z", cubic, cubic, real("0.5"), real("1e-3")},
        {"f = e^z sin z", exp_sin, exp_sin, real("-0.7"), real("0.1")},
    };
}

std::string where(const Case& c) {
    return c.name + ", x=" + to_short_string(c.x) + ", h=" + to_short_string(c.h);
}

}  // namespace

exercise::Result check_central_difference(
    const std::function<real(const RealFunction&, const real&, const real&)>& answer) {
    std::vector<exercise::Comparison> results;
    for (const Case& c : real_cases()) {
        results.push_back({where(c),
                           {exercise::call(where(c), answer, c.f, c.x, c.h)},
                           {central_difference(c.f, c.x, c.h)}});
    }
    return exercise::compare(results);
}

exercise::Result check_best_central_step(
    const std::function<real(const real&, const real&, const real&)>& answer) {
    struct Model {
        std::string name;
        real eps, f_value, f_third;
    };
    const real e = exp(real(1));
    const std::vector<Model> models = {
        {"f64, f = e^x sin x at 1", real(epsilon<f64>()), e * sin(real(1)),
         real(2) * e * (cos(real(1)) - sin(real(1)))},
        {"hp50, |f| = |f'''| = 1", epsilon<real>(), real(1), real(1)},
        {"eps = 1e-30, f = 0.5, f''' = -8", real("1e-30"), real("0.5"), real(-8)},
        {"f64, f = 100, f''' = 1e-4", real(epsilon<f64>()), real(100), real("1e-4")},
    };
    std::vector<exercise::Comparison> results;
    for (const Model& m : models) {
        const std::string where =
            cat("eps=", m.eps, ", f_value=", m.f_value, ", f_third=", m.f_third, " (", m.name, ")");
        results.push_back({where,
                           {exercise::call(where, answer, m.eps, m.f_value, m.f_third)},
                           {central_step_from_model(m.eps, m.f_value, m.f_third)}});
    }
    return exercise::compare(results);
}

exercise::Result check_richardson(
    const std::function<real(const RealFunction&, const real&, const real&)>& answer) {
    std::vector<exercise::Comparison> results;
    for (const Case& c : real_cases()) {
        results.push_back({where(c),
                           {exercise::call(where(c), answer, c.f, c.x, c.h)},
                           {richardson(c.f, c.x, c.h)}});
    }
    return exercise::compare(results);
}

exercise::Result check_complex_step(
    const std::function<real(const ComplexFunction&, const real&, const real&)>& answer) {
    std::vector<exercise::Comparison> results;
    for (const Case& c : complex_cases()) {
        results.push_back({where(c),
                           {exercise::call(where(c), answer, c.fc, c.x, c.h)},
                           {complex_step(c.fc, c.x, c.h)}});
    }
    return exercise::compare(results);
}

/// Chapter 3's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"3.1", "the central difference",
         "one evaluation of f on each side of x, at the same distance h; mind how far apart the "
         "two points are",
         [] { return check_central_difference(ex_central_difference); }},
        {"3.2", "the best central step from the error model",
         "the truncation term grows like h² and the round-off term like 1/h: set dE/dh = 0 and "
         "solve for h (a cube root, in which |f| and |f'''| both count)",
         [] { return check_best_central_step(ex_best_central_step); }},
        {"3.3", "one Richardson step",
         "D(h) = f' + c h² + O(h⁴), and D(h/2) has the same c with a quarter of the h²: weigh "
         "the two so that c cancels and f' comes out once",
         [] { return check_richardson(ex_richardson); }},
        {"3.4", "the complex-step derivative",
         "Taylor: f(x + ih) = f(x) + ih f'(x) − h² f''(x)/2 − …, so f' sits in the imaginary "
         "part; nothing is subtracted, which is why h can be tiny",
         [] { return check_complex_step(ex_complex_step); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch03
