/// \file
/// \brief How chapter 6's exercises are judged: against the chapter's descent loop, an exact
///        enumeration of every mini-batch, and the iteration itself.
#include "06-descent/descent.hpp"
#include "06-descent/exercises.hpp"
#include "nnref/chapter/exercise.hpp"
#include "nnref/core/text.hpp"

#include <bit>
#include <string>

namespace nnref::ch06 {

namespace {

using Vec = std::vector<real>;

/// The variance of the mean of a random B-subset of `values`, by visiting every subset.
real enumerated_variance(const Vec& values, std::size_t B) {
    const std::size_t N = values.size();
    real count = 0, sum = 0, sum2 = 0;
    for (unsigned mask = 0; mask < (1u << N); ++mask) {
        if (static_cast<std::size_t>(std::popcount(mask)) != B) {
            continue;
        }
        real mean = 0;
        for (std::size_t i = 0; i < N; ++i) {
            mean += (mask >> i) & 1u ? values[i] : real(0);
        }
        mean /= real(B);
        count += 1;
        sum += mean;
        sum2 += mean * mean;
    }
    const real m = sum / count;
    return sum2 / count - m * m;
}

/// A matrix as the reports show it, row by row: "((1, 2), (3, 4))".
std::string text(const Matrix<real>& M) {
    std::vector<std::string> rows;
    for (std::size_t r = 0; r < M.rows(); ++r) {
        std::vector<real> row(M.cols());
        for (std::size_t c = 0; c < M.cols(); ++c) {
            row[c] = M(r, c);
        }
        rows.push_back(exercise::text(row));
    }
    return cat("(", join(rows, ", "), ")");
}

}  // namespace

exercise::Result check_linear_step(
    const std::function<Vec(const Vec&, const Matrix<real>&, const Vec&, const real&)>& f) {
    std::vector<exercise::Comparison> cases;
    Rng rng(61);
    for (const std::size_t B : {1, 3, 5}) {
        Matrix<real> X(B, 2), Y(B, 1);
        Vec y(B);
        for (std::size_t n = 0; n < B; ++n) {
            X(n, 0) = rng.uniform(real(-2), real(2));
            X(n, 1) = rng.uniform(real(-2), real(2));
            y[n] = Y(n, 0) = rng.uniform(real(-1), real(1));
        }
        const Vec theta = {real("0.5"), real("-0.25"), real("0.125")};
        const real lr = real("0.1");
        // The reference: the chapter's loop, one batch step on the linear model.
        MLP<real> net({2, 1}, {Activation::identity}, Loss::mse);
        net.set_parameters(theta);
        DescentOptions<real> options;
        options.variant = Variant::batch;
        options.lr = lr;
        options.epochs = 1;
        descend(net, X, Y, options);
        const std::string where = cat("theta=", exercise::text(theta), ", X=", text(X),
                                      ", y=", exercise::text(y), ", lr=", lr, " (B=", B, ")");
        cases.push_back({where, exercise::call(where, f, theta, X, y, lr), net.parameters()});
    }
    return exercise::compare(cases);
}

exercise::Result check_batch_mean_variance(const std::function<real(const Vec&, std::size_t)>& f) {
    const Vec values = {real(3), real(-1), real("0.5"), real(7), real(2), real("-2.5")};
    std::vector<exercise::Comparison> cases;
    for (std::size_t B = 1; B <= values.size(); ++B) {
        const std::string where = cat("values=", exercise::text(values), ", B=", B);
        cases.push_back(
            {where, {exercise::call(where, f, values, B)}, {enumerated_variance(values, B)}});
    }
    return exercise::compare(cases);
}

exercise::Result check_largest_stable_lr(const std::function<real(const real&)>& f) {
    std::vector<exercise::Comparison> cases;
    for (const real& a : {real(1), real(4), real("0.01"), real(100)}) {
        // θ_k = (1 − lr a)^k θ_0: the bound is where |1 − lr a| reaches 1.
        const std::string where = cat("a=", a);
        cases.push_back({where, {exercise::call(where, f, a)}, {real(2) / a}});
    }
    return exercise::compare(cases);
}

/// Chapter 6's exercises, judging the answers linked into this build (stubs or solutions).
/// \return one entry per exercise, in order
//! [exercise-list]
std::vector<exercise::Exercise> exercises() {
    return {
        {"6.1", "one mini-batch step by hand (linear model)",
         "L is a mean over the batch, so its gradient is the mean of the examples' gradients; the "
         "square brings a factor 2, b's input is 1, and every gradient uses θ from before the step",
         [] { return check_linear_step(ex_linear_step); }},
        {"6.2", "the variance of a mini-batch mean",
         "with replacement the draws would be independent, giving σ²/B; without, each draw still "
         "has variance σ², but two different draws have covariance −σ²/(N − 1): sum the B × B "
         "covariances, divide by B², and check that B = N gives 0",
         [] { return check_batch_mean_variance(ex_batch_mean_variance); }},
        {"6.3", "the largest stable learning rate",
         "f'(θ) = aθ, so one step multiplies θ by the same factor every time; the iteration "
         "converges from every start exactly when that factor's magnitude is below 1",
         [] { return check_largest_stable_lr(ex_largest_stable_lr); }},
    };
}
//! [exercise-list]

}  // namespace nnref::ch06
