/// \file
/// \brief Chapter 4 demo: MSE against BCE on one prediction and through a sigmoid, the losses
///        as curves, stable forms from logits, softmax with cross-entropy fused, and bad input.
///
/// Run it with `nnref demo 4`. It writes loss_vs_prediction.csv, loss_gradient_logit.csv and
/// loss_huber.csv, which the book plots.
#include "04-losses/losses.hpp"
#include "nnref/chapter/demo.hpp"
#include "nnref/gradcheck/check.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace nnref::ch04 {

namespace {

/// A batch of one example with one output, so no 1/(BK) factor appears.
Matrix<f64> single(f64 v) {
    return Matrix<f64>{{v}};
}

/// The logit of a probability: the z with σ(z) = p.
f64 logit(f64 p) {
    return std::log(p / (1 - p));
}

/// A number in a fixed-width column; NaN as "nan" (its sign and spelling differ between
/// machines).
std::string num(f64 v, int precision = 4) {
    if (std::isnan(v)) {
        return "nan";
    }
    std::ostringstream s;
    s << std::fixed << std::setprecision(precision) << v;
    return s.str();
}

std::string sci(f64 v, int precision = 2) {
    if (std::isnan(v)) {
        return "nan";
    }
    std::ostringstream s;
    s << std::scientific << std::setprecision(precision) << v;
    return s.str();
}

void worked_example(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "1. One prediction, two losses: y_hat = 0.6 when the truth is y = 1\n\n";
    //! [worked-example]
    const Matrix<f64> y_hat = single(0.6);
    const Matrix<f64> y = single(1.0);
    const f64 z = logit(0.6);  // the output unit's input: sigmoid(z) = 0.6
    const f64 mse_loss = mse(y_hat, y);
    const f64 bce_loss = bce(y_hat, y);
    const f64 mse_dy_hat = mse_gradient(y_hat, y)[0];
    const f64 bce_dy_hat = bce_gradient(y_hat, y)[0];
    // Through the sigmoid, by the chain rule: dL/dz = dL/dy_hat * sigma'(z).
    const f64 mse_dz = mse_dy_hat * sigmoid_derivative(z);
    const f64 bce_dz = bce_with_logits_gradient(single(z), y)[0];  // = y_hat - y
    //! [worked-example]
    out << "   The output unit is a sigmoid: y_hat = sigmoid(z) with z = logit(0.6) = " << num(z)
        << ",\n   and sigma'(z) = y_hat (1 - y_hat) = " << num(sigmoid_derivative(z)) << ".\n\n"
        << std::setw(44) << "MSE" << std::setw(12) << "BCE"
        << "\n"
        << "   " << std::left << std::setw(31) << "loss L" << std::right << std::setw(10)
        << num(mse_loss) << std::setw(12) << num(bce_loss) << "   (y_hat - y)^2  vs  -log y_hat\n"
        << "   " << std::left << std::setw(31) << "dL/dy_hat" << std::right << std::setw(10)
        << num(mse_dy_hat) << std::setw(12) << num(bce_dy_hat) << "   2(y_hat - y)   vs  -1/y_hat\n"
        << "   " << std::left << std::setw(31) << "dL/dz = dL/dy_hat * sigma'(z)" << std::right
        << std::setw(10) << num(mse_dz) << std::setw(12) << num(bce_dz)
        << "   -0.8 * 0.24    vs  y_hat - y\n\n"
        << "   BCE's -1/y_hat (in general (y_hat - y) / (y_hat (1 - y_hat))) cancels sigma'(z),\n"
        << "   leaving exactly y_hat - y = " << num(0.6 - 1.0)
        << ". MSE keeps the factor sigma'(z).\n\n";

    out << "   Now the output saturates: the further y_hat is from y = 1, the smaller "
           "sigma'(z).\n\n"
        << "        y_hat          z    sigma'(z)    MSE dL/dz    BCE dL/dz\n";
    for (f64 p : {0.6, 0.1, 0.01, 1e-4}) {
        const f64 zp = logit(p);
        const f64 mse_p = mse_gradient(single(p), y)[0] * sigmoid_derivative(zp);
        const f64 bce_p = bce_with_logits_gradient(single(zp), y)[0];
        out << "   " << std::setw(10) << sci(p, 1) << std::setw(11) << num(zp, 3) << std::setw(13)
            << sci(sigmoid_derivative(zp)) << std::setw(13) << sci(mse_p) << std::setw(13)
            << sci(bce_p) << "\n";
    }
    out << "\n   Under MSE the gradient through the sigmoid is 2(y_hat - y) sigma'(z): it "
           "vanishes\n"
        << "   as the unit saturates, just when the prediction is most wrong, and learning "
           "stalls.\n"
        << "   Under BCE it is y_hat - y, close to -1 however saturated the unit is: the worse "
           "the\n"
        << "   prediction, the larger the step. That is why classifiers pair a sigmoid (or a\n"
        << "   softmax) output with cross-entropy.\n\n";
}

void curves(const DemoContext& ctx) {
    auto& out = ctx.out;
    const Matrix<f64> one = single(1.0);
    out << "2. The losses as curves (loss_*.csv, plotted below)\n\n"
        << "   For y = 1:       y_hat      MSE      BCE   MSE dL/dy_hat   BCE dL/dy_hat\n";
    for (f64 p : {0.01, 0.1, 0.5, 0.9, 0.99}) {
        out << "   " << std::setw(19) << p << std::setw(9) << num(mse(single(p), one))
            << std::setw(9) << num(bce(single(p), one)) << std::setw(16)
            << num(mse_gradient(single(p), one)[0]) << std::setw(16)
            << num(bce_gradient(single(p), one)[0]) << "\n";
    }
    out << "   MSE never exceeds 1 here; BCE grows without bound as y_hat -> 0.\n\n";

    const Matrix<f64> zero = single(0.0);
    out << "   Huber (delta = 1) against r^2/2 and |r|, with their derivatives:\n\n"
        << "          r    r^2/2      |r|    huber   d r^2/2   d |r|   d huber\n";
    for (f64 r : {0.5, 1.0, 2.0, 5.0}) {
        out << "   " << std::setw(8) << num(r, 1) << std::setw(9) << num(r * r / 2, 3)
            << std::setw(9) << num(std::abs(r), 3) << std::setw(9) << num(huber(single(r), zero), 3)
            << std::setw(10) << num(r, 1) << std::setw(8) << num(1.0, 1) << std::setw(10)
            << num(huber_gradient(single(r), zero)[0], 1) << "\n";
    }
    out << "   An outlier with r = 5 pulls on squared error with slope 5, on Huber with slope\n"
        << "   delta = 1; near 0 Huber is smooth, unlike |r|.\n\n";

    // The figures' data.
    std::ofstream pred = open_output(ctx, "loss_vs_prediction.csv");
    pred << "y_hat mse bce d_mse d_bce\n" << std::setprecision(8);
    for (int k = 1; k < 200; ++k) {
        const f64 p = k / 200.0;
        pred << p << " " << mse(single(p), one) << " " << bce(single(p), one) << " "
             << mse_gradient(single(p), one)[0] << " " << bce_gradient(single(p), one)[0] << "\n";
    }
    std::ofstream logit_csv = open_output(ctx, "loss_gradient_logit.csv");
    logit_csv << "z d_mse_sigmoid d_bce_logits\n" << std::setprecision(8);
    for (int k = -160; k <= 160; ++k) {
        const f64 z = k / 20.0;
        logit_csv << z << " " << mse_gradient(single(sigmoid(z)), one)[0] * sigmoid_derivative(z)
                  << " " << bce_with_logits_gradient(single(z), one)[0] << "\n";
    }
    std::ofstream huber_csv = open_output(ctx, "loss_huber.csv");
    huber_csv << "r huber squared absolute d_huber d_squared d_absolute\n" << std::setprecision(8);
    for (int k = -120; k <= 120; ++k) {
        const f64 r = k / 40.0;
        huber_csv << r << " " << huber(single(r), zero) << " " << r * r / 2 << " " << std::abs(r)
                  << " " << huber_gradient(single(r), zero)[0] << " " << r << " "
                  << (r > 0   ? 1
                      : r < 0 ? -1
                              : 0)
                  << "\n";
    }
}

void stability(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "3. Logits of +-1000 in double: the probability forms fail, the logit forms do not\n\n"
        << "   " << std::left << std::setw(50) << "" << std::right << std::setw(10) << "naive"
        << std::setw(10) << "stable"
        << "\n";
    auto show = [&out](const std::string& what, f64 naive, f64 stable) {
        out << "   " << std::left << std::setw(50) << what << std::right << std::setw(10)
            << num(naive, 0) << std::setw(10) << num(stable, 0) << "\n";
    };
    const Matrix<f64> Z = {{1000.0, -1000.0}};
    show("BCE, z = -1000, y = 1:  -log sigmoid(z)", -std::log(sigmoid(-1000.0)),
         bce_with_logits(single(-1000.0), single(1.0)));
    show("BCE, z = 1000, y = 0:   bce(sigmoid(z), y)", bce(single(sigmoid(1000.0)), single(0.0)),
         bce_with_logits(single(1000.0), single(0.0)));
    show("BCE, z = 1000, y = 1:   log(1 + e^z) - y z", softplus_naive(1000.0) - 1000.0,
         bce_with_logits(single(1000.0), single(1.0)));
    show("CE, z = (1000, -1000), class 1: -log softmax_naive",
         -std::log(softmax_naive(row(Z, 0))[1]), softmax_cross_entropy(Z, {1}));
    show("CE, z = (1000, -1000), class 0: -log softmax_naive",
         -std::log(softmax_naive(row(Z, 0))[0]), softmax_cross_entropy(Z, {0}));
    show("CE, class 1: cross_entropy(softmax_rows(Z), 1)", cross_entropy(softmax_rows(Z), {1}),
         softmax_cross_entropy(Z, {1}));
    const Matrix<f64> dZ = softmax_cross_entropy_gradient(Z, {1});
    out << "\n   e^1000 overflows to inf (inf / inf = nan), and e^-1000 underflows to 0, so "
           "sigmoid\n"
        << "   and softmax round to exactly 0 and 1, whose log is -inf. Even the stable softmax "
           "of\n"
        << "   chapter 2 does not help once its output is a probability: p_1 = e^-2000 is 0 in\n"
        << "   double. The logit forms never build that probability: BCE is softplus(z) - y z and\n"
        << "   CE is lse(z) - z_c. Their gradients stay finite too: for class 1, dZ = ("
        << num(dZ(0, 0), 0) << ", " << num(dZ(0, 1), 0) << ").\n\n";
}

void fused(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "4. Softmax and cross-entropy fused: dL/dZ = (P - Y) / B\n\n";
    //! [fused]
    const Matrix<hp50> Z = {{hp50(2), hp50(1), hp50("0.1")}, {hp50(-1), hp50("0.5"), hp50(3)}};
    const std::vector<int> labels = {0, 2};
    const Matrix<hp50> dZ = softmax_cross_entropy_gradient(Z, labels);  // (P - Y) / B
    // The long way round: dL/dP of cross-entropy, then back through softmax (chapter 2).
    const Matrix<hp50> P = softmax_rows(Z);
    const Matrix<hp50> dP = cross_entropy_gradient(P, labels);  // -Y / (B P)
    Matrix<hp50> dZ_long(Z.rows(), Z.cols());
    for (std::size_t n = 0; n < Z.rows(); ++n) {
        const std::vector<hp50> dz = softmax_vjp(row(P, n), row(dP, n));
        for (std::size_t k = 0; k < Z.cols(); ++k) {
            dZ_long(n, k) = dz[k];
        }
    }
    //! [fused]
    out << std::fixed << std::setprecision(4)
        << "   Z = [[2, 1, 0.1], [-1, 0.5, 3]], labels (0, 2), B = 2\n";
    for (std::size_t n = 0; n < Z.rows(); ++n) {
        out << "   row " << n << ": p = (";
        for (std::size_t k = 0; k < Z.cols(); ++k) {
            out << (k ? ", " : "") << std::setw(7) << to_double(P(n, k));
        }
        out << ")   dz = (";
        for (std::size_t k = 0; k < Z.cols(); ++k) {
            out << (k ? ", " : "") << std::setw(7) << to_double(dZ(n, k));
        }
        out << ")\n";
    }
    out << "   Each dz is (p - y) / 2: the true class's entry is negative (raise its score), the\n"
        << "   others positive, and each row sums to 0.\n\n"
        << "   In hp50, against softmax_vjp(p, dp) applied to cross_entropy_gradient:\n";
    for (std::size_t n = 0; n < Z.rows(); ++n) {
        hp50 worst = 0;
        for (std::size_t k = 0; k < Z.cols(); ++k) {
            worst = std::max(worst, hp50(abs(dZ_long(n, k) - dZ(n, k)) / abs(dZ(n, k))));
        }
        out << "   row " << n << ": ";
        if (worst == 0) {
            out << "identical, to the last of the 50 digits\n";
        } else {
            const double digits =
                std::min<double>(decimal_digits<hp50>(), -std::log10(to_double(worst)));
            out << "the two agree to " << std::setprecision(1) << digits
                << " digits (largest relative difference " << sci(to_double(worst), 1) << ")\n";
        }
    }
    auto L = [&labels](const Matrix<hp50>& V) { return softmax_cross_entropy(V, labels); };
    out << "   and against the numerical gradient:\n   " << check_gradient(L, dZ, Z).summary()
        << "\n\n";
}

void bad_input(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "5. Bad input stops with a message naming the loss, the entry and the value\n\n";
    auto show = [&out](const std::string& call, const std::function<void()>& f) {
        out << "   " << call << "\n      ";
        try {
            f();
            out << "(no error)\n";
        } catch (const shape_error& e) {
            out << "shape_error: " << e.what() << "\n";
        } catch (const input_error& e) {
            out << "input_error: " << e.what() << "\n";
        } catch (const numeric_error& e) {
            out << "numeric_error: " << e.what() << "\n";
        }
    };
    const Matrix<f64> Z = {{2.0, 1.0, 0.1}, {-1.0, 0.5, 3.0}};
    const std::vector<int> out_of_range = {0, 3};
    const std::vector<int> one_too_many = {0, 2, 1};
    show("softmax_cross_entropy(Z, labels), Z 2x3, labels (0, 3):",
         [&] { softmax_cross_entropy(Z, out_of_range); });
    show("softmax_cross_entropy(Z, labels), Z 2x3, labels (0, 2, 1):",
         [&] { softmax_cross_entropy(Z, one_too_many); });
    show("mse(y_hat, y), y_hat 2x3 and y 3x2:", [&Z] { mse(Z, Matrix<f64>(3, 2)); });
    show("bce(y_hat, y) with y = 1.5:", [] {
        bce(Matrix<f64>{{0.5, 0.5}}, Matrix<f64>{{1.0, 1.5}});
    });
    show("bce_with_logits(Z, y) with a NaN logit:", [] {
        bce_with_logits(Matrix<f64>{{0.5}, {std::numeric_limits<f64>::quiet_NaN()}},
                        Matrix<f64>{{1.0}, {0.0}});
    });
    out << "\n";
}

}  // namespace

/// Runs the chapter 4 demo: MSE against BCE on one prediction, the losses and their gradients
/// as curves, stable forms from logits, softmax with cross-entropy fused (p − y), and bad input.
/// Writes loss_vs_prediction.csv, loss_gradient_logit.csv and loss_huber.csv.
/// \return 0 on success
int demo(const DemoContext& ctx) {
    ctx.out << "Chapter 4: loss functions and their gradients\n\n";
    worked_example(ctx);
    curves(ctx);
    stability(ctx);
    fused(ctx);
    bad_input(ctx);
    return 0;
}

}  // namespace nnref::ch04
