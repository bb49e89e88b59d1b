/// \file
/// \brief How chapter 1's exercises are judged: against the reference code in neuron.hpp,
///        and, for derivatives, against the 50-digit numerical checker.
#include "01-neuron/exercises.hpp"
#include "01-neuron/neuron.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/text.hpp"
#include "nnref/gradcheck/check.hpp"

#include <string>

namespace nnref::ch01 {

namespace {

using Vec = std::vector<real>;

/// A few neurons to test answers on: small and large weights, both signs, exact decimals.
struct Case {
    Vec w;
    real b;
    Vec x;
};

std::vector<Case> cases() {
    return {
        {{real("0.5"), real("-1.25")}, real("0.25"), {real(1), real(2)}},
        {{real("0.1"), real("0.2"), real("0.3")}, real("-0.4"), {real("1.5"), real(-2), real("0.7")}},
        {{real(3), real(-2)}, real(1), {real("0.9"), real("-1.1")}},
        {{real("-0.03")}, real("2.5"), {real(7)}},
    };
}

std::string where(const Case& c) {
    return "w=" + exercise::text(c.w) + ", b=" + to_short_string(c.b) + ", x=" + exercise::text(c.x);
}

/// Runs one gradient check per case and keeps the worst: the first failure, or the pass with
/// the fewest digits agreed. `check_one` returns one case's report; `gradient` names the
/// answer in it ("da/dw" gives "da/dw[1]"), and `also` adds to the case's inputs.
template <class CheckOne>
exercise::Result worst_over_cases(CheckOne check_one, const std::string& gradient,
                                  const std::string& also = "") {
    exercise::Worst worst;
    for (const auto& c : cases()) {
        if (!worst.add(exercise::from_report(check_one(c), gradient, where(c) + also))) {
            break;
        }
    }
    return worst.result;
}

}  // namespace

exercise::Result check_pre_activation(
    const std::function<real(const Vec&, const real&, const Vec&)>& f) {
    std::vector<exercise::Comparison> results;
    for (const auto& c : cases()) {
        results.push_back(
            {where(c), {exercise::call(where(c), f, c.w, c.b, c.x)}, {dot(c.w, c.x) + c.b}});
    }
    return exercise::compare(results);
}

exercise::Result check_sigmoid_derivative(const std::function<real(const real&)>& f) {
    // Saturated, linear and in-between regions, on both sides of 0.
    const Vec points = {real(-20), real(-5), real(-1), real("-0.3"), real(0),
                        real("0.7"), real(3), real(12)};
    // σ is analytic, so the complex-step method applies: it has no cancellation and keeps
    // ~50 digits even where σ' is tiny next to σ ≈ 1 (z = 12), where central differences
    // fall to ~30.
    auto sigma = [](const auto& z) {
        using Z = std::remove_cvref_t<decltype(z)>;  // real, or complex for the step
        return Z(1) / (Z(1) + exp(-z));
    };
    auto df = [&f](const real& z) { return exercise::call(cat("z=", z), f, z); };
    CheckOptions complex_step;
    complex_step.method = Method::complex_step;
    return exercise::from_report(check_derivative(sigma, df, points, complex_step), "z", "");
}

exercise::Result check_neuron_da_dw(const std::function<Vec(const Vec&, const real&, const Vec&)>& f) {
    return worst_over_cases(
        [&f](const Case& c) {
            auto a_of_w = [&c](const Vec& w) { return neuron_forward(w, c.b, c.x).a; };
            const Vec da_dw = exercise::call(where(c), f, c.w, c.b, c.x);
            return check_gradient(a_of_w, exercise::expect_entries(where(c), da_dw, c.w.size()),
                                  c.w);
        },
        "da/dw");
}

exercise::Result check_perceptron_step(
    const std::function<void(Vec&, real&, const Vec&, int, const real&)>& f) {
    std::vector<exercise::Comparison> results;
    const real lr = real("0.5");
    // Each case: a mistake with y = 1, a mistake with y = 0, a correct prediction, and the
    // boundary z = 0 (H(0) = 1).
    const std::vector<std::pair<Case, int>> steps = {
        {{{real(-1), real(1)}, real(0), {real(2), real(1)}}, 1},
        {{{real(1), real(1)}, real("0.5"), {real(1), real(1)}}, 0},
        {{{real(1), real(-1)}, real(0), {real(2), real(1)}}, 1},
        {{{real(1), real(-1)}, real(-1), {real(2), real(1)}}, 0},
    };
    for (const auto& [c, y] : steps) {
        const std::string at = cat(where(c), ", y=", y, ", lr=", lr);
        Vec w = c.w;
        real b = c.b;
        exercise::call(at, f, w, b, c.x, y, lr);
        Perceptron<real> p{c.w, c.b};
        perceptron_update(p, c.x, y, lr);
        Vec yours = w;
        yours.push_back(b);
        Vec expected = p.w;
        expected.push_back(p.b);
        results.push_back({at + " (entries: w then b)", yours, expected});
    }
    return exercise::compare(results);
}

exercise::Result check_bce_dw(
    const std::function<Vec(const Vec&, const real&, const Vec&, const real&)>& f) {
    exercise::Worst worst;
    for (const real& y : {real(0), real(1), real("0.3")}) {
        const auto res = worst_over_cases(
            [&f, &y](const Case& c) {
                auto loss_of_w = [&](const Vec& w) { return bce_from_logit(dot(w, c.x) + c.b, y); };
                const std::string at = cat(where(c), ", y=", y);
                const Vec dl_dw = exercise::expect_entries(
                    at, exercise::call(at, f, c.w, c.b, c.x, y), c.w.size());
                return check_gradient(loss_of_w, dl_dw, c.w);
            },
            "dl/dw", cat(", y=", y));
        if (!worst.add(res)) {
            break;
        }
    }
    return worst.result;
}

/// Chapter 1's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"1.1", "the pre-activation z = w.x + b",
         "each input contributes its weight times its value; the bias is added once, not once "
         "per input",
         [] { return check_pre_activation(ex_pre_activation); }},
        {"1.2", "the sigmoid's derivative",
         "differentiate (1 + e^-z)^-1 with the chain rule, then write e^-z / (1 + e^-z) in terms "
         "of σ(z): the derivative needs no exponential of its own",
         [] { return check_sigmoid_derivative(ex_sigmoid_derivative); }},
        {"1.3", "derive da/dw for a sigmoid neuron",
         "a depends on w only through z, so ∂a/∂w_i = (da/dz)(∂z/∂w_i): what is ∂z/∂w_i for "
         "z = w·x + b, and da/dz is exercise 1.2's",
         [] { return check_neuron_da_dw(ex_neuron_da_dw); }},
        {"1.4", "one step of the perceptron rule",
         "predict first, with the w and b you were given (ŷ = 1 when z ≥ 0, else 0); when ŷ = y, "
         "y − ŷ is 0 and nothing changes; b moves like a weight whose input is always 1",
         [] { return check_perceptron_step(ex_perceptron_step); }},
        {"1.5", "the cross-entropy gradient dl/dw",
         "chain rule ℓ → a → z → w_i: dℓ/da from the loss, da/dz = σ'(z), ∂z/∂w_i = x_i; put "
         "dℓ/da over a common denominator and see what cancels",
         [] { return check_bce_dw(ex_bce_dw); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch01
