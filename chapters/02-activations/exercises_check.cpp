/// \file
/// \brief How chapter 2's exercises are judged: with the 50-digit derivative checker against
///        the chapter's activations.
#include "02-activations/activations.hpp"
#include "02-activations/exercises.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/text.hpp"
#include "nnref/gradcheck/check.hpp"

#include <string>

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
    // The checker varies x; the answer sees only a = tanh(x). One check per point, so that
    // the report can name both.
    auto th = [](const real& x) { return tanh_activation(x); };
    auto df = [&f](const real& x) {
        const real a = tanh_activation(x);
        return exercise::call(cat("a=", a), f, a);
    };
    exercise::Worst worst;
    for (const real& x : grid()) {
        if (!worst.add(exercise::from_report(check_derivative(th, df, x), "x",
                                             cat("a=tanh(x)=", tanh_activation(x))))) {
            break;
        }
    }
    return worst.result;
}

exercise::Result check_softmax_jacobian_diagonal(const std::function<Vec(const Vec&)>& f) {
    exercise::Worst worst;
    for (const Vec& z : score_vectors()) {
        const Vec diag = exercise::expect_entries(text(z), exercise::call(text(z), f, z), z.size());
        // ∂p_i/∂z_i, numerically, one score at a time.
        for (std::size_t i = 0; i < z.size(); ++i) {
            auto p_i = [&z, i](const real& t) {
                Vec moved = z;
                moved[i] = t;
                return softmax(moved)[i];
            };
            auto yours_i = [&diag, i](const real&) { return diag[i]; };
            if (!worst.add(exercise::from_report(check_derivative(p_i, yours_i, z[i]),
                                                 cat("z[", i, "]"), text(z)))) {
                return worst.result;
            }
        }
    }
    return worst.result;
}

exercise::Result check_gelu_derivative(const std::function<real(const real&)>& f) {
    auto g = [](const real& x) { return gelu_erf(x); };
    auto df = [&f](const real& x) { return exercise::call(cat("x=", x), f, x); };
    return exercise::from_report(check_derivative(g, df, grid()), "x", "");
}

exercise::Result check_silu_derivative(const std::function<real(const real&)>& f) {
    auto g = [](const real& x) { return silu(x); };
    auto df = [&f](const real& x) { return exercise::call(cat("x=", x), f, x); };
    return exercise::from_report(check_derivative(g, df, grid()), "x", "");
}

exercise::Result check_softmax_vjp(const std::function<Vec(const Vec&, const Vec&)>& f) {
    exercise::Worst worst;
    for (const Vec& z : score_vectors()) {
        auto forward = [](const Vec& v) { return softmax(v); };
        auto backward = [&f](const Vec& v, const Vec& dp) {
            const Vec p = softmax(v);
            const std::string at = cat("p=", exercise::text(p), ", dp=", exercise::text(dp));
            return exercise::expect_entries(at, exercise::call(at, f, p, dp), v.size());
        };
        if (!worst.add(exercise::from_report(check_vjp(forward, backward, z), "dz",
                                             text(z) + ", a random dp"))) {
            break;
        }
    }
    return worst.result;
}

/// Chapter 2's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"2.1", "tanh' in terms of the output",
         "tanh = sinh / cosh: the quotient rule gives 1 / cosh², and cosh² − sinh² = 1 turns that "
         "into an expression in a = tanh(x) alone",
         [] { return check_tanh_derivative_from_output(ex_tanh_derivative_from_output); }},
        {"2.2", "the softmax Jacobian's diagonal",
         "z_i appears in the numerator of p_i = e^{z_i} / Σ_j e^{z_j} and in the sum below it: "
         "apply the quotient rule, then write the result with p_i alone",
         [] { return check_softmax_jacobian_diagonal(ex_softmax_jacobian_diagonal); }},
        {"2.3", "GELU's derivative (exact, erf form)",
         "product rule on x Φ(x): Φ' is the standard normal density, Φ'(x) = e^{-x²/2} / √(2π), "
         "and Φ itself is erfc(−x/√2) / 2",
         [] { return check_gelu_derivative(ex_gelu_derivative); }},
        {"2.4", "SiLU's derivative",
         "product rule on x σ(x): both factors depend on x, and σ' is exercise 1.2's",
         [] { return check_silu_derivative(ex_silu_derivative); }},
        {"2.5", "softmax's backward pass (VJP)",
         "dz_j = Σ_i dp_i ∂p_i/∂z_j, and every p_i depends on every z_j: "
         "∂p_i/∂z_j = p_i(δ_ij − p_j); the sum has a part shared by all j, to compute once",
         [] { return check_softmax_vjp(ex_softmax_vjp); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch02
