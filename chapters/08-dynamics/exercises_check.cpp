/// \file
/// \brief How chapter 8's exercises are judged: against chapter 1's sigmoid, the chapter's
///        init_limit, a numerical integral, and chapter 6's clip_by_norm, at 50 digits.
#include "02-activations/activations.hpp"
#include "06-descent/descent.hpp"
#include "08-dynamics/exercises.hpp"
#include "08-dynamics/init.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/text.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/quadrature/exp_sinh.hpp>

#include <string>
#include <utility>

namespace nnref::ch08 {

namespace {

using Vec = std::vector<real>;

/// E[relu(z)²] for z ~ N(0, v) by quadrature, without the closed form: relu(z) = 0 for z < 0,
/// so only [0, ∞) contributes, the half-line that exp_sinh is built for.
real relu_second_moment_by_quadrature(const real& variance,
                                      boost::math::quadrature::exp_sinh<real>& integrator) {
    const real density = real(1) / sqrt(real(2) * boost::math::constants::pi<real>() * variance);
    const auto integrand = [&](const real& z) {
        return z * z * density * exp(-z * z / (real(2) * variance));
    };
    return integrator.integrate(integrand, real("1e-45"));
}

}  // namespace

exercise::Result check_sigmoid_chain_bound(const std::function<real(std::size_t, const real&)>& f) {
    // σ' is largest at 0 (σ'(0) = 1/4); each layer multiplies by at most ‖W‖₂ σ'(0).
    const real max_derivative = sigmoid_derivative(real(0));
    const std::vector<std::pair<std::size_t, real>> points = {
        {0, real(1)}, {1, real(1)}, {3, real(2)}, {10, real(1)}, {10, real("2.5")}, {5, real(8)}};
    std::vector<exercise::Comparison> cases;
    for (const auto& [n, w] : points) {
        const std::string where = cat("n=", n, ", weight_norm=", w);
        cases.push_back(
            {where, {exercise::call(where, f, n, w)}, {pow(w * max_derivative, real(n))}});
    }
    return exercise::compare(cases);
}

exercise::Result check_xavier_uniform_limit(
    const std::function<real(std::size_t, std::size_t)>& f) {
    const std::vector<std::pair<std::size_t, std::size_t>> layers = {
        {784, 128}, {128, 128}, {10, 100}, {100, 10}, {1, 1}};
    std::vector<exercise::Comparison> cases;
    for (const auto& [fan_in, fan_out] : layers) {
        const std::string where = cat("fan_in=", fan_in, ", fan_out=", fan_out);
        cases.push_back({where,
                         {exercise::call(where, f, fan_in, fan_out)},
                         {init_limit<real>(Init::xavier_uniform, fan_in, fan_out, real(1))}});
    }
    return exercise::compare(cases);
}

exercise::Result check_relu_second_moment(const std::function<real(const real&)>& f) {
    boost::math::quadrature::exp_sinh<real> integrator;  // its nodes are reused for every v
    std::vector<exercise::Comparison> cases;
    for (const real& v : {real(1), real(1) / real(4), real(3), real(2) / real(7), real(100)}) {
        const std::string where = cat("variance=", v);
        const real yours = exercise::call(where, f, v);
        cases.push_back({where, {yours}, {v / real(2)}});
        cases.push_back({where + " (by quadrature of z² φ(z) over [0, ∞))", {yours},
                         {relu_second_moment_by_quadrature(v, integrator)}});
    }
    return exercise::compare(cases);
}

exercise::Result check_clip_by_norm(const std::function<Vec(const Vec&, const real&)>& f) {
    const std::vector<std::pair<Vec, real>> points = {
        {{real(3), real(4), real(12)}, real(5)},              // ‖g‖ = 13: clipped
        {{real(1), real(-2), real(2), real(4)}, real("0.5")},  // ‖g‖ = 5: clipped
        {{real("0.3"), real("-0.4")}, real(1)},                // ‖g‖ = 1/2: unchanged
        {{real(3), real(-4)}, real(5)},                        // exactly at the limit: unchanged
        {{real(-7)}, real(2)},                                 // one entry: its sign stays
    };
    std::vector<exercise::Comparison> cases;
    for (const auto& [g, c] : points) {
        Vec expected = g;
        clip_by_norm(expected, c);
        const std::string where = cat("g=", exercise::text(g), ", max_norm=", c);
        cases.push_back({where, exercise::call(where, f, g, c), expected});
    }
    return exercise::compare(cases);
}

/// Chapter 8's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"8.1", "how far n sigmoid layers can grow a gradient",
         "each layer multiplies the signal's norm by at most ‖W‖₂ · max σ'; find where "
         "σ' = σ(1 − σ), a product of two numbers that add up to 1, is largest; n = 0 layers "
         "leave the signal as it is",
         [] { return check_sigmoid_chain_bound(ex_sigmoid_chain_bound); }},
        {"8.2", "Xavier's uniform limit",
         "integrate x² against the density 1/(2a) over (−a, a) to get U(−a, a)'s variance (it is "
         "not a²), set it equal to Xavier's, which uses both fans, and solve for a",
         [] { return check_xavier_uniform_limit(ex_xavier_uniform_limit); }},
        {"8.3", "relu's second moment: why He doubles the variance",
         "relu(z)² is z² for z > 0 and 0 otherwise, and the normal density is symmetric about 0: "
         "what share of E[z²] = v comes from z > 0? This is the second moment, not the mean "
         "E[relu(z)]",
         [] { return check_relu_second_moment(ex_relu_second_moment); }},
        {"8.4", "clipping a gradient by its norm",
         "the norm is the square root of the sum of squares; only when it exceeds max_norm, "
         "scale every entry by one common factor, which keeps the direction; a short gradient "
         "comes back unchanged",
         [] { return check_clip_by_norm(ex_clip_by_norm); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch08
