/// \file
/// \brief Chapter 5 demo: a neuron on the scalar graph, why backpropagation multiplies by
///        φ'(z), a dense layer and a whole MLP checked at 50 digits, and MLPs trained on XOR,
///        two spirals and iris.
///
/// Run it with `nnref demo 5`. The book runs it at build time, quotes its output, renders
/// backprop_graph.dot and plots the CSV files (see chapters/05-backprop/figures/*.gp).
#include "05-backprop/mlp.hpp"
#include "nnref/chapter/demo.hpp"
#include "nnref/data/datasets.hpp"
#include "nnref/gradcheck/check.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <string>

namespace nnref::ch05 {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void scalar_graph(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "1. One neuron on the scalar graph: L = (sigmoid(w1 x1 + w2 x2 + b) - y)^2\n\n";
    //! [neuron-graph]
    const Value<f64> w1(0.5, "w1"), w2(-0.25, "w2"), b(0.1, "b");
    const Value<f64> x1(1.0, "x1"), x2(2.0, "x2"), y(1.0, "y");
    const Value<f64> z = (w1 * x1 + w2 * x2 + b).named("z");
    const Value<f64> a = sigmoid(z).named("a");
    const Value<f64> L = pow(a - y, 2.0).named("L");
    L.backward();  // every node's grad() is now dL/d(node)
    //! [neuron-graph]
    out << std::fixed << std::setprecision(6);
    out << "   forward:  z = " << z.data() << ", a = " << a.data() << ", L = " << L.data() << "\n"
        << "   backward: dL/da = 2(a - y) = " << a.grad() << "\n"
        << "             dL/dz = dL/da * sigmoid'(z) = " << z.grad() << "\n"
        << "             dL/dw1 = " << w1.grad() << ", dL/dw2 = " << w2.grad()
        << ", dL/db = " << b.grad() << ", dL/dx1 = " << x1.grad() << "\n";

    // Chapter 1's hand-written neuron_backward, given the same upstream gradient dL/da.
    const NeuronCache<f64> cache = neuron_forward<f64>({0.5, -0.25}, 0.1, {1.0, 2.0});
    const NeuronGradients<f64> g = neuron_backward(2 * (cache.a - 1.0), cache);
    out << "   chapter 1's neuron_backward: dL/dw1 = " << g.dw[0] << ", dL/dw2 = " << g.dw[1]
        << ", dL/db = " << g.db << "\n"
        << "   The graph has " << L.graph().size() << " nodes; backprop_graph.dot draws them.\n\n";
    open_output(ctx, "backprop_graph.dot") << to_dot(L);

    const Value<f64> x(3.0, "x");
    const Value<f64> f = x * x + x;
    f.backward();
    const f64 first = x.grad();
    f.backward();
    out << "   x used twice: f = x*x + x at x = 3 gives df/dx = 2x + 1 = " << first
        << " (paths add up);\n"
        << "   a second backward() gives " << x.grad()
        << " again: backward() assigns, it does not accumulate.\n\n";
}

/// L(w) = (σ(w x + b) − y)² for one weight, and its derivative by central differences.
f64 numeric_dL_dw(f64 w, f64 x, f64 b, f64 y, bool cross_entropy) {
    auto L = [&](f64 v) {
        const f64 a = sigmoid(v * x + b);
        return cross_entropy ? bce_from_logit(v * x + b, y) : (a - y) * (a - y);
    };
    const f64 h = 1e-5;
    return (L(w + h) - L(w - h)) / (2 * h);
}

void why_phi_prime(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "2. Why multiply by phi'(z)? One sigmoid neuron, one input x = 1.5, target y = 1,\n"
        << "   squared error L = (a - y)^2. Compare the true dL/dw (central differences) with\n"
        << "   the chain rule's 2(a - y) * sigmoid'(z) * x and with 'error times input' 2(a - y) * x:\n\n";
    out << "       w      b      z        a    sigmoid'(z)   numeric dL/dw   chain rule   error*input   ratio\n";
    const f64 x = 1.5, y = 1.0;
    struct Case {
        f64 w, b;
    };
    for (const Case c : {Case{0.2, 0.0}, Case{2.0, 1.0}, Case{-2.0, -1.0}}) {
        const f64 z = c.w * x + c.b;
        const f64 a = sigmoid(z);
        const f64 chain = 2 * (a - y) * sigmoid_derivative(z) * x;
        const f64 naive = 2 * (a - y) * x;
        out << std::fixed << std::setprecision(2) << "   " << std::setw(6) << c.w << std::setw(7) << c.b
            << std::setw(7) << z << std::setprecision(4) << std::setw(9) << a << std::setw(13)
            << sigmoid_derivative(z) << std::setprecision(6) << std::setw(16)
            << numeric_dL_dw(c.w, x, c.b, y, false) << std::setw(13) << chain << std::setw(14)
            << naive << std::setprecision(1) << std::setw(8) << naive / chain << "x\n";
    }
    const f64 w = -2.0, b = -1.0;
    const f64 a = sigmoid(w * x + b);
    out << std::setprecision(6) << "\n   With cross-entropy instead, dL/dz = a - y exactly (chapter 4), so at w = -2:\n"
        << "   numeric dL/dw = " << numeric_dL_dw(w, x, b, y, true) << ", (a - y) * x = " << (a - y) * x
        << "\n\n"
        << "   'error times input' is the gradient only when phi'(z) is 1 (a linear unit) or\n"
        << "   is cancelled by the loss (sigmoid with cross-entropy). Otherwise it overstates\n"
        << "   the slope by the factor 1/sigmoid'(z), at least 4 and 57 for the saturated\n"
        << "   neurons above. In a layer, each unit has its own phi'(z), so the update is not\n"
        << "   even parallel to the gradient: it pushes hardest on the units that matter least.\n\n";
}

void dense_check(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "3. A dense layer, Z = XW + b, checked in hp50 with a random upstream gradient dZ\n";
    Rng rng(5);
    auto random = [&rng](std::size_t r, std::size_t c) {
        Matrix<hp50> M(r, c);
        for (std::size_t k = 0; k < M.size(); ++k) {
            M[k] = rng.uniform(hp50(-1), hp50(1));
        }
        return M;
    };
    const Matrix<hp50> X = random(3, 4), W = random(4, 2);
    const std::vector<hp50> b = {hp50("0.3"), hp50("-0.7")};
    //! [dense-check]
    const Report<hp50> rX = check_vjp(
        [&](const Matrix<hp50>& X_) { return dense_forward(X_, W, b).Z; },
        [&](const Matrix<hp50>& X_, const Matrix<hp50>& dZ) {
            return dense_backward(dZ, dense_forward(X_, W, b).cache).dX;
        },
        X);
    const Report<hp50> rW = check_vjp(
        [&](const Matrix<hp50>& W_) { return dense_forward(X, W_, b).Z; },
        [&](const Matrix<hp50>& W_, const Matrix<hp50>& dZ) {
            return dense_backward(dZ, dense_forward(X, W_, b).cache).dW;
        },
        W);
    const Report<hp50> rb = check_vjp(
        [&](const std::vector<hp50>& b_) { return dense_forward(X, W, b_).Z; },
        [&](const std::vector<hp50>& b_, const Matrix<hp50>& dZ) {
            return dense_backward(dZ, dense_forward(X, W, b_).cache).db;
        },
        b);
    //! [dense-check]
    out << std::setprecision(1) << "   dX = dZ W^T:   " << (rX.passed() ? "passed" : "FAILED") << ", "
        << rX.digits_agreed() << " digits agreed\n"
        << "   dW = X^T dZ:   " << (rW.passed() ? "passed" : "FAILED") << ", " << rW.digits_agreed()
        << " digits agreed\n"
        << "   db = 1^T dZ:   " << (rb.passed() ? "passed" : "FAILED") << ", " << rb.digits_agreed()
        << " digits agreed\n\n";
}

void whole_network(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "4. The whole network: a 2-8-8-2 MLP (tanh, tanh, softmax cross-entropy) on 8 spiral\n"
        << "   points, every one of its parameters checked in hp50\n";
    //! [mlp-check]
    MLP<hp50> net({2, 8, 8, 2}, {Activation::tanh, Activation::tanh, Activation::identity},
                  Loss::softmax_cross_entropy);
    Rng rng(1);
    net.init(rng);
    const Dataset<hp50> d = spirals_dataset<hp50>(4, 1.5, 0.05, 3);
    auto loss_of = [&](const std::vector<hp50>& theta) {
        MLP<hp50> moved = net;
        moved.set_parameters(theta);
        return moved.loss(d.X, d.Y);
    };
    const auto start = std::chrono::steady_clock::now();
    const Report<hp50> r = check_gradient(loss_of, net.gradient(d.X, d.Y), net.parameters());
    const double elapsed = seconds_since(start);
    //! [mlp-check]
    out << "   " << r.summary() << "\n";
    ctx.times << std::fixed << std::setprecision(2) << "   time: checking the "
              << net.parameter_count() << " parameters of the 2-8-8-2 MLP in hp50 took " << elapsed
              << " s\n";
    out << "\n";

    out << "   The same network rebuilt on the scalar graph of section 1:\n";
    //! [graph-agrees]
    const GraphNetwork<hp50> g = mlp_on_graph(net, d.X, d.Y);
    g.loss.backward();
    const std::vector<hp50> grad = net.gradient(d.X, d.Y);
    hp50 worst = 0;
    for (std::size_t k = 0; k < grad.size(); ++k) {
        using std::abs;
        worst = std::max(worst, abs(g.parameters[k].grad() - grad[k]) / abs(grad[k]));
    }
    //! [graph-agrees]
    out << "   " << g.loss.graph().size() << " nodes; largest relative difference from MLP::gradient: "
        << to_short_string(worst, 3) << " ("
        << std::setprecision(1)
        << (worst == 0 ? 50.0 : -std::log10(to_double(worst))) << " digits agree)\n\n";
}

template <class Net>
void write_regions(const DemoContext& ctx, const std::string& name, const Net& net, double lo,
                   double hi) {
    std::ofstream f = open_output(ctx, name);
    f << "x1 x2 p1\n" << std::setprecision(5);
    const int n = 120;
    Matrix<f64> grid(n * n, 2);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            grid(i * n + j, 0) = lo + (hi - lo) * j / (n - 1);
            grid(i * n + j, 1) = lo + (hi - lo) * i / (n - 1);
        }
    }
    const Matrix<f64> P = softmax_rows(net.predict(grid));
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            f << grid(i * n + j, 0) << " " << grid(i * n + j, 1) << " " << P(i * n + j, 1) << "\n";
        }
        f << "\n";  // gnuplot: a blank line ends a row of the grid
    }
}

void write_points(const DemoContext& ctx, const std::string& name, const Dataset<f64>& d) {
    std::ofstream f = open_output(ctx, name);
    f << "x1 x2 label\n";
    for (std::size_t n = 0; n < d.X.rows(); ++n) {
        f << d.X(n, 0) << " " << d.X(n, 1) << " " << d.labels[n] << "\n";
    }
}

void write_loss(const DemoContext& ctx, const std::string& name, const std::vector<f64>& loss) {
    std::ofstream f = open_output(ctx, name);
    f << "epoch loss\n" << std::setprecision(6);
    for (std::size_t e = 0; e < loss.size(); ++e) {
        f << e + 1 << " " << loss[e] << "\n";
    }
}

void training(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "5. Training with plain gradient descent (full batch), from seed 1\n\n";
    const auto act = Activation::tanh;
    {
        //! [train-xor]
        const Dataset<f64> d = xor_dataset<f64>();
        MLP<f64> net({2, 8, 2}, {act, Activation::identity}, Loss::softmax_cross_entropy);
        Rng rng(1);
        net.init(rng);
        const std::vector<f64> loss = gradient_descent(net, d.X, d.Y, 0.5, 2000);
        //! [train-xor]
        out << std::setprecision(4) << "   XOR      " << net.describe() << ", lr 0.5, 2000 epochs\n"
            << "            loss " << loss.front() << " -> " << loss.back() << ", accuracy "
            << std::setprecision(1) << 100 * accuracy(net, d.X, d.labels) << "%\n";
        const Matrix<f64> P = softmax_rows(net.predict(d.X));
        out << std::setprecision(3) << "            p(class 1) at (0,0) (0,1) (1,0) (1,1): " << P(0, 1)
            << " " << P(1, 1) << " " << P(2, 1) << " " << P(3, 1) << "\n";
        write_loss(ctx, "backprop_loss_xor.csv", loss);
        write_regions(ctx, "backprop_xor_regions.csv", net, -0.5, 1.5);
        write_points(ctx, "backprop_xor_points.csv", d);
    }
    {
        const Dataset<f64> d = spirals_dataset<f64>(100, 1.5, 0.03, 7);
        MLP<f64> net({2, 16, 16, 2}, {act, act, Activation::identity}, Loss::softmax_cross_entropy);
        Rng rng(1);
        net.init(rng);
        const auto start = std::chrono::steady_clock::now();
        const std::vector<f64> loss = gradient_descent(net, d.X, d.Y, 1.0, 3000);
        const double elapsed = seconds_since(start);
        out << std::setprecision(4) << "   spirals  200 points (1.5 turns, noise 0.03, seed 7)\n"
            << "            " << net.describe() << ", lr 1, 3000 epochs\n"
            << "            loss " << loss.front() << " -> " << loss.back() << ", accuracy "
            << std::setprecision(1) << 100 * accuracy(net, d.X, d.labels) << "%\n";
        ctx.times << std::fixed << std::setprecision(2)
                  << "   time: 3000 epochs on the spirals took " << elapsed << " s\n";
        write_loss(ctx, "backprop_loss_spirals.csv", loss);
        write_regions(ctx, "backprop_spirals_regions.csv", net, -1.2, 1.2);
        write_points(ctx, "backprop_spirals_points.csv", d);
    }
    {
        const auto [train, test] = split(iris_dataset<f64>(ctx.data_dir), 100, 5);
        MLP<f64> net({4, 16, 3}, {act, Activation::identity}, Loss::softmax_cross_entropy);
        Rng rng(1);
        net.init(rng);
        const std::vector<f64> loss = gradient_descent(net, train.X, train.Y, 0.5, 4000);
        out << std::setprecision(4) << "   iris     150 flowers, standardized, split 100 train / 50 test (seed 5)\n"
            << "            " << net.describe() << ", lr 0.5, 4000 epochs\n"
            << "            loss " << loss.front() << " -> " << loss.back() << ", accuracy "
            << std::setprecision(1) << 100 * accuracy(net, train.X, train.labels) << "% train, "
            << 100 * accuracy(net, test.X, test.labels) << "% test\n\n";
        write_loss(ctx, "backprop_loss_iris.csv", loss);
    }
}

void bad_input(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "6. Bad input is refused with a message that names the problem\n";
    MLP<f64> net({2, 8, 8, 2}, {Activation::tanh, Activation::tanh, Activation::identity},
                 Loss::softmax_cross_entropy);
    auto show = [&out](const auto& attempt) { show_error(out, attempt); };
    show([&] { net.loss(Matrix<f64>(4, 3), Matrix<f64>(4, 2)); });
    show([&] { net.loss(Matrix<f64>(0, 2), Matrix<f64>(0, 2)); });
    show([&] { net.loss(Matrix<f64>(4, 2), Matrix<f64>(3, 2)); });
    show([] { MLP<f64>({2, 3, 1}, {Activation::tanh, Activation::identity}, Loss::bce); });
}

}  // namespace

/// Runs the chapter 5 demo: a neuron on the scalar graph (and its DOT figure), why the
/// chain rule multiplies by φ'(z), a dense layer and a whole MLP checked at 50 digits, and
/// an MLP trained on XOR, two spirals and iris. Writes the CSV and DOT files of the figures.
/// \return 0 on success
int demo(const DemoContext& ctx) {
    ctx.out << "Chapter 5: the chain rule and backpropagation\n\n";
    scalar_graph(ctx);
    why_phi_prime(ctx);
    dense_check(ctx);
    whole_network(ctx);
    training(ctx);
    bad_input(ctx);
    return 0;
}

}  // namespace nnref::ch05
