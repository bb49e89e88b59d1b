/// \file
/// \brief Formulas typed by a student, such as `x*sigmoid(w*x+b)`, parsed once and evaluated
///        exactly in hp50, hp100 or Boost.Math autodiff numbers. Used by `nnref check`.
///
/// The language: decimal numbers (exact: `0.1` is 1/10 to every digit), variables (letters,
/// digits, `_`), `+ - * / ^`, unary minus, parentheses, and the functions
/// `exp log sqrt abs sin cos tanh erf max min sigmoid relu softplus gelu silu elu`, and the
/// constant `pi`.
/// `^` binds tighter than unary minus and is right-associative: `-x^2^3` is −(x^(2^3)).
///
/// It is a small recursive-descent parser (one function per precedence level), which is
/// shorter and easier to read than a Boost.Spirit grammar, and gives exact error positions.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/differentiation/autodiff.hpp>
#include <boost/math/special_functions/erf.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace nnref::formula {

/// A formula that cannot be parsed. The message shows the formula with a caret under the
/// error position.
class syntax_error : public input_error {
public:
    /// \param formula the text being parsed
    /// \param position the 0-based offset of the error
    /// \param what what is wrong there
    syntax_error(const std::string& formula, std::size_t position, const std::string& what);
    std::size_t position;  ///< 0-based offset of the error in the formula
};

/// A formula evaluated outside its domain (log of a negative number, division by zero).
class domain_error : public numeric_error {
public:
    using numeric_error::numeric_error;
};

/// One node of the syntax tree.
struct Node {
    enum class Kind { number, variable, negate, add, subtract, multiply, divide, power, call };
    Kind kind = Kind::number;
    std::string text;  ///< the number's digits, the variable's or the function's name
    std::vector<std::shared_ptr<const Node>> args;  ///< operands or function arguments
};

/// The functions the language knows, with their number of arguments.
const std::map<std::string, int>& functions();

/// A parsed formula. Cheap to copy.
class Expression {
public:
    /// Parses `text`; throws syntax_error with a caret for bad syntax, an unknown function
    /// (with the nearest known name) or a wrong number of arguments.
    static Expression parse(const std::string& text);

    /// The formula as typed.
    const std::string& text() const { return text_; }
    /// Every variable name the formula uses (not `pi`, which is the constant π).
    std::set<std::string> variables() const;
    /// The syntax tree's root.
    const Node& root() const { return *root_; }

private:
    std::string text_;
    std::shared_ptr<const Node> root_;
};

/// The value part of a number: itself for hp50 / hp100, the 0th derivative for autodiff.
template <class N>
auto value_of(const N& x) {
    if constexpr (std::is_arithmetic_v<N> || Real<N>) {
        return x;
    } else {
        return static_cast<typename N::root_type>(x);
    }
}

/// A decimal constant, exact in N.
template <class N>
N constant(const std::string& digits) {
    if constexpr (Real<N>) {
        return literal<N>(digits.c_str());
    } else {
        using R = typename N::root_type;
        return N(literal<R>(digits.c_str()));
    }
}

namespace detail {

template <class N>
[[noreturn]] void out_of_domain(const std::string& what, const N& x) {
    throw domain_error(what + " of " + to_short_string(value_of(x), 8));
}

template <class N>
N sigmoid_of(const N& x) {
    using std::exp;
    if (value_of(x) >= 0) {
        return N(1) / (N(1) + exp(-x));
    }
    const N e = exp(x);
    return e / (N(1) + e);
}

template <class N>
N eval(const Node& n, const std::map<std::string, N>& vars) {
    using std::abs;
    using std::cos;
    using std::exp;
    using std::log;
    using std::sin;
    using std::sqrt;
    using std::tanh;
    using K = Node::Kind;
    auto arg = [&](std::size_t i) { return eval<N>(*n.args[i], vars); };
    switch (n.kind) {
        case K::number:
            return constant<N>(n.text);
        case K::variable: {
            const auto it = vars.find(n.text);
            if (it == vars.end() && n.text == "pi") {
                if constexpr (Real<N>) {
                    return boost::math::constants::pi<N>();
                } else {
                    return N(boost::math::constants::pi<typename N::root_type>());
                }
            }
            if (it == vars.end()) {
                throw input_error("the variable '" + n.text + "' has no value");
            }
            return it->second;
        }
        case K::negate:
            return -arg(0);
        case K::add:
            return arg(0) + arg(1);
        case K::subtract:
            return arg(0) - arg(1);
        case K::multiply:
            return arg(0) * arg(1);
        case K::divide: {
            const N d = arg(1);
            if (value_of(d) == 0) {
                throw domain_error("division by zero");
            }
            return arg(0) / d;
        }
        case K::power: {
            const N base = arg(0);
            // An integer exponent written as a number is repeated multiplication: exact, and
            // defined for a negative base.
            const Node* e = n.args[1].get();
            const bool negative = e->kind == K::negate;
            if (negative) {
                e = e->args[0].get();
            }
            if (e->kind == K::number && e->text.find_first_of(".eE") == std::string::npos &&
                e->text.size() < 7) {
                const long k = std::stol(e->text);
                N result = N(1);
                for (long i = 0; i < k; ++i) {
                    result = result * base;
                }
                if (negative) {
                    if (value_of(result) == 0) {
                        throw domain_error("division by zero (a negative power of 0)");
                    }
                    return N(1) / result;
                }
                return result;
            }
            if (value_of(base) <= 0) {
                out_of_domain("a power with a non-integer exponent", base);
            }
            return exp(arg(1) * log(base));
        }
        case K::call:
            break;
    }
    const std::string& f = n.text;
    const N x = arg(0);
    if (f == "exp") return exp(x);
    if (f == "log") {
        if (value_of(x) <= 0) out_of_domain("log", x);
        return log(x);
    }
    if (f == "sqrt") {
        if (value_of(x) < 0) out_of_domain("sqrt", x);
        return sqrt(x);
    }
    if (f == "abs") return value_of(x) >= 0 ? x : N(-x);
    if (f == "sin") return sin(x);
    if (f == "cos") return cos(x);
    if (f == "tanh") return tanh(x);
    if (f == "erf") {
        if constexpr (Real<N>) {
            return boost::math::erf(x);
        } else {
            return erf(x);
        }
    }
    if (f == "max") {
        const N y = arg(1);
        return value_of(x) >= value_of(y) ? x : y;
    }
    if (f == "min") {
        const N y = arg(1);
        return value_of(x) <= value_of(y) ? x : y;
    }
    if (f == "sigmoid") return sigmoid_of(x);
    if (f == "relu") return value_of(x) > 0 ? x : N(0);
    if (f == "softplus") {
        // max(x, 0) + log(1 + e^-|x|), without overflow
        return value_of(x) > 0 ? N(x + log(N(1) + exp(-x))) : N(log(N(1) + exp(x)));
    }
    if (f == "silu") return x * sigmoid_of(x);
    if (f == "elu") return value_of(x) > 0 ? x : N(exp(x) - N(1));
    if (f == "gelu") {
        // x Φ(x) = x (1 + erf(x / √2)) / 2
        const N s = x / sqrt(N(2));
        if constexpr (Real<N>) {
            return x * (N(1) + boost::math::erf(s)) / N(2);
        } else {
            return x * (N(1) + erf(s)) / N(2);
        }
    }
    throw input_error("unknown function '" + f + "'");  // parse() prevents this
}

}  // namespace detail

/// Evaluates the formula with the given variable values, in N: hp50, hp100, or an autodiff
/// number such as `boost::math::differentiation::fvar<hp50, 1>`.
/// \throws domain_error outside the formula's domain; input_error for a missing variable
template <class N>
N evaluate(const Expression& e, const std::map<std::string, N>& vars) {
    return detail::eval<N>(e.root(), vars);
}

}  // namespace nnref::formula
