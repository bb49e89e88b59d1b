/// \file
/// \brief How chapter 5's exercises are judged: with the 50-digit checker against the
///        chapter's graph, dense layer and MLP.
#include "05-backprop/dense.hpp"
#include "05-backprop/exercises.hpp"
#include "05-backprop/mlp.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/text.hpp"
#include "nnref/gradcheck/check.hpp"

#include <algorithm>
#include <string>

namespace nnref::ch05 {

namespace {

using Vec = std::vector<real>;
using Mat = Matrix<real>;

Mat random_matrix(Rng& rng, std::size_t rows, std::size_t cols) {
    Mat M(rows, cols);
    for (std::size_t k = 0; k < M.size(); ++k) {
        M[k] = rng.uniform(real(-1), real(1));
    }
    return M;
}

exercise::Result wrong_shape(const std::string& what, const std::string& yours,
                             const std::string& expected, const std::string& like) {
    return {exercise::Outcome::wrong, 0,
            cat("your ", what, " is ", yours, ", expected ", expected, ", shaped like ", like)};
}

}  // namespace

exercise::Result check_output_delta(const std::function<real(const real&, const real&)>& f) {
    exercise::Worst v;
    for (const real& y : {real(1), real(0), real("0.3")}) {
        auto L = [&y](const real& z) {
            const real e = sigmoid(z) - y;
            return e * e;
        };
        auto delta = [&f, &y](const real& z) {
            return exercise::call(cat("z=", z, ", y=", y), f, z, y);
        };
        const Vec zs = {real(-4), real(-1), real("-0.2"), real("0.5"), real(2), real(5)};
        if (!v.add(exercise::from_report(check_derivative(L, delta, zs), "z", cat("y=", y)))) {
            break;
        }
    }
    return v.result;
}

exercise::Result check_divide_local(
    const std::function<std::array<real, 2>(const real&, const real&)>& f) {
    exercise::Worst v;
    for (const auto& [a, b] : std::vector<std::pair<real, real>>{
             {real(3), real(2)}, {real("-0.5"), real("0.25")}, {real(7), real(-3)}}) {
        auto quotient = [](const Vec& ab) { return ab[0] / ab[1]; };
        auto local = [&f](const Vec& ab) {
            const std::array<real, 2> d =
                exercise::call(cat("a=", ab[0], ", b=", ab[1]), f, ab[0], ab[1]);
            return Vec{d[0], d[1]};
        };
        if (!v.add(exercise::from_report(check_gradient(quotient, local, Vec{a, b}),
                                         "{dv/da, dv/db}", cat("a=", a, ", b=", b)))) {
            break;
        }
    }
    return v.result;
}

exercise::Result check_dense_backward(
    const std::function<DenseGrads(const Mat&, const Mat&, const Mat&)>& f) {
    Rng rng(55);
    const Mat X = random_matrix(rng, 3, 4);
    const Mat W = random_matrix(rng, 4, 2);
    const Vec b = {real("0.5"), real("-0.25")};
    const DenseGrads shapes = exercise::call("dZ = 0 (3x2), X 3x4, W 4x2", f, Mat(3, 2), X, W);
    if (shapes.dX.rows() != 3 || shapes.dX.cols() != 4) {
        return wrong_shape("dX", shapes.dX.shape(), "3x4", "X");
    }
    if (shapes.dW.rows() != 4 || shapes.dW.cols() != 2) {
        return wrong_shape("dW", shapes.dW.shape(), "4x2", "W");
    }
    if (shapes.db.size() != 2) {
        return wrong_shape("db", cat(shapes.db.size(), " entries"), "2 entries", "b");
    }
    const std::string where = "X 3x4, W 4x2, a random dZ (entries in row-major order)";
    // The student's backward pass on the checker's random dZ, named by its inputs.
    auto backward = [&f](const Mat& dZ, const Mat& X_, const Mat& W_) {
        return exercise::call(
            cat("a random dZ ", dZ.shape(), ", X ", X_.shape(), ", W ", W_.shape()), f, dZ, X_, W_);
    };
    // One check per gradient, each with its own random upstream dZ; stop at the first failure.
    const std::vector<std::function<exercise::Result()>> parts = {
        [&] {
            return exercise::from_report(
                check_vjp([&](const Mat& X_) { return dense_forward(X_, W, b).Z; },
                          [&](const Mat& X_, const Mat& dZ) { return backward(dZ, X_, W).dX; }, X),
                "dX", where);
        },
        [&] {
            return exercise::from_report(
                check_vjp([&](const Mat& W_) { return dense_forward(X, W_, b).Z; },
                          [&](const Mat& W_, const Mat& dZ) { return backward(dZ, X, W_).dW; }, W),
                "dW", where);
        },
        [&] {
            return exercise::from_report(
                check_vjp([&](const Vec& b_) { return dense_forward(X, W, b_).Z; },
                          [&](const Vec&, const Mat& dZ) { return backward(dZ, X, W).db; }, b),
                "db", where);
        },
    };
    exercise::Worst v;
    for (const auto& part : parts) {
        if (!v.add(part())) {
            break;
        }
    }
    return v.result;
}

exercise::Result check_backprop_221(
    const std::function<Vec(const Vec&, const std::array<real, 2>&, const real&)>& f) {
    exercise::Worst v;
    Rng rng(221);
    for (int trial = 0; trial < 3; ++trial) {
        MLP<real> net({2, 2, 1}, {Activation::sigmoid, Activation::sigmoid}, Loss::mse);
        Vec theta(9);
        for (auto& t : theta) {
            t = rng.uniform(real(-2), real(2));
        }
        const std::array<real, 2> x = {rng.uniform(real(-1), real(1)), rng.uniform(real(-1), real(1))};
        const real y = trial == 1 ? real(0) : real(1);
        const Mat X{{x[0], x[1]}}, Y{{y}};
        auto L = [&](const Vec& t) {
            MLP<real> moved = net;
            moved.set_parameters(t);
            return moved.loss(X, Y);
        };
        const std::string where = cat("x=(", x[0], ", ", x[1], "), y=", y);
        auto yours = [&](const Vec& t) {
            const std::string at = cat("θ=", exercise::text(t), ", ", where);
            return exercise::expect_entries(at, exercise::call(at, f, t, x, y), theta.size());
        };
        if (!v.add(exercise::from_report(check_gradient(L, yours, theta), "dL/dθ",
                                         where + " (θ index 0-3 W1, 4-5 b1, 6-7 w2, 8 b2)"))) {
            break;
        }
    }
    return v.result;
}

/// Chapter 5's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"5.1", "the output delta: sigmoid and squared error",
         "the chain rule through a = σ(z): δ = (dL/da)(da/dz); the square brings a factor down, "
         "and da/dz can be written with a itself",
         [] { return check_output_delta(ex_output_delta); }},
        {"5.2", "the local derivatives of a division node",
         "write v = a · b⁻¹: ∂v/∂a holds b fixed and ∂v/∂b holds a fixed; the derivative of b⁻¹ "
         "is −b⁻²",
         [] { return check_divide_local(ex_divide_local); }},
        {"5.3", "the dense layer's backward pass",
         "each gradient has the shape of what it belongs to (dX like X, dW like W, db like b); "
         "Z_nj = Σ_i X_ni W_ij + b_j, so an entry's gradient sums dZ_nj, times the factor that "
         "entry multiplies, over every Z_nj it appears in",
         [] { return check_dense_backward(ex_dense_backward); }},
        {"5.4", "backpropagation by hand through a 2-2-1 network",
         "run the forward pass first and keep h and y_hat; the output's δ = dL/dz goes back to "
         "each hidden unit through its weight w2[j] and its σ'; a parameter's gradient is the δ "
         "of the unit it feeds times its input (1 for a bias)",
         [] { return check_backprop_221(ex_backprop_221); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch05
