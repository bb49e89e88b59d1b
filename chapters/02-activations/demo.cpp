/// \file
/// \brief Chapter 2 demo: every activation and its derivative, saturation (the vanishing
///        gradient in miniature), stable against naive forms, softmax's Jacobian, and kinks.
///
/// Run it with `nnref demo 2`. It writes activations.csv, which the book plots.
#include "02-activations/activations.hpp"
#include "nnref/chapter/demo.hpp"
#include "nnref/gradcheck/check.hpp"

#include <cmath>
#include <fstream>
#include <functional>
#include <iomanip>
#include <ostream>
#include <string>

namespace nnref::ch02 {

namespace {

struct Activation {
    std::string name;
    std::function<f64(f64)> f;
    std::function<f64(f64)> df;
};

//! [family]
std::vector<Activation> family() {
    return {
        {"sigmoid", sigmoid<f64>, sigmoid_derivative<f64>},
        {"tanh", tanh_activation<f64>, tanh_derivative<f64>},
        {"relu", relu<f64>, relu_derivative<f64>},
        {"leaky", [](f64 x) { return leaky_relu(x); }, [](f64 x) { return leaky_relu_derivative(x); }},
        {"elu", [](f64 x) { return elu(x); }, [](f64 x) { return elu_derivative(x); }},
        {"softplus", softplus<f64>, softplus_derivative<f64>},
        {"gelu", gelu_erf<f64>, gelu_erf_derivative<f64>},
        {"gelu_tanh", gelu_tanh<f64>, gelu_tanh_derivative<f64>},
        {"silu", silu<f64>, silu_derivative<f64>},
    };
}
//! [family]

void table(const DemoContext& ctx) {
    auto& out = ctx.out;
    const auto acts = family();
    const std::vector<f64> xs = {-3, -1, -0.5, 0, 0.5, 1, 3};
    for (int derivative = 0; derivative < 2; ++derivative) {
        out << (derivative ? "   Their derivatives phi'(x):\n" : "1. Values phi(x):\n");
        out << "   " << std::setw(7) << "x";
        for (const auto& a : acts) {
            out << std::setw(10) << a.name;
        }
        out << "\n" << std::fixed << std::setprecision(4);
        for (f64 x : xs) {
            out << "   " << std::setw(7) << x;
            for (const auto& a : acts) {
                out << std::setw(10) << (derivative ? a.df(x) : a.f(x));
            }
            out << "\n";
        }
        out << "\n";
    }
    out << "   (leaky uses alpha = 0.01; elu uses alpha = 1; at x = 0, relu' = 0 and leaky' = alpha\n"
        << "   by convention, see section 5.)\n\n";

    std::ofstream csv = open_output(ctx, "activations.csv");
    csv << "x";
    for (const auto& a : acts) {
        csv << " " << a.name << " d_" << a.name;
    }
    csv << "\n" << std::setprecision(8);
    for (int k = -100; k <= 100; ++k) {
        const f64 x = k / 20.0;
        csv << x;
        for (const auto& a : acts) {
            csv << " " << a.f(x) << " " << a.df(x);
        }
        csv << "\n";
    }
}

void saturation(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "2. Saturation: how small sigma' and tanh' get away from 0\n\n"
        << "         x     sigma'(x)       tanh'(x)     relu'(x)\n"
        << std::scientific << std::setprecision(3);
    for (f64 x : {0.0, 2.0, 5.0, 10.0, 20.0}) {
        out << "   " << std::setw(7) << std::fixed << std::setprecision(1) << x << std::scientific
            << std::setprecision(3) << std::setw(14) << sigmoid_derivative(x) << std::setw(15)
            << tanh_derivative(x) << std::setw(13) << relu_derivative(x) << "\n";
    }
    out << "\n   sigma' is at most 1/4 (at x = 0). Back through a sigmoid layer the gradient is\n"
        << "   multiplied by the weights and by sigma', so each layer scales it by at most\n"
        << "   ||W||_2 / 4, ||W||_2 being the largest stretch of the weight matrix. With\n"
        << "   weights that do not stretch, 10 layers scale it by (1/4)^10 = "
        << std::pow(0.25, 10) << " at most,\n   and by sigma'(5)^10 = "
        << std::pow(sigmoid_derivative(5.0), 10)
        << " if every unit sits at x = 5. This is the vanishing\n"
        << "   gradient; chapter 8 measures it. relu' is 1 for every x > 0, so it does not shrink\n"
        << "   the gradient.\n\n";
}

void stability(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "3. Stable forms against naive ones, in double\n\n" << std::setprecision(6);
    auto show = [&out](const std::string& what, f64 naive, f64 stable) {
        // The sign of a NaN differs between machines; print it plainly.
        out << "   " << std::left << std::setw(34) << what << std::right << std::setw(15);
        if (std::isnan(naive)) {
            out << "nan";
        } else {
            out << naive;
        }
        out << std::setw(15) << stable << "\n";
    };
    out << "   " << std::left << std::setw(34) << "" << std::right << std::setw(15) << "naive"
        << std::setw(15) << "stable" << "\n";
    show("sigmoid(800)", sigmoid_naive(800.0), sigmoid(800.0));
    show("softplus(800)", softplus_naive(800.0), softplus(800.0));
    show("softplus(-40)", softplus_naive(-40.0), softplus(-40.0));
    show("softmax(1000, 1000)[0]", softmax_naive(std::vector<f64>{1000, 1000})[0],
         softmax(std::vector<f64>{1000, 1000})[0]);
    show("log softmax(0, -800)[1]", std::log(softmax(std::vector<f64>{0, -800})[1]),
         log_softmax(std::vector<f64>{0, -800})[1]);
    show("tanh'(20): 1 - tanh^2 vs 1/cosh^2", tanh_derivative_from_output(std::tanh(20.0)),
         tanh_derivative(20.0));
    out << "\n   e^800 overflows to inf (inf/inf = nan); 1 + e^-40 rounds to 1 (log 1 = 0); e^-800\n"
        << "   underflows to 0 (log 0 = -inf); 1 - tanh^2(20) subtracts two numbers that round\n"
        << "   to 1. The stable forms rearrange the same mathematics so that none of this happens.\n\n";
}

void softmax_example(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "4. Softmax, its Jacobian and its VJP\n\n" << std::fixed << std::setprecision(4);
    //! [softmax-example]
    const std::vector<f64> z = {2.0, 1.0, 0.1};
    const std::vector<f64> p = softmax(z);
    const Matrix<f64> J = softmax_jacobian(p);
    const std::vector<f64> dp = {1.0, 0.0, 0.0};  // upstream gradient: L = p_0
    const std::vector<f64> dz = softmax_vjp(p, dp);
    //! [softmax-example]
    out << "   z = (2, 1, 0.1)   p = softmax(z) = (" << p[0] << ", " << p[1] << ", " << p[2]
        << "), sum " << p[0] + p[1] + p[2] << "\n   J = diag(p) - p p^T =\n";
    for (std::size_t i = 0; i < 3; ++i) {
        out << "      ";
        for (std::size_t j = 0; j < 3; ++j) {
            out << std::setw(9) << J(i, j);
        }
        out << "\n";
    }
    out << "   Each row of J sums to 0: raising one probability lowers the others.\n"
        << "   VJP with dp = (1, 0, 0): dz = (" << dz[0] << ", " << dz[1] << ", " << dz[2]
        << ") = row 0 of J, in O(n) without forming J.\n\n";

    out << "   Checked at 50 digits:\n";
    const std::vector<hp50> z50 = {hp50(2), hp50(1), hp50("0.1")};
    auto f = [](const std::vector<hp50>& v) { return softmax(v); };
    auto vjp = [](const std::vector<hp50>& v, const std::vector<hp50>& d) {
        return softmax_vjp(softmax(v), d);
    };
    out << "   " << check_jacobian(f, softmax_jacobian(softmax(z50)), z50).summary() << "\n"
        << "   " << check_vjp(f, vjp, z50).summary() << "\n\n";
}

void kinks(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "5. Kinks: ReLU has no derivative at 0. nnref uses relu'(0) = 0, a valid subgradient\n"
        << "   (any value between the one-sided slopes 0 and 1 is one). The checker says so:\n\n";
    //! [kink]
    auto f = [](const hp50& x) { return relu(x); };
    auto df = [](const hp50& x) { return relu_derivative(x); };
    const Report<hp50> r = check_derivative(f, df, std::vector<hp50>{hp50(-1), hp50(0), hp50(2)});
    //! [kink]
    out << r.table() << "\n";
}

}  // namespace

/// Runs the chapter 2 demo: values and derivatives of every activation, saturation, stable
/// against naive forms, softmax's Jacobian, and the kink convention. Writes activations.csv.
/// \return 0 on success
int demo(const DemoContext& ctx) {
    ctx.out << "Chapter 2: activation functions and their derivatives\n\n";
    table(ctx);
    saturation(ctx);
    stability(ctx);
    softmax_example(ctx);
    kinks(ctx);
    return 0;
}

}  // namespace nnref::ch02
