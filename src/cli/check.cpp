/// \file
/// \brief `nnref check`: verify a derivative typed as formulas, at 50 or 100 digits.
///
///     nnref check --f 'log(1+exp(x))' --df '1/(1+exp(-x))'
///     nnref check --f 'sigmoid(w*x+b)' --wrt w --df 'x*sigmoid(w*x+b)*(1-sigmoid(w*x+b))'
///
/// The true derivative is computed two independent ways at every point: central differences
/// by the gradient-checking engine, and forward-mode automatic differentiation of f (dual
/// numbers, formula::Dual). A point is judged only where the two agree (certify() in
/// gradcheck/verdict.hpp), and only beyond the rounding noise of your formula, which is
/// estimated by evaluating it with every rounding moved by one unit in the last place at
/// random. So a verdict is never false: where the truth is not known, the point is "not
/// judged", with the reason, and with no judged point the answer is INCONCLUSIVE (exit 3).
#include "cli/check.hpp"

#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"
#include "nnref/formula/formula.hpp"
#include "nnref/gradcheck/verdict.hpp"

#include <chrono>
#include <iostream>
#include <sstream>

namespace nnref::cli {

template <class T>
T read_decimal(const std::string& text, const std::string& what) {
    // [+-] digits [. digits] [e [+-] digits], the same numbers a formula accepts.
    const auto bad = [&](const std::string& why) {
        return input_error(what + " '" + text + "': " + why);
    };
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t from = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        return i - from;
    };
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        ++i;
    }
    std::size_t mantissa = digits();
    if (i < text.size() && text[i] == '.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa > 0 && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        const std::size_t from = i;
        if (digits() == 0) {
            throw bad("the exponent needs digits, as in 1e-3");
        }
        const std::string exponent = text.substr(from, i - from);
        if (exponent.size() - std::min(exponent.find_first_not_of('0'), exponent.size()) >
            static_cast<std::size_t>(formula::Limits::max_exponent_digits)) {
            throw bad("the exponent is beyond any number type's range");
        }
    }
    if (mantissa == 0 || i != text.size() || text.size() > formula::Limits::max_number) {
        throw bad("not a decimal number: write it as 2, -0.5 or 1e-3 (no spaces, no hex)");
    }
    const T v = literal<T>(text.c_str());
    using std::isfinite;
    const bool zero = text.substr(0, text.find_first_of("eE")).find_first_of("123456789") == std::string::npos;
    if (!isfinite(v) || (v == 0 && !zero)) {
        throw bad("beyond " + std::string(number_name<T>()) + "'s range");
    }
    return v;
}

namespace {

/// The variables' names, "b, w", or "none".
std::string names(const std::set<std::string>& variables) {
    return variables.empty() ? "none" : join(variables, ", ");
}

template <Real T>
int check_in(const CheckArgs& a, std::ostream& out) {
    using formula::Dual;
    using formula::Expression;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(a.time_limit));
    const Expression f = Expression::parse(a.f);
    const Expression df = Expression::parse(a.df);
    formula::require_representable<T>(f);
    formula::require_representable<T>(df);

    const std::set<std::string> vars = f.variables();
    std::string wrt = a.wrt;
    if (wrt.empty()) {
        if (vars.size() != 1) {
            throw input_error(vars.empty() ? "f has no variable to differentiate by"
                                           : "f has several variables (" + names(vars) +
                                                 "): say which one with --wrt");
        }
        wrt = *vars.begin();
    } else if (vars.count(wrt) == 0) {
        throw input_error("--wrt " + wrt + ": f does not use '" + wrt + "'; its variables are " +
                          names(vars));
    }
    for (const auto& v : df.variables()) {
        if (vars.count(v) == 0) {
            throw input_error("df uses the variable '" + v + "', which f does not; f's variables are " +
                              names(vars));
        }
    }

    // Other variables: fixed by --at, or sampled in the range.
    std::map<std::string, T> fixed;
    for (const auto& item : a.at) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) {
            throw input_error("--at '" + item + "': write name=value, as in --at x=0.5");
        }
        const std::string name = item.substr(0, eq);
        const std::string value = item.substr(eq + 1);
        if (vars.count(name) == 0 || name == wrt) {
            throw input_error("--at " + name + ": " +
                              (name == wrt ? "that is the variable being differentiated"
                                           : "f does not use '" + name + "'; its variables are " +
                                                 names(vars)));
        }
        fixed[name] = read_decimal<T>(value, "--at " + name);
    }
    DerivativeCheckOptions<T> options;
    options.lo = read_decimal<T>(a.lo, "--range");
    options.hi = read_decimal<T>(a.hi, "--range");
    options.grid_points = a.grid;
    options.random_points = a.random;
    options.seed = a.seed;
    options.variable = wrt;
    options.deadline = deadline;
    options.check = detail::resolve<T>(options.check);
    if (!(options.lo < options.hi)) {
        throw input_error("--range " + a.lo + "," + a.hi + ": the first value must be below the second");
    }
    std::set<std::string> free;
    for (const auto& v : vars) {
        if (v != wrt && fixed.count(v) == 0) {
            free.insert(v);
        }
    }
    const std::size_t settings = free.empty() ? 1 : a.samples;

    out << "nnref check (" << number_name<T>() << "): d/d" << wrt << " of   " << f.text() << "\n"
        << "                   yours:  " << df.text() << "\n"
        << "  " << wrt << " in [" << a.lo << ", " << a.hi << "]: " << a.grid << " grid + " << a.random
        << " random points";
    if (!free.empty()) {
        out << "; " << names(free) << " sampled in the same range, " << settings << " settings";
    }
    out << "\n";

    formula::Evaluation plain;
    plain.deadline = deadline;
    Rng rng(a.seed ^ 0xc0ffeeULL);
    bool any_wrong = false, any_judged = false;
    for (std::size_t s = 0; s < settings; ++s) {
        std::map<std::string, T> values = fixed;
        for (const auto& v : free) {
            values[v] = rng.uniform(options.lo, options.hi);
        }
        if (vars.size() > 1) {
            out << "\n  with ";
            std::string sep;
            for (const auto& [name, value] : values) {
                out << sep << name << " = " << to_short_string(value, 8);
                sep = ", ";
            }
            out << ":\n";
        }
        auto at = [&values, &wrt](const T& x) {
            auto v = values;
            v[wrt] = x;
            return v;
        };
        auto f_x = [&](const T& x) { return formula::evaluate<T>(f, at(x), plain); };
        auto df_x = [&](const T& x) { return formula::evaluate<T>(df, at(x), plain); };

        // The second true value, and the noise of yours: see certify().
        double agreement = decimal_digits<T>();  // digits the two true values share, at worst
        auto second_opinion = [&](const T& x, Element<T>& e) {
            std::map<std::string, Dual<T>> duals;
            for (const auto& [name, value] : at(x)) {
                duals.emplace(name, Dual<T>(value, name == wrt ? T(1) : T(0)));
            }
            const T exact = formula::evaluate<Dual<T>>(f, duals, plain).slope;
            T noise = 0;
            for (std::uint64_t seed = 1; seed <= 3; ++seed) {
                formula::Evaluation perturbed = plain;
                perturbed.perturbation_seed = seed * 0x9E3779B97F4A7C15ULL;
                noise = std::max(noise, abs(T(formula::evaluate<T>(df, at(x), perturbed) - e.analytic)));
            }
            // Central differences with the automatic step cbrt(eps) have a truncation error
            // h^2 f'''/6 that can exceed the tolerance where f''' is huge (x^999999): where
            // the two true values disagree, try again with steps a thousand and a million
            // times smaller before giving up on the point.
            const Element<T> first = e;
            T central = e.numeric;  // the central difference that certify() compared with
            bool agreed = certify(e, exact, noise, options.check);
            for (double scale : {1e-3, 1e-6}) {
                if (agreed) {
                    break;
                }
                CheckOptions smaller = options.check;
                smaller.step_scale = scale;
                smaller.zero_expected = true;
                e = check_derivative(f_x, df_x, x, smaller).elements[0];
                e.col = first.col;
                central = e.numeric;
                agreed = certify(e, exact, noise, options.check);
            }
            if (!agreed) {
                e = first;
                certify(e, exact, noise, options.check);  // report the first step's evidence
            }
            if (e.status != Status::unresolvable && e.status != Status::kink) {
                const T m = std::max(abs(exact), abs(central));
                const T gap = abs(T(exact - central));
                if (gap > 0) {
                    agreement = std::min(agreement, -std::log10(to_double(T(gap / m))));
                }
            }
        };
        DerivativeVerdict<T> verdict;
        try {
            verdict = check_derivative(f_x, df_x, options, second_opinion);
        } catch (const check_error& e) {
            throw input_error(e.what());  // nothing to check in this range: bad input
        }
        std::istringstream lines(verdict.text());
        for (std::string line; std::getline(lines, line);) {
            out << "  " << line << "\n";
        }
        any_wrong = any_wrong || verdict.verdict == Verdict::wrong;
        any_judged = any_judged || verdict.verdict != Verdict::inconclusive;
        if (verdict.verdict != Verdict::inconclusive) {
            out << "  the true derivative, by central differences and by automatic differentiation: "
                << "they agree to at least " << std::fixed << std::setprecision(1)
                << std::min<double>(agreement, decimal_digits<T>()) << " digits at every point judged\n";
        }
    }
    if (any_wrong) {
        out << "\nverdict: WRONG\n";
        return 1;
    }
    if (!any_judged) {
        out << "\nverdict: INCONCLUSIVE (no point could be judged)\n";
        return inconclusive_exit;
    }
    out << "\nverdict: CORRECT\n";
    return 0;
}

}  // namespace

template hp50 read_decimal<hp50>(const std::string&, const std::string&);
template hp100 read_decimal<hp100>(const std::string&, const std::string&);

int run_check(const CheckArgs& args, std::ostream& out) {
    if (args.digits == 50) {
        return check_in<hp50>(args, out);
    }
    if (args.digits == 100) {
        return check_in<hp100>(args, out);
    }
    throw input_error("--digits " + std::to_string(args.digits) + ": choose 50 or 100");
}

}  // namespace nnref::cli
