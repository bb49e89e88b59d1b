/// \file
/// \brief Chapter 3 demo: the step-size sweep (error against h in f64, hp50 and hp100), a
///        wrong derivative and a precision leak caught at 50 digits, kinks, an unresolvable
///        point, and the checker's C++ API.
///
/// Run it with `nnref demo 3`. It writes step_sweep.csv, which the book plots.
#include "02-activations/activations.hpp"
#include "03-checking/differences.hpp"
#include "nnref/chapter/demo.hpp"
#include "nnref/gradcheck/check.hpp"
#include "nnref/gradcheck/verdict.hpp"

#include <array>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace nnref::ch03 {

namespace {


constexpr int n_methods = 4;
constexpr std::array<Difference, n_methods> methods = {
    Difference::forward, Difference::central, Difference::richardson, Difference::complex_step};
constexpr std::array<const char*, n_methods> method_names = {"forward", "central", "richardson",
                                                             "complex-step"};
// The method's order p: the error is C h^p, and round-off is eps / h (none for complex step).
constexpr std::array<int, n_methods> orders = {1, 2, 4, 2};

// Steps h = 10^(-k/2), half a decade apart, from 1e-1 (k = 2) to 1e-60 (k = 120).
constexpr int k_first = 2;
constexpr int k_last = 120;
// An exact answer has relative error 0, which a log scale cannot show: the CSV writes it
// as this floor instead (the figure's axes stop above it).
constexpr double error_floor = 1e-110;

double step_of(int k) {
    return std::pow(10.0, -k / 2.0);
}

/// Relative errors of the four methods at every step, in arithmetic T, measured against
/// f'(1) computed in hp100. NaN where the step vanished (x + h == x in T).
template <Real T>
std::vector<std::array<double, n_methods>> sweep() {
    const hp100 exact = smooth_derivative(hp100(1));
    const T x = T(1);
    std::vector<std::array<double, n_methods>> rel;
    for (int k = k_first; k <= k_last; ++k) {
        using std::pow;
        const T h = pow(T(10), T(-k) / T(2));
        //! [sweep]
        const std::array<T, n_methods> estimate = {
            forward_difference(smooth, x, h), central_difference(smooth, x, h),
            richardson(smooth, x, h), complex_step(smooth, x, h)};
        //! [sweep]
        std::array<double, n_methods> row{};
        for (int m = 0; m < n_methods; ++m) {
            const double d = to_double(estimate[m]);
            row[m] = std::isnan(d) ? d : to_double(abs(hp100(estimate[m]) - exact) / exact);
        }
        rel.push_back(row);
    }
    return rel;
}

/// "1.2e-05"; NaN as "nan" (its sign and spelling differ between machines).
std::string sci(double v, int precision = 1) {
    if (std::isnan(v)) {
        return "nan";
    }
    std::ostringstream s;
    s << std::scientific << std::setprecision(precision) << v;
    return s.str();
}

/// Digits agreed, −log10(relative error), with one decimal; "nan" for NaN. An exact answer
/// (error 0) counts as all of T's digits, −log10(eps/2).
template <Real T>
std::string digits(double rel) {
    if (std::isnan(rel)) {
        return "nan";
    }
    const double all = -std::log10(to_double(epsilon<T>()) / 2);
    const double d = rel > 0 ? std::max(0.0, -std::log10(rel)) : all;
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << d;
    return s.str();
}

struct Best {
    double h = 0;
    double rel = std::numeric_limits<double>::quiet_NaN();
};

/// The step with the smallest error; for the complex step, whose error stays flat once h is
/// small, the largest step within half a digit of the best.
Best best_of(const std::vector<std::array<double, n_methods>>& rel, int m) {
    Best b;
    for (int k = k_first; k <= k_last; ++k) {
        const double e = rel[k - k_first][m];
        if (!std::isnan(e) && (std::isnan(b.rel) || e < b.rel)) {
            b = {step_of(k), e};
        }
    }
    if (methods[m] == Difference::complex_step) {
        for (int k = k_first; k <= k_last; ++k) {
            const double e = rel[k - k_first][m];
            if (!std::isnan(e) && e <= std::max(b.rel, error_floor) * std::sqrt(10.0)) {
                return {step_of(k), b.rel};
            }
        }
    }
    return b;
}

template <Real T>
void summary_rows(std::ostream& out, const std::vector<std::array<double, n_methods>>& rel) {
    const double eps = to_double(epsilon<T>());
    for (int m = 0; m < n_methods; ++m) {
        const Best b = best_of(rel, m);
        const bool cs = methods[m] == Difference::complex_step;
        // Balancing C h^p against eps/h gives h ~ eps^(1/(p+1)) and error ~ eps^(p/(p+1)).
        const int p = orders[m];
        const double theory_rel = cs ? eps : std::pow(eps, double(p) / (p + 1));
        const double theory_h = cs ? std::sqrt(eps) : to_double(optimal_step<T>(methods[m]));
        out << "   " << std::left << std::setw(7) << number_name<T>() << std::setw(14)
            << method_names[m] << std::right << std::setw(3) << (cs ? "<=" : "") << std::setw(8)
            << sci(b.h, 0) << std::setw(8) << digits<T>(b.rel) << "    " << std::setw(3)
            << (cs ? "<=" : "") << std::setw(8) << sci(theory_h, 0) << std::setw(8)
            << digits<T>(theory_rel) << "\n";
    }
}

void step_sweep(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "1. The step-size sweep: f(x) = e^x sin x at x = 1, f'(1) = e (sin 1 + cos 1)\n\n";
    const auto r64 = sweep<f64>();
    const auto r50 = sweep<hp50>();
    const auto r100 = sweep<hp100>();

    out << "   Digits agreed with f'(1) in f64, by step h (nan: x + h rounds to x)\n\n"
        << "   " << std::setw(8) << "h";
    for (const char* name : method_names) {
        out << std::setw(14) << name;
    }
    out << "\n";
    for (int k = k_first; k <= 36; k += 2) {
        out << "   " << std::setw(8) << sci(step_of(k), 0);
        for (int m = 0; m < n_methods; ++m) {
            out << std::setw(14) << digits<f64>(r64[k - k_first][m]);
        }
        out << "\n";
    }
    out << "\n   Forward and central differences improve as h shrinks, until round-off takes\n"
        << "   over: the V of the figure. The complex step has no subtraction, so no V.\n\n";

    out << "   The best step found against the theory of this chapter\n\n"
        << "   " << std::left << std::setw(7) << "type" << std::setw(14) << "method" << std::right
        << std::setw(11) << "best h" << std::setw(8) << "digits"
        << "    " << std::setw(11) << "theory h" << std::setw(8) << "digits"
        << "\n";
    summary_rows<f64>(out, r64);
    summary_rows<hp50>(out, r50);
    summary_rows<hp100>(out, r100);
    out << "\n   Theory: h = eps^(1/2), eps^(1/3), eps^(1/5) for an error of order 1, 2, 4, which\n"
        << "   then keeps about 1/2, 2/3, 4/5 of the digits; the complex step keeps them all for\n"
        << "   any h <= eps^(1/2). Near the bottom of a V the round-off is as good as random,\n"
        << "   so at one point a lucky step can beat the theory by a digit or so.\n\n";

    std::ofstream csv = open_output(ctx, "step_sweep.csv");
    csv << "h";
    for (const char* type : {"f64", "hp50", "hp100"}) {
        for (const char* name : method_names) {
            csv << " " << type << "_" << name;
        }
    }
    csv << "\n";
    for (int k = k_first; k <= k_last; ++k) {
        csv << sci(step_of(k), 3);
        for (const auto* r : {&r64, &r50, &r100}) {
            for (int m = 0; m < n_methods; ++m) {
                const double e = (*r)[k - k_first][m];
                csv << " " << (std::isnan(e) ? "nan" : sci(std::max(e, error_floor), 4));
            }
        }
        csv << "\n";
    }
}

// Two mistakes that only 50 digits can see.

/// A slip in the 16th digit: f'(x) times (1 + 1e-16).
template <Real T>
T slipped_derivative(const T& x) {
    return smooth_derivative(x) * (T(1) + literal<T>("1e-16"));
}

//! [leak]
/// A precision leak: meant to be e^(x/10), but 0.1 is a double, so in hp50 T(0.1) is
/// 0.1000000000000000055511151231257827... and every digit after the 17th is wrong.
template <Real T>
T leaky(const T& x) {
    return exp(T(0.1) * x);
}

/// The derivative of the intended function, e^(x/10) / 10, written correctly.
template <Real T>
T leaky_derivative(const T& x) {
    return exp(x / T(10)) / T(10);
}
//! [leak]

template <Real T>
void caught_in(std::ostream& out, bool table) {
    const std::vector<T> points = {T(-1), literal<T>("0.5"), T(2)};
    const auto f = [](const T& x) { return smooth(x); };
    const Report<T> right = check_derivative(f, smooth_derivative<T>, points);
    const Report<T> slip = check_derivative(f, slipped_derivative<T>, points);
    const Report<T> leak = check_derivative(leaky<T>, leaky_derivative<T>, points);
    out << "   In " << number_name<T>() << ":\n";
    if (!table) {
        out << "   right: " << right.summary() << "\n   slip:  " << slip.summary()
            << "\n   leak:  " << leak.summary() << "\n\n";
        return;
    }
    out << "   right: " << right.summary() << "\n\n   slip:  " << slip.table()
        << "\n   leak:  " << leak.table() << "\n";
}

void caught(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "2. What 50 digits buy: a slip of 1e-16 in f', and a double literal 0.1 in a "
           "template\n\n";
    caught_in<f64>(out, false);
    caught_in<hp50>(out, true);
    out << "   In f64 all three pass: the pass rule asks for 7.8 digits, neither mistake shows\n"
        << "   before the 16th, and 1 + 1e-16 even rounds to 1. In hp50 the right derivative\n"
        << "   agrees to 33 digits, a pass needs 25.1, and both mistakes stop at 16.\n\n";
}

void kinks(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "3. Kinks and once-differentiable points\n\n";
    //! [kink]
    auto f = [](const hp50& x) { return abs(x); };
    auto sign = [](const hp50& x) { return x > 0 ? hp50(1) : x < 0 ? hp50(-1) : hp50(0); };
    auto one = [](const hp50&) { return hp50(1); };  // a classic mistake: |x|' = 1
    const std::vector<hp50> points = {hp50(-1), hp50(0), hp50(2)};
    const Report<hp50> right = check_derivative(f, sign, points);
    const Report<hp50> wrong = check_derivative(f, one, points);
    //! [kink]
    out << "   |x| with |x|' = sign(x), so 0 at the kink:\n"
        << right.table() << "\n   |x| with |x|' = 1 everywhere:\n"
        << wrong.table() << "\n";
    out << "   At 0 the one-sided slopes are -1 and 1, and they stay so at h/16: a kink. Any\n"
        << "   value between them is a subgradient, so 0 and 1 both pass there; x = -1 fails.\n\n";

    auto elu1 = [](const hp50& x) { return elu(x); };
    auto delu1 = [](const hp50& x) { return elu_derivative(x); };
    const Report<hp50> once =
        check_derivative(elu1, delu1, std::vector<hp50>{hp50(-1), hp50(0), hp50(1)});
    const Element<hp50>& at0 = once.elements[1];
    // The note is one long line; break it after its first clause to fit the page.
    std::string note = at0.note;
    if (const auto cut = note.find("; "); cut != std::string::npos) {
        note.replace(cut, 2, ";\n    ");
    }
    out << "   ELU (alpha = 1) is differentiable at 0 but elu'' jumps there, so the central\n"
        << "   difference is off by O(h). The one-sided extrapolations agree and settle it:\n"
        << "   " << once.summary() << "\n   at x = 0: analytic " << to_string(at0.analytic, 17)
        << ", numeric " << to_string(at0.numeric, 17) << ", " << std::fixed << std::setprecision(1)
        << at0.digits() << " digits, " << status_name(at0.status) << "\n   (" << note << ")\n\n";
}

void unresolvable(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "4. Unresolvable: sigma'(40) = 4.2e-18 next to sigma(40) = 1 - 4.2e-18, in hp50\n\n";
    auto sigma = [](const auto& x) {
        using X = std::remove_cvref_t<decltype(x)>;
        return X(1) / (X(1) + exp(-x));
    };
    // sigma (1 - sigma) would lose 17 digits to cancellation here; this form loses none.
    auto dsigma = [](const hp50& x) { return exp(-x) / pow(hp50(1) + exp(-x), 2); };
    CheckOptions complex_step;
    complex_step.method = Method::complex_step;
    out << "   central:      " << check_derivative(sigma, dsigma, hp50(40)).table()
        << "   complex step: " << check_derivative(sigma, dsigma, hp50(40), complex_step).table()
        << "\n   Central differences subtract two numbers near 1: their round-off, about\n"
        << "   eps/h = 8e-36, is 2e-18 of sigma' itself. Agreement to 18 digits is all they\n"
        << "   can show, so the checker says \"cannot tell\" rather than pass or fail. The\n"
        << "   complex step subtracts nothing and certifies the derivative to every digit.\n\n";
}

void api(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "5. The checker from C++: one function, three methods\n\n";
    //! [api]
    auto f = [](const auto& x) { return exp(x) * sin(x); };  // generic: takes complex x too
    auto df = [](const hp50& x) { return exp(x) * (sin(x) + cos(x)); };
    const std::vector<hp50> points = {hp50(-2), hp50("-0.5"), hp50(1), hp50(3)};
    for (Method method : {Method::central, Method::richardson, Method::complex_step}) {
        CheckOptions options;
        options.method = method;
        const Report<hp50> r = check_derivative(f, df, points, options);
        out << "   " << r.summary() << "\n";
    }
    //! [api]
    out << "\n";
}

void verdicts(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "6. A verdict over a range: is my derivative of softplus right?\n\n";
    //! [verdict]
    auto softplus = [](const hp50& x) { return log(hp50(1) + exp(x)); };
    auto mine = [](const hp50& x) { return hp50(1) / (hp50(1) + exp(-x)); };
    auto slip = [](const hp50& x) { return hp50(1) / (hp50(1) + exp(x)); };  // a lost minus
    DerivativeCheckOptions<hp50> options;  // x in [-4, 4]: 17 grid and 16 random points
    const DerivativeVerdict<hp50> right = check_derivative(softplus, mine, options);
    const DerivativeVerdict<hp50> wrong = check_derivative(softplus, slip, options);
    //! [verdict]
    out << "   mine = 1/(1+exp(-x)):\n   " << right.text() << "\n\n   slip = 1/(1+exp(x)):\n   "
        << wrong.text() << "\n\n";
}

}  // namespace

/// Runs the chapter 3 demo: the step-size sweep in f64, hp50 and hp100, a wrong derivative
/// and a double-literal leak caught at 50 digits, kinks, an unresolvable point, and the C++
/// API. Writes step_sweep.csv.
/// \return 0 on success
int demo(const DemoContext& ctx) {
    ctx.out << "Chapter 3: checking derivatives numerically\n\n";
    step_sweep(ctx);
    caught(ctx);
    kinks(ctx);
    unresolvable(ctx);
    api(ctx);
    verdicts(ctx);
    return 0;
}

}  // namespace nnref::ch03
