/// \file
/// \brief How a parsed formula is evaluated (included by formula.hpp): one function per node
///        kind, each result checked for overflow and underflow, and each function of the
///        language with its value and its derivative side by side.
///
/// Chapter 3 explains it: \ref ch03_checking
/// (`nnref check`: \ref ch03_using "section 7: using the checker").
#pragma once

#include "nnref/formula/formula.hpp"

#include <limits>
#include <optional>

namespace nnref::formula {

/// \name Dual-number arithmetic: the sum, product and quotient rules
/// \f[ (a, a') \pm (b, b') = (a \pm b,\ a' \pm b'), \quad (a, a')(b, b') = (ab,\ a'b + ab'),
///     \quad \frac{(a, a')}{(b, b')} = \Big(q,\ \frac{a' - q\,b'}{b}\Big),\ q = \frac{a}{b}. \f]
/// The quotient's form never squares b, so it overflows only when the result does.
///@{
template <Real T>
Dual<T> operator-(const Dual<T>& a) {
    return {-a.value, -a.slope};
}
template <Real T>
Dual<T> operator+(const Dual<T>& a, const Dual<T>& b) {
    return {a.value + b.value, a.slope + b.slope};
}
template <Real T>
Dual<T> operator-(const Dual<T>& a, const Dual<T>& b) {
    return {a.value - b.value, a.slope - b.slope};
}
template <Real T>
Dual<T> operator*(const Dual<T>& a, const Dual<T>& b) {
    return {a.value * b.value, a.slope * b.value + a.value * b.slope};
}
template <Real T>
Dual<T> operator/(const Dual<T>& a, const Dual<T>& b) {
    const T q = a.value / b.value;
    return {q, (a.slope - q * b.slope) / b.value};
}
///@}

namespace detail {

template <Real T>
bool finite(const T& x) {
    using std::isfinite;
    return isfinite(x);
}

/// Everything one evaluation needs: the formula (for messages), the variables, the limits, and
/// the perturbation's random state.
template <class N>
struct Context {
    const Expression& e;
    const std::map<std::string, N>& vars;
    const Evaluation& how;
    std::uint64_t random;     ///< xorshift64 state of the perturbation
    std::size_t steps = 0;    ///< nodes evaluated, to look at the clock now and then
};

constexpr bool never_0 = true;   ///< the value (or slope) of this function is never 0
constexpr bool may_be_0 = false;

template <class N>
[[noreturn]] void overflow(const Context<N>& c, const Node& n, const char* what) {
    using T = root_t<N>;
    throw range_error("overflow: " + std::string(what) + c.e.text_of(n) + " is beyond " +
                      std::string(number_name<T>()) + "'s range (about " +
                      to_short_string(std::numeric_limits<T>::max(), 2) + ")");
}

template <class N>
[[noreturn]] void underflow(const Context<N>& c, const Node& n, const char* what) {
    using T = root_t<N>;
    throw range_error("underflow: " + std::string(what) + c.e.text_of(n) +
                      " is not 0 but below " + std::string(number_name<T>()) +
                      "'s smallest number (about " +
                      to_short_string(std::numeric_limits<T>::min(), 2) + ")");
}

template <class N>
[[noreturn]] void out_of_domain(const Context<N>& c, const Node& n, const std::string& why) {
    throw domain_error(c.e.text_of(n) + ": " + why);
}

/// Checks a node's result and, when asked to, perturbs it by one unit in the last place.
/// \param nonzero true when the exact result is known not to be 0, so 0 means underflow
template <class N>
N finish(Context<N>& c, const Node& n, N r, bool nonzero) {
    if (!finite(value_of(r))) {
        overflow(c, n, "");
    }
    if (nonzero && value_of(r) == 0) {
        underflow(c, n, "");
    }
    if constexpr (is_dual<N>) {
        if (!finite(r.slope)) {
            overflow(c, n, "the derivative of ");
        }
    } else if (c.how.perturbation_seed != 0 && n.kind != Node::Kind::variable) {
        c.random ^= c.random << 13;
        c.random ^= c.random >> 7;
        c.random ^= c.random << 17;
        const N eps = epsilon<N>();
        r = r * (c.random & 1 ? N(1) + eps : N(1) - eps);
    }
    return r;
}

/// f(u), given v = f(u₀) and f′(u₀) as a function `slope` (called only for a dual u that
/// depends on the variable): the chain rule (v, f′(u₀)·u′), with the result checked.
template <class N, class Slope>
N chain(Context<N>& c, const Node& n, const N& u, const root_t<N>& v, bool value_never_0,
        Slope slope, bool slope_never_0) {
    if constexpr (is_dual<N>) {
        if (u.slope == 0) {
            return finish(c, n, N(v), value_never_0);
        }
        const root_t<N> s = slope();
        const root_t<N> d = s * u.slope;
        if (!finite(s) || !finite(d)) {
            overflow(c, n, "the derivative of ");
        }
        if ((slope_never_0 && s == 0) || (s != 0 && d == 0)) {
            underflow(c, n, "the derivative of ");
        }
        return finish(c, n, N(v, d), value_never_0);
    } else {
        return finish(c, n, N(v), value_never_0);
    }
}

/// σ(x) = 1 / (1 + e^−x), on the side where e^±x cannot overflow.
template <Real T>
T sigmoid_of(const T& x) {
    using std::exp;
    if (x >= 0) {
        return T(1) / (T(1) + exp(-x));
    }
    const T e = exp(x);
    return e / (T(1) + e);
}

/// softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|): no overflow, and no loss of the
/// small values where x ≪ 0 (there log(1 + e^x) would round 1 + e^x to 1).
template <Real T>
T softplus_of(const T& x) {
    using std::exp;
    return x > 0 ? T(x + boost::math::log1p(exp(-x))) : T(boost::math::log1p(exp(x)));
}

/// b^k for an integer k ≥ 0 by repeated squaring: about 2 log₂ k products instead of k, so
/// that x^999999 costs 40 products, and its rounding error grows with log k, not with k.
template <Real T>
T integer_power(T b, std::uint64_t k) {
    T r = 1;
    while (k != 0) {
        if (k & 1) {
            r *= b;
        }
        k >>= 1;
        if (k != 0) {
            b *= b;
        }
    }
    return r;
}

template <class N>
N eval(Context<N>& c, const Node& n);

/// The value of a constant sub-formula such as 3, -2 or (6/2), exactly (not perturbed).
/// Evaluated once per power: a tower such as 2^2^2^2 must cost linear, not exponential, time.
template <class N>
root_t<N> constant_value(Context<N>& c, const Node& e) {
    using T = root_t<N>;
    Evaluation exact = c.how;
    exact.perturbation_seed = 0;
    const std::map<std::string, T> none;
    Context<T> plain{c.e, none, exact, 0};
    return eval(plain, e);
}

template <class N>
N power(Context<N>& c, const Node& n) {
    using T = root_t<N>;
    using std::abs;
    using std::exp;
    using std::floor;
    using std::log;
    using std::pow;
    const N base = eval(c, *n.args[0]);
    const T b = value_of(base);
    if (n.args[1]->constant) {
        const T a = constant_value(c, *n.args[1]);
        if (a == floor(a) && abs(a) <= T(1e15)) {  // larger integers: through exp and log
            // b^k = b·b·…·b, defined for a negative base; (b^k)′ = k b^(k−1) = k b^k / b.
            const auto k = static_cast<std::int64_t>(to_double(a));
            const std::uint64_t magnitude = static_cast<std::uint64_t>(k < 0 ? -k : k);
            if (k < 0 && b == 0) {
                out_of_domain(c, n, "a negative power of 0 (division by zero)");
            }
            T v = integer_power(b, magnitude);
            v = k < 0 ? T(T(1) / v) : v;
            auto slope = [&] { return b == 0 ? T(k == 1 ? 1 : 0) : T(T(k) * v / b); };
            return chain(c, n, base, v, b != 0, slope, b != 0 && k != 0);
        }
        if (b <= 0) {
            out_of_domain(c, n, "a non-integer power needs a positive base, not " + to_short_string(b));
        }
        const T v = pow(b, a);  // b^a, a constant: (b^a)′ = a b^a / b
        return chain(c, n, base, v, never_0, [&] { return T(a * v / b); }, a != 0);
    }
    if (b <= 0) {
        out_of_domain(c, n, "a power with a variable exponent needs a positive base, not " +
                                to_short_string(b));
    }
    // b^e = e^(e log b): the exponent varies, so let the dual arithmetic differentiate it.
    const N exponent = eval(c, *n.args[1]);
    const N log_b = chain(c, n, base, log(b), may_be_0, [&] { return T(T(1) / b); }, never_0);
    const N product = finish(c, n, exponent * log_b, false);
    const T v = exp(value_of(product));
    return chain(c, n, product, v, never_0, [&] { return v; }, never_0);
}

template <class N>
N call(Context<N>& c, const Node& n) {
    using T = root_t<N>;
    using std::abs;
    using std::cos;
    using std::exp;
    using std::log;
    using std::sin;
    using std::sqrt;
    using std::tanh;
    const std::string& f = n.text == "ln" ? std::string("log") : n.text;
    if (f == "log") {
        const Node& a = *n.args[0];
        // log(σ(u)) = −softplus(−u): at u = 100, σ(u) rounds to 1 in 50 digits and its log
        // would lose every digit of the answer, −e^−100.
        if (a.kind == Node::Kind::call && a.text == "sigmoid") {
            const N u = eval(c, *a.args[0]);
            const T x = value_of(u);
            return chain(c, n, u, T(-softplus_of(T(-x))), never_0,
                         [&] { return sigmoid_of(T(-x)); }, never_0);
        }
        // log(1 + u) = log1p(u): exact for tiny u, where 1 + u would round to 1.
        auto is_one = [](const Node& m) {
            return m.kind == Node::Kind::number && literal<T>(m.text.c_str()) == 1;
        };
        if (a.kind == Node::Kind::add && (is_one(*a.args[0]) || is_one(*a.args[1]))) {
            const N u = eval(c, *a.args[is_one(*a.args[0]) ? 1 : 0]);
            const T x = value_of(u);
            if (x <= -1) {
                out_of_domain(c, n, "log of " + to_short_string(T(x + 1), 8));
            }
            return chain(c, n, u, T(boost::math::log1p(x)), x != 0,
                         [&] { return T(T(1) / (T(1) + x)); }, never_0);
        }
    }
    const N u = eval(c, *n.args[0]);
    const T x = value_of(u);
    if (f == "exp") {
        const T v = exp(x);
        return chain(c, n, u, v, never_0, [&] { return v; }, never_0);
    }
    if (f == "log") {
        if (x <= 0) {
            out_of_domain(c, n, "log of " + to_short_string(x, 8));
        }
        return chain(c, n, u, T(log(x)), may_be_0, [&] { return T(T(1) / x); }, never_0);
    }
    if (f == "sqrt") {
        if (x < 0) {
            out_of_domain(c, n, "sqrt of " + to_short_string(x, 8));
        }
        const T v = sqrt(x);
        auto slope = [&] {
            if (v == 0) {
                out_of_domain(c, n, "sqrt is not differentiable at 0 (its slope is infinite)");
            }
            return T(T(1) / (T(2) * v));
        };
        return chain(c, n, u, v, x != 0, slope, never_0);
    }
    if (f == "abs") {
        return chain(c, n, u, T(x >= 0 ? x : T(-x)), x != 0, [&] { return T(x >= 0 ? 1 : -1); },
                     never_0);
    }
    if (f == "sin" || f == "cos") {
        // Beyond 1/√ε the argument's last digits are worth more than a turn's fine detail:
        // sin(1e300) in 50 digits is noise, and Boost returns 0 for it.
        if (abs(x) > T(1) / sqrt(epsilon<T>())) {
            throw range_error(c.e.text_of(n) + ": the argument " + to_short_string(x, 3) +
                              " is too large to reduce modulo 2 pi in " +
                              std::string(number_name<T>()));
        }
        if (f == "sin") {
            return chain(c, n, u, T(sin(x)), may_be_0, [&] { return T(cos(x)); }, may_be_0);
        }
        return chain(c, n, u, T(cos(x)), may_be_0, [&] { return T(-sin(x)); }, may_be_0);
    }
    if (f == "tanh") {
        // tanh′ = sech² = 4t / (1 + t)², t = e^(−2|x|): no overflow, and not 1 − tanh², which
        // is 0 in 50 digits from |x| = 58 on.
        auto slope = [&] {
            const T t = exp(T(-2) * abs(x));
            return T(T(4) * t / ((T(1) + t) * (T(1) + t)));
        };
        return chain(c, n, u, T(tanh(x)), x != 0, slope, never_0);
    }
    if (f == "erf") {
        auto slope = [&] {
            return T(T(2) / sqrt(boost::math::constants::pi<T>()) * exp(-x * x));
        };
        return chain(c, n, u, T(boost::math::erf(x)), x != 0, slope, never_0);
    }
    if (f == "max" || f == "min") {
        const N y = eval(c, *n.args[1]);
        const bool first = f == "max" ? x >= value_of(y) : x <= value_of(y);
        return finish(c, n, first ? u : y, false);
    }
    if (f == "sign" || f == "step") {  // constant on each side of 0: slope 0
        const T v = f == "sign" ? T(x > 0 ? 1 : (x < 0 ? -1 : 0)) : T(x > 0 ? 1 : 0);
        return chain(c, n, u, v, may_be_0, [] { return T(0); }, may_be_0);
    }
    if (f == "sigmoid") {  // σ′ = σ(x) σ(−x), not σ(1 − σ), which is 0 where σ rounds to 1
        return chain(c, n, u, sigmoid_of(x), never_0,
                     [&] { return T(sigmoid_of(x) * sigmoid_of(T(-x))); }, never_0);
    }
    if (f == "relu") {
        return finish(c, n, x > 0 ? u : N(0), false);
    }
    if (f == "leaky_relu") {  // x for x > 0, else αx; α = 0.01 unless given
        const N alpha = n.args.size() > 1 ? eval(c, *n.args[1]) : constant<N>("0.01");
        return finish(c, n, x > 0 ? u : N(alpha * u), x != 0 && value_of(alpha) != 0);
    }
    if (f == "softplus") {
        return chain(c, n, u, softplus_of(x), never_0, [&] { return sigmoid_of(x); }, never_0);
    }
    if (f == "silu") {  // x σ(x); slope σ(x) (1 + x σ(−x))
        auto slope = [&] { return T(sigmoid_of(x) * (T(1) + x * sigmoid_of(T(-x)))); };
        return chain(c, n, u, T(x * sigmoid_of(x)), x != 0, slope, may_be_0);
    }
    if (f == "elu") {  // x for x > 0, else e^x − 1 (as expm1: exact near 0)
        return chain(c, n, u, x > 0 ? x : T(boost::math::expm1(x)), x != 0,
                     [&] { return x > 0 ? T(1) : T(exp(x)); }, never_0);
    }
    if (f == "gelu") {
        // x Φ(x) with Φ(x) = erfc(−x/√2)/2, not (1 + erf(x/√2))/2, which is 0 in 50 digits
        // from x = −15 on; slope Φ(x) + x φ(x), φ(x) = e^(−x²/2)/√(2π).
        const T root2 = sqrt(T(2));
        const T cdf = boost::math::erfc(T(-x / root2)) / T(2);
        auto slope = [&] {
            const T pdf = exp(-x * x / T(2)) / sqrt(T(2) * boost::math::constants::pi<T>());
            return T(cdf + x * pdf);
        };
        return chain(c, n, u, T(x * cdf), x != 0, slope, may_be_0);
    }
    throw input_error("unknown function '" + n.text + "'");  // parse() prevents this
}

template <class N>
N eval(Context<N>& c, const Node& n) {
    if (c.how.deadline != std::chrono::steady_clock::time_point::max() && (++c.steps & 1023) == 0 &&
        std::chrono::steady_clock::now() > c.how.deadline) {
        throw time_limit_error("the formula's evaluation ran past the time limit");
    }
    using T = root_t<N>;
    using K = Node::Kind;
    switch (n.kind) {
        case K::number:
            return finish(c, n, constant<N>(n.text), false);
        case K::variable: {
            const auto it = c.vars.find(n.text);
            if (it != c.vars.end()) {
                return it->second;
            }
            if (n.text == "pi") {
                return finish(c, n, N(boost::math::constants::pi<T>()), true);
            }
            throw input_error("the variable '" + n.text + "' has no value");
        }
        case K::negate:
            return -eval(c, *n.args[0]);
        case K::add:
            return finish(c, n, N(eval(c, *n.args[0]) + eval(c, *n.args[1])), false);
        case K::subtract:
            return finish(c, n, N(eval(c, *n.args[0]) - eval(c, *n.args[1])), false);
        case K::multiply: {
            const N a = eval(c, *n.args[0]);
            const N b = eval(c, *n.args[1]);
            return finish(c, n, N(a * b), value_of(a) != 0 && value_of(b) != 0);
        }
        case K::divide: {
            const N a = eval(c, *n.args[0]);
            const N b = eval(c, *n.args[1]);
            if (value_of(b) == 0) {
                out_of_domain(c, n, "division by zero");
            }
            return finish(c, n, N(a / b), value_of(a) != 0);
        }
        case K::power:
            return power(c, n);
        case K::call:
            return call(c, n);
    }
    throw input_error("unknown formula node");  // unreachable: every kind is handled above
}

}  // namespace detail

template <Real T>
void require_representable(const Expression& e) {
    auto visit = [&e](const Node& n, auto& self) -> void {
        if (n.kind == Node::Kind::number) {
            const T v = literal<T>(n.text.c_str());
            const std::string mantissa = n.text.substr(0, n.text.find_first_of("eE"));
            const bool zero = mantissa.find_first_not_of("0.") == std::string::npos;
            if (!detail::finite(v) || (v == 0 && !zero)) {
                throw syntax_error(e.text(), n.position,
                                   "the number " + n.text + " is beyond " +
                                       std::string(number_name<T>()) + "'s range (about " +
                                       to_short_string(std::numeric_limits<T>::min(), 2) + " to " +
                                       to_short_string(std::numeric_limits<T>::max(), 2) + ")");
            }
        }
        for (const auto& a : n.args) {
            self(*a, self);
        }
    };
    visit(e.root(), visit);
}

template <class N>
N evaluate(const Expression& e, const std::map<std::string, N>& vars, const Evaluation& how) {
    detail::Context<N> c{e, vars, how, how.perturbation_seed | 1};
    return detail::eval(c, e.root());
}

}  // namespace nnref::formula
