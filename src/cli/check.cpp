/// \file
/// \brief `nnref check`: verify a derivative typed as formulas, at 50 or 100 digits.
///
///     nnref check --f 'log(1+exp(x))' --df '1/(1+exp(-x))'
///     nnref check --f 'sigmoid(w*x+b)' --wrt w --df 'x*sigmoid(w*x+b)*(1-sigmoid(w*x+b))'
///
/// The true derivative is computed two independent ways: central differences by the
/// gradient-checking engine, and forward-mode automatic differentiation (Boost.Math
/// autodiff). The verdict uses the first; the second confirms it.
#include "cli/check.hpp"

#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"
#include "nnref/formula/formula.hpp"
#include "nnref/gradcheck/verdict.hpp"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace nnref::cli {

namespace {

/// The variables' names, "b, w", or "none".
std::string names(const std::set<std::string>& variables) {
    return variables.empty() ? "none" : join(variables, ", ");
}

/// Checks that text is a finite decimal number; the exact value is then read in T.
void require_number(const std::string& text, const std::string& what) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v)) {
        throw input_error(what + ": '" + text + "' is not a finite decimal number");
    }
}

template <Real T>
int check_in(const CheckArgs& a, std::ostream& out) {
    using formula::Expression;
    const Expression f = Expression::parse(a.f);
    const Expression df = Expression::parse(a.df);

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
        require_number(value, "--at " + name);
        fixed[name] = literal<T>(value.c_str());
    }
    require_number(a.lo, "--range");
    require_number(a.hi, "--range");
    DerivativeCheckOptions<T> options;
    options.lo = literal<T>(a.lo.c_str());
    options.hi = literal<T>(a.hi.c_str());
    options.grid_points = a.grid;
    options.random_points = a.random;
    options.seed = a.seed;
    options.variable = wrt;
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

    Rng rng(a.seed ^ 0xc0ffeeULL);
    bool any_wrong = false;
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
        auto f_x = [&](const T& x) { return formula::evaluate<T>(f, at(x)); };
        auto df_x = [&](const T& x) { return formula::evaluate<T>(df, at(x)); };
        DerivativeVerdict<T> verdict;
        try {
            verdict = check_derivative(f_x, df_x, options);
        } catch (const check_error& e) {
            throw input_error(e.what());  // nothing to check in this range: bad input
        }
        std::istringstream lines(verdict.text());
        for (std::string line; std::getline(lines, line);) {
            out << "  " << line << "\n";
        }
        any_wrong = any_wrong || verdict.verdict == Verdict::wrong;

        // The second, independent true value: forward-mode autodiff of f.
        using boost::math::differentiation::make_fvar;
        using AD = decltype(make_fvar<T, 1>(T(0)));
        double worst = decimal_digits<T>();
        const Element<T>* where = nullptr;
        for (const auto& e : verdict.report.elements) {
            if (e.status == Status::kink || e.status == Status::unresolvable) {
                continue;
            }
            std::map<std::string, AD> ad;
            for (const auto& [name, value] : at(e.x)) {
                ad.emplace(name, name == wrt ? make_fvar<T, 1>(value) : AD(value));
            }
            const T exact = formula::evaluate<AD>(f, ad).derivative(1);
            const T m = std::max(abs(exact), abs(e.numeric));
            const double digits = m == 0 ? decimal_digits<T>()
                                         : -std::log10(to_double(T(abs(exact - e.numeric) / m)));
            if (digits < worst) {
                worst = std::min<double>(digits, decimal_digits<T>());
                where = &e;
            }
        }
        const double required = -std::log10(to_double(T(sqrt(epsilon<T>()))));
        if (where == nullptr || worst >= required) {
            out << "  true value confirmed: autodiff and central differences agree to "
                << std::fixed << std::setprecision(1) << worst << " digits\n";
        } else {
            out << "  WARNING: autodiff and central differences disagree at " << wrt << " = "
                << to_short_string(where->x) << " (" << std::fixed << std::setprecision(1) << worst
                << " digits): f may be non-smooth or badly conditioned there\n";
        }
    }
    out << "\n" << (any_wrong ? "verdict: WRONG" : "verdict: CORRECT") << "\n";
    return any_wrong ? 1 : 0;
}

}  // namespace

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
