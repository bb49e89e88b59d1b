/// \file
/// \brief How chapter 2's exercises are judged: with the 50-digit derivative checker against
///        the chapter's activations.
#include "02-activations/activations.hpp"
#include "02-activations/exercises.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/gradcheck/check.hpp"

namespace nnref::ch02 {

namespace {

using Vec = std::vector<real>;

/// Linear, curved and moderately saturated points on both sides of 0.
Vec grid() {
    return {real(-6), real(-3), real(-1), real("-0.3"), real(0), real("0.4"), real(1), real(3), real(6)};
}

/// Score vectors for the softmax exercises: mixed signs, a near tie, a dominant score.
std::vector<Vec> score_vectors() {
    return {{real("0.3"), real(-1), real(2), real("-0.5")},
            {real(1), real("1.001"), real(-2)},
            {real(5), real(0), real(-3), real(1), real("0.25")}};
}

std::string text(const Vec& v) { return "z=" + exercise::text(v); }

}  // namespace

exercise::Result check_tanh_derivative_from_output(const std::function<real(const real&)>& f) {
    auto th = [](const real& x) { return tanh_activation(x); };
    auto df = [&f](const real& x) { return f(tanh_activation(x)); };
    return exercise::from_report(check_derivative(th, df, grid()), "",
                                 "differentiate tanh = sinh/cosh, then write cosh² with tanh");
}

exercise::Result check_softmax_jacobian_diagonal(const std::function<Vec(const Vec&)>& f) {
    double digits = decimal_digits<real>();
    for (const Vec& z : score_vectors()) {
        const Vec diag = f(z);
        if (diag.size() != z.size()) {
            return {exercise::Outcome::wrong, 0,
                    "at " + text(z) + ": your diagonal has " + std::to_string(diag.size()) +
                        " entries, expected " + std::to_string(z.size()),
                    ""};
        }
        // ∂p_i/∂z_i, numerically, one score at a time.
        for (std::size_t i = 0; i < z.size(); ++i) {
            auto p_i = [&z, i](const real& t) {
                Vec moved = z;
                moved[i] = t;
                return softmax(moved)[i];
            };
            auto yours_i = [&diag, i](const real&) { return diag[i]; };
            const Report<real> r = check_derivative(p_i, yours_i, z[i]);
            auto res = exercise::from_report(
                r, text(z) + ", entry [" + std::to_string(i) + "]",
                "apply the quotient rule to e^{z_i} / Σ_j e^{z_j}, then write it with p_i");
            if (res.outcome != exercise::Outcome::passed) {
                return res;
            }
            digits = std::min(digits, res.digits);
        }
    }
    return {exercise::Outcome::passed, digits, "", ""};
}

exercise::Result check_gelu_derivative(const std::function<real(const real&)>& f) {
    auto g = [](const real& x) { return gelu_erf(x); };
    auto df = [&f](const real& x) { return f(x); };
    return exercise::from_report(check_derivative(g, df, grid()), "",
                                 "product rule on x Φ(x); Φ' is the normal density "
                                 "e^{-x²/2}/√(2π)");
}

exercise::Result check_silu_derivative(const std::function<real(const real&)>& f) {
    auto g = [](const real& x) { return silu(x); };
    auto df = [&f](const real& x) { return f(x); };
    return exercise::from_report(check_derivative(g, df, grid()), "",
                                 "product rule on x σ(x), with σ' = σ(1 − σ)");
}

exercise::Result check_softmax_vjp(const std::function<Vec(const Vec&, const Vec&)>& f) {
    double digits = decimal_digits<real>();
    for (const Vec& z : score_vectors()) {
        auto forward = [](const Vec& v) { return softmax(v); };
        auto backward = [&f](const Vec& v, const Vec& dp) { return f(softmax(v), dp); };
        const auto res = exercise::from_report(
            check_vjp(forward, backward, z), text(z),
            "dz_j = Σ_i dp_i ∂p_i/∂z_j, with ∂p_i/∂z_j = p_i(δ_ij − p_j); the off-diagonal "
            "terms matter");
        if (res.outcome != exercise::Outcome::passed) {
            return res;
        }
        digits = std::min(digits, res.digits);
    }
    return {exercise::Outcome::passed, digits, "", ""};
}

/// Chapter 2's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"2.1", "tanh' in terms of the output", "", [] { return check_tanh_derivative_from_output(ex_tanh_derivative_from_output); }},
        {"2.2", "the softmax Jacobian's diagonal", "", [] { return check_softmax_jacobian_diagonal(ex_softmax_jacobian_diagonal); }},
        {"2.3", "GELU's derivative (exact, erf form)", "", [] { return check_gelu_derivative(ex_gelu_derivative); }},
        {"2.4", "SiLU's derivative", "", [] { return check_silu_derivative(ex_silu_derivative); }},
        {"2.5", "softmax's backward pass (VJP)", "", [] { return check_softmax_vjp(ex_softmax_vjp); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch02
