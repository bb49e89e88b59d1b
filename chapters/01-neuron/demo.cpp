/// \file
/// \brief Chapter 1 demo: one neuron by hand, checked at 50 digits; the perceptron on AND,
///        OR and XOR; a sigmoid neuron trained by gradient descent on iris.
///
/// Run it with `nnref demo 1`. The book runs it at build time, quotes its output, and plots
/// the CSV files it writes (see chapters/01-neuron/figures/*.gp).
#include "01-neuron/neuron.hpp"
#include "nnref/chapter/demo.hpp"
#include "nnref/gradcheck/check.hpp"
#include "nnref/io/csv.hpp"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <string>

namespace nnref::ch01 {

namespace {

std::ofstream open_csv(const DemoContext& ctx, const std::string& name, const std::string& header) {
    std::ofstream f = open_output(ctx, name);
    f << header << "\n";
    return f;
}

void by_hand(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "1. One neuron by hand\n"
        << "   w = (0.5, -1.25), b = 0.25, x = (1, 2)\n\n";
    //! [by-hand]
    const std::vector<f64> w = {0.5, -1.25};
    const std::vector<f64> x = {1.0, 2.0};
    const f64 b = 0.25;
    const NeuronCache<f64> fwd = neuron_forward(w, b, x);
    const NeuronGradients<f64> grad = neuron_backward(1.0, fwd);  // da = 1: gradients of a
    //! [by-hand]
    out << std::fixed << std::setprecision(6);
    out << "   i   w_i        x_i        w_i*x_i\n";
    for (std::size_t i = 0; i < w.size(); ++i) {
        out << "   " << i + 1 << std::setw(11) << w[i] << std::setw(11) << x[i] << std::setw(11)
            << w[i] * x[i] << "\n";
    }
    out << "   z = sum + b = " << fwd.z << "\n"
        << "   a = sigmoid(z) = " << fwd.a << "\n"
        << "   sigmoid'(z) = a(1 - a) = " << fwd.a * (1 - fwd.a) << "\n"
        << "   da/dw = sigmoid'(z) * x = (" << grad.dw[0] << ", " << grad.dw[1] << ")\n"
        << "   da/db = sigmoid'(z)     = " << grad.db << "\n"
        << "   da/dx = sigmoid'(z) * w = (" << grad.dx[0] << ", " << grad.dx[1] << ")\n\n";

    // The same gradients, checked against central differences in 50-digit arithmetic.
    out << "   The same gradients in hp50, checked numerically (digits agreed):\n";
    //! [check]
    const std::vector<hp50> w50 = {hp50("0.5"), hp50("-1.25")};
    const std::vector<hp50> x50 = {hp50(1), hp50(2)};
    const hp50 b50 = hp50("0.25");
    auto a_of_w = [&](const std::vector<hp50>& v) { return neuron_forward(v, b50, x50).a; };
    auto a_of_x = [&](const std::vector<hp50>& v) { return neuron_forward(w50, b50, v).a; };
    auto a_of_b = [&](const hp50& v) { return neuron_forward(w50, v, x50).a; };
    const auto g = neuron_backward(hp50(1), neuron_forward(w50, b50, x50));
    const Report<hp50> dw = check_gradient(a_of_w, g.dw, w50);
    const Report<hp50> dx = check_gradient(a_of_x, g.dx, x50);
    const Report<hp50> db = check_derivative(a_of_b, [&](const hp50&) { return g.db; }, b50);
    //! [check]
    out << std::setprecision(1);
    out << "   da/dw: " << dw.digits_agreed() << " digits   da/dx: " << dx.digits_agreed()
        << " digits   da/db: " << db.digits_agreed() << " digits   (a pass needs "
        << dw.digits_required() << ")\n\n";
    out << "   The checker's report for da/dw:\n" << dw.table() << "\n";
}

struct Gate {
    std::string name;
    std::vector<int> y;  // outputs for inputs (0,0), (0,1), (1,0), (1,1)
};

void perceptron_gates(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "2. The perceptron on AND, OR and XOR (lr = 1, w = 0, b = 0, at most 25 epochs)\n\n";
    const Matrix<f64> X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const std::vector<Gate> gates = {{"AND", {0, 0, 0, 1}}, {"OR", {0, 1, 1, 1}},
                                     {"XOR", {0, 1, 1, 0}}};
    auto points = open_csv(ctx, "gates.csv", "gate x1 x2 y");
    auto lines = open_csv(ctx, "gate_lines.csv", "gate x1_start x2_start x1_end x2_end");
    for (std::size_t g = 0; g < gates.size(); ++g) {
        Perceptron<f64> p{{0.0, 0.0}, 0.0};
        const PerceptronRun run = train_perceptron(p, X, gates[g].y, 1.0, 25);
        out << "   " << std::left << std::setw(4) << gates[g].name << std::right;
        if (run.converged) {
            out << " converged after " << run.epochs << " epochs: w = (" << p.w[0] << ", "
                << p.w[1] << "), b = " << p.b << "\n";
        } else {
            out << " did NOT converge in " << run.epochs << " epochs; mistakes per epoch:";
            for (std::size_t e = 0; e < 8; ++e) {
                out << " " << run.mistakes[e];
            }
            out << " ...\n";
        }
        for (std::size_t i = 0; i < X.rows(); ++i) {
            points << g << " " << X(i, 0) << " " << X(i, 1) << " " << gates[g].y[i] << "\n";
        }
        // The boundary w1 x1 + w2 x2 + b = 0, drawn across the plot from x1 = -0.5 to 1.5.
        if (p.w[1] != 0) {
            auto x2 = [&](f64 x1) { return -(p.w[0] * x1 + p.b) / p.w[1]; };
            lines << g << " -0.5 " << x2(-0.5) << " 1.5 " << x2(1.5) << "\n";
        } else if (p.w[0] != 0) {
            lines << g << " " << -p.b / p.w[0] << " -0.5 " << -p.b / p.w[0] << " 1.5\n";
        }
    }
    out << "\n   XOR never converges: no line separates {(0,1), (1,0)} from {(0,0), (1,1)}.\n"
        << "   A line would need b < 0 (for (0,0)), w1 + b >= 0 and w2 + b >= 0 (for the ones),\n"
        << "   so w1 + w2 + b >= -b > 0, which puts (1,1) on the wrong side. One neuron draws\n"
        << "   one line; XOR needs two, which is why chapter 5 stacks neurons into layers.\n\n";
}

void sigmoid_neuron_on_iris(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "3. A sigmoid neuron trained by gradient descent: iris setosa (0) vs versicolor (1)\n"
        << "   from sepal length and width, standardised; full batch, lr = 0.5, 200 epochs\n\n";
    const CsvTable<f64> iris = read_csv<f64>(ctx.data_dir / "iris.csv");
    const std::size_t c_len = iris.column("sepal_length");
    const std::size_t c_wid = iris.column("sepal_width");
    const std::size_t c_species = iris.column("species");

    // Keep the first two species; standardise each feature to mean 0, variance 1 so that
    // one learning rate suits both (chapter 6 returns to this).
    std::vector<std::vector<f64>> rows;
    std::vector<f64> y;
    for (std::size_t k = 0; k < iris.values.rows(); ++k) {
        if (iris.values(k, c_species) < 2) {
            rows.push_back({iris.values(k, c_len), iris.values(k, c_wid)});
            y.push_back(iris.values(k, c_species));
        }
    }
    f64 mean[2] = {0, 0};
    f64 sd[2] = {0, 0};
    for (const auto& r : rows) {
        mean[0] += r[0] / static_cast<f64>(rows.size());
        mean[1] += r[1] / static_cast<f64>(rows.size());
    }
    for (const auto& r : rows) {
        sd[0] += (r[0] - mean[0]) * (r[0] - mean[0]) / static_cast<f64>(rows.size());
        sd[1] += (r[1] - mean[1]) * (r[1] - mean[1]) / static_cast<f64>(rows.size());
    }
    sd[0] = std::sqrt(sd[0]);
    sd[1] = std::sqrt(sd[1]);
    Matrix<f64> X(rows.size(), 2);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        X(k, 0) = (rows[k][0] - mean[0]) / sd[0];
        X(k, 1) = (rows[k][1] - mean[1]) / sd[1];
    }

    //! [train-iris]
    const LogisticFit<f64> fit = train_logistic(X, y, 0.5, 200);
    //! [train-iris]

    out << std::setprecision(4);
    out << "   epoch   mean loss\n";
    auto loss_csv = open_csv(ctx, "iris_loss.csv", "epoch loss");
    for (std::size_t e = 0; e < fit.loss.size(); ++e) {
        loss_csv << e << " " << fit.loss[e] << "\n";
        if (e == 0 || e == 1 || e == 2 || e == 5 || e == 10 || e == 20 || e == 50 || e == 100 ||
            e == 200) {
            out << "   " << std::setw(5) << e << "   " << fit.loss[e] << "\n";
        }
    }
    std::size_t correct = 0;
    for (std::size_t k = 0; k < X.rows(); ++k) {
        const f64 a = sigmoid(dot(fit.w, row(X, k)) + fit.b);
        correct += (a >= 0.5) == (y[k] == 1) ? 1 : 0;
    }
    out << "   accuracy: " << correct << " / " << X.rows() << "\n";
    out << "   w = (" << fit.w[0] << ", " << fit.w[1] << "), b = " << fit.b
        << " (in standardised units)\n";

    // The boundary σ(z) = 1/2, i.e. z = 0, mapped back to centimetres:
    // w1 (l − m1)/s1 + w2 (v − m2)/s2 + b = 0, solved for the width v at two lengths l.
    auto width_at = [&](f64 len) {
        return mean[1] - sd[1] / fit.w[1] * (fit.w[0] * (len - mean[0]) / sd[0] + fit.b);
    };
    auto pts = open_csv(ctx, "iris_points.csv", "sepal_length sepal_width species");
    for (std::size_t k = 0; k < rows.size(); ++k) {
        pts << rows[k][0] << " " << rows[k][1] << " " << y[k] << "\n";
    }
    auto line = open_csv(ctx, "iris_boundary.csv", "sepal_length sepal_width");
    line << 4.0 << " " << width_at(4.0) << "\n" << 7.5 << " " << width_at(7.5) << "\n";
    out << "   decision boundary a = 0.5: sepal_width = " << width_at(0.0) << " + "
        << (width_at(1.0) - width_at(0.0)) << " * sepal_length (cm)\n";
}

}  // namespace

/// Runs the chapter 1 demo: a neuron by hand, the perceptron on AND, OR and XOR, and a
/// sigmoid neuron trained on iris. Writes the CSV files for the chapter's figures.
/// \return 0 on success
int demo(const DemoContext& ctx) {
    ctx.out << "Chapter 1: the neuron\n\n";
    by_hand(ctx);
    perceptron_gates(ctx);
    sigmoid_neuron_on_iris(ctx);
    return 0;
}

}  // namespace nnref::ch01
