/// \file
/// \brief How chapter 4's exercises are judged: derivatives with the 50-digit checker against
///        the chapter's losses, and the stable loss against the reference and at huge logits.
#include "04-losses/exercises.hpp"
#include "04-losses/losses.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/text.hpp"
#include "nnref/gradcheck/check.hpp"

#include <string>
#include <type_traits>
#include <vector>

namespace nnref::ch04 {

namespace {

using Vec = std::vector<real>;

/// A batch of one example with one output: the losses then have no 1/(BK) factor.
Matrix<real> single(const real& v) {
    return Matrix<real>{{v}};
}

/// The scores z as a batch of one example (a 1 × K matrix).
Matrix<real> one_row(const Vec& z) {
    Matrix<real> Z(1, z.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        Z(0, k) = z[k];
    }
    return Z;
}

std::string text(const Vec& v) { return "z=" + exercise::text(v); }

}  // namespace

exercise::Result check_bce_derivative(const std::function<real(const real&, const real&)>& f) {
    // Hard targets 1 and 0, and a soft one, where both terms of the loss count. The
    // predictions run from nearly right to badly wrong.
    struct Case {
        real y;
        Vec y_hat;
    };
    const std::vector<Case> cases = {
        {real(1), {real("0.6"), real("0.01"), real("0.3"), real("0.99")}},
        {real(0), {real("0.2"), real("0.9"), real("0.999")}},
        {real("0.25"), {real("0.1"), real("0.4"), real("0.8")}},
    };
    // The loss is bce's formula for one example, written for real and complex ŷ alike, so
    // that the complex-step method applies: it keeps ~50 digits at ŷ = 0.01 or 0.999, where
    // central differences fall to ~28 (their h² error grows near log's singularity).
    CheckOptions complex_step;
    complex_step.method = Method::complex_step;
    exercise::Worst worst;
    for (const Case& c : cases) {
        auto L = [&c](const auto& y_hat) {
            using Y = std::remove_cvref_t<decltype(y_hat)>;  // real, or complex for the step
            return -Y(c.y) * log(y_hat) - Y(real(1) - c.y) * log(Y(1) - y_hat);
        };
        auto dL = [&f, &c](const real& y_hat) {
            return exercise::call(cat("y_hat=", y_hat, ", y=", c.y), f, y_hat, c.y);
        };
        if (!worst.add(exercise::from_report(check_derivative(L, dL, c.y_hat, complex_step),
                                             "y_hat", cat("y=", c.y)))) {
            break;
        }
    }
    return worst.result;
}

exercise::Result check_softmax_ce_gradient(const std::function<Vec(const Vec&, int)>& f) {
    // Mixed signs, a near tie, and a dominant score that is the true class or is not.
    struct Case {
        Vec z;
        int c;
    };
    const std::vector<Case> cases = {
        {{real("0.3"), real(-1), real(2), real("-0.5")}, 0},
        {{real(1), real("1.001"), real(-2)}, 1},
        {{real(5), real(0), real(-3), real(1), real("0.25")}, 0},
        {{real(5), real(0), real(-3), real(1), real("0.25")}, 2},
        {{real("-0.7"), real("2.5")}, 1},
    };
    exercise::Worst worst;
    for (const Case& c : cases) {
        const std::string where = cat(text(c.z), ", c=", c.c);
        const Vec dz =
            exercise::expect_entries(where, exercise::call(where, f, c.z, c.c), c.z.size());
        auto L = [&c](const Vec& z) { return softmax_cross_entropy(one_row(z), {c.c}); };
        if (!worst.add(exercise::from_report(check_gradient(L, dz, c.z), "dz", where))) {
            break;
        }
    }
    return worst.result;
}

exercise::Result check_huber_derivative(const std::function<real(const real&, const real&)>& f) {
    // Both pieces on both sides, and the joins |r| = δ, where the two pieces meet.
    struct Case {
        real delta;
        Vec r;
    };
    const std::vector<Case> cases = {
        {real(1), {real(-3), real(-1), real("-0.4"), real("0.2"), real(1), real("2.5")}},
        {real("0.5"), {real(-2), real("-0.5"), real("0.1"), real("0.5"), real("0.75")}},
        {real(2), {real(-5), real("-1.5"), real("1.9"), real(2), real(7)}},
    };
    exercise::Worst worst;
    for (const Case& c : cases) {
        auto h = [&c](const real& r) { return huber(single(r), single(real(0)), c.delta); };
        auto dh = [&f, &c](const real& r) {
            return exercise::call(cat("r=", r, ", delta=", c.delta), f, r, c.delta);
        };
        if (!worst.add(
                exercise::from_report(check_derivative(h, dh, c.r), "r", cat("delta=", c.delta)))) {
            break;
        }
    }
    return worst.result;
}

exercise::Result check_bce_from_logit(const std::function<real(const real&, const real&)>& f) {
    // First the huge logits: a form that builds e^z or σ(z) overflows or takes log 0 there.
    const Vec huge = {real("1e10"), real("-1e10")};
    for (const real& z : huge) {
        for (const real& y : {real(0), real(1)}) {
            const std::string where = cat("z=", z, ", y=", y);
            const real yours = exercise::call(where, f, z, y);
            using boost::multiprecision::isfinite;
            if (!isfinite(yours)) {
                const real expected = bce_with_logits(single(z), single(y));
                return {exercise::Outcome::wrong, 0,
                        cat("at ", where, ": yours is ", yours, ", expected ", expected,
                            "; e^z overflows beyond z ≈ 1.49e9 in 50 digits (709.8 in double), "
                            "and σ(z) rounds to 0 or 1, whose log is −inf")};
            }
        }
    }
    // Then the value itself, to 50 digits, at huge and ordinary logits and soft targets.
    std::vector<exercise::Comparison> cases;
    const Vec zs = {real("1e10"), real("-1e10"), real(-40), real(-4), real("-0.5"),
                    real(0),      real("0.3"),   real(2),   real(40)};
    for (const real& z : zs) {
        for (const real& y : {real(0), real(1), real("0.3")}) {
            const std::string where = cat("z=", z, ", y=", y);
            cases.push_back(
                {where, {exercise::call(where, f, z, y)}, {bce_with_logits(single(z), single(y))}});
        }
    }
    return exercise::compare(cases);
}

/// Chapter 4's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"4.1", "dL/dy_hat of binary cross-entropy",
         "differentiate both terms: d log(ŷ)/dŷ = 1/ŷ, and the chain rule on log(1 − ŷ) brings a "
         "factor −1; with a soft target (0 < y < 1) both terms count",
         [] { return check_bce_derivative(ex_bce_derivative); }},
        {"4.2", "softmax + cross-entropy: dL/dz",
         "write −log p_c as log Σ_j e^{z_j} − z_c, and differentiate with respect to every z_k, "
         "not only z_c: the first part depends on all of them",
         [] { return check_softmax_ce_gradient(ex_softmax_ce_gradient); }},
        {"4.3", "the Huber loss's derivative",
         "differentiate each piece on its own: the quadratic one for |r| ≤ δ, the linear ones "
         "outside, where d|r|/dr is the sign of r; the two slopes meet at |r| = δ",
         [] { return check_huber_derivative(ex_huber_derivative); }},
        {"4.4", "binary cross-entropy from a logit, stably",
         "log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z); then write softplus(t) = "
         "log(1 + e^t) so that no exponent is ever positive (split off max(t, 0)), with log1p",
         [] { return check_bce_from_logit(ex_bce_from_logit); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch04
