/// \file
/// \brief How chapter 5's exercises are judged: with the 50-digit checker against the
///        chapter's graph, dense layer and MLP.
#include "05-backprop/dense.hpp"
#include "05-backprop/exercises.hpp"
#include "05-backprop/mlp.hpp"
#include "nnref/chapter/exercise.hpp"
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
                             const std::string& expected) {
    return {exercise::Outcome::wrong, 0,
            "your " + what + " is " + yours + ", expected " + expected + " (shaped like " +
                (what == "dX" ? "X" : what == "dW" ? "W" : "b") + ")",
            "a gradient has the shape of the thing it belongs to"};
}

}  // namespace

exercise::Result check_output_delta(const std::function<real(const real&, const real&)>& f) {
    exercise::Worst v;
    for (const real& y : {real(1), real(0), real("0.3")}) {
        auto L = [&y](const real& z) {
            const real e = sigmoid(z) - y;
            return e * e;
        };
        auto delta = [&f, &y](const real& z) { return f(z, y); };
        const Vec zs = {real(-4), real(-1), real("-0.2"), real("0.5"), real(2), real(5)};
        if (!v.add(exercise::from_report(
                check_derivative(L, delta, zs), "y=" + to_short_string(y),
                "dL/da = 2(a − y), and a = σ(z) adds the factor σ'(z) = a(1 − a)"))) {
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
            const std::array<real, 2> d = f(ab[0], ab[1]);
            return Vec{d[0], d[1]};
        };
        if (!v.add(exercise::from_report(
                check_gradient(quotient, local, Vec{a, b}),
                "a=" + to_short_string(a) + ", b=" + to_short_string(b),
                "write v = a · b⁻¹; the derivative of b⁻¹ is −b⁻²"))) {
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
    const DenseGrads shapes = f(Mat(3, 2), X, W);
    if (shapes.dX.rows() != 3 || shapes.dX.cols() != 4) {
        return wrong_shape("dX", shapes.dX.shape(), "3x4");
    }
    if (shapes.dW.rows() != 4 || shapes.dW.cols() != 2) {
        return wrong_shape("dW", shapes.dW.shape(), "4x2");
    }
    if (shapes.db.size() != 2) {
        return wrong_shape("db", std::to_string(shapes.db.size()) + " entries", "2 entries");
    }
    const std::string where = "X 3x4, W 4x2, random dZ";
    // One check per gradient, each with its own random upstream dZ; stop at the first failure.
    const std::vector<std::function<exercise::Result()>> parts = {
        [&] {
            return exercise::from_report(
                check_vjp([&](const Mat& X_) { return dense_forward(X_, W, b).Z; },
                          [&](const Mat& X_, const Mat& dZ) { return f(dZ, X_, W).dX; }, X),
                "dX, " + where, "dX_ni = Σ_j dZ_nj W_ij, that is dX = dZ Wᵀ");
        },
        [&] {
            return exercise::from_report(
                check_vjp([&](const Mat& W_) { return dense_forward(X, W_, b).Z; },
                          [&](const Mat& W_, const Mat& dZ) { return f(dZ, X, W_).dW; }, W),
                "dW, " + where, "dW_ij = Σ_n X_ni dZ_nj, that is dW = Xᵀ dZ");
        },
        [&] {
            return exercise::from_report(
                check_vjp([&](const Vec& b_) { return dense_forward(X, W, b_).Z; },
                          [&](const Vec&, const Mat& dZ) { return f(dZ, X, W).db; }, b),
                "db, " + where, "b_j is added to every row, so db_j sums dZ_nj over the batch");
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
        auto yours = [&](const Vec& t) {
            const Vec g = f(t, x, y);
            if (g.size() != 9) {
                throw shape_error("your gradient has " + std::to_string(g.size()) +
                                  " entries; it needs 9, one per parameter in θ");
            }
            return g;
        };
        const std::string where = "x=(" + to_short_string(x[0]) + ", " + to_short_string(x[1]) +
                                  "), y=" + to_short_string(y) + " (θ index 0-3 W1, 4-5 b1, 6-7 w2, 8 b2)";
        if (!v.add(exercise::from_report(
                check_gradient(L, yours, theta), where,
                "δ2 = 2(ŷ − y) ŷ(1 − ŷ); the hidden deltas are δ2 · w2[j] · h_j(1 − h_j); each "
                "weight's gradient is its delta times its input"))) {
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
        {"5.1", "the output delta: sigmoid and squared error", "", [] { return check_output_delta(ex_output_delta); }},
        {"5.2", "the local derivatives of a division node", "", [] { return check_divide_local(ex_divide_local); }},
        {"5.3", "the dense layer's backward pass", "", [] { return check_dense_backward(ex_dense_backward); }},
        {"5.4", "backpropagation by hand through a 2-2-1 network", "", [] { return check_backprop_221(ex_backprop_221); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch05
