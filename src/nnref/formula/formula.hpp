/// \file
/// \brief Formulas typed by a student, such as `x*sigmoid(w*x+b)`, parsed once and evaluated
///        exactly in hp50 or hp100, or as dual numbers that carry the derivative too. Used by
///        `nnref check`.
///
/// The language: decimal numbers (exact: `0.1` is 1/10 to every digit), variables (letters,
/// digits, `_`), `+ - * / ^`, unary minus, parentheses, the constant `pi`, and the functions
/// `exp log ln sqrt abs sin cos tanh erf max min sign step sigmoid relu leaky_relu softplus
/// gelu silu elu` (functions()). `^` binds tighter than unary minus and is right-associative:
/// `-x^2^3` is −(x^(2^3)). An exponent without a variable in it that is an integer, such as
/// `3`, `-2` or `(6/2)`, is an integer power, defined for a negative base.
///
/// It is a small recursive-descent parser (one function per precedence level), which is
/// shorter and easier to read than a Boost.Spirit grammar, and gives exact error positions.
///
/// **Evaluation never lies about a value.** Every node's result is checked: an overflow to
/// infinity, or an underflow to 0 of something that is not 0 (a product of two non-zero
/// numbers, e^x), throws nnref::range_error naming the sub-formula, so a check can say "cannot
/// judge here" instead of comparing garbage. Functions are evaluated in forms that are stable
/// over the whole range of the number type: softplus through log1p, `log(sigmoid(u))` as
/// −softplus(−u), `log(1 + u)` as log1p(u), sigmoid on the side where e^x cannot overflow.
///
/// Chapter 3 explains it: \ref ch03_checking
/// (`nnref check`: \ref ch03_using "section 7: using the checker"); the tests are
/// tests/test_check_command.cpp.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/log1p.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
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
    /// \param position the 0-based byte offset of the error
    /// \param what what is wrong there
    syntax_error(const std::string& formula, std::size_t position, const std::string& what);
    std::size_t position;  ///< 0-based byte offset of the error in the formula
};

/// A formula evaluated outside its domain (log of a negative number, division by zero).
class domain_error : public numeric_error {
public:
    using numeric_error::numeric_error;
};

/// The limits that keep any input cheap to parse and to evaluate (the parser reports a
/// formula beyond them as a syntax error at the place it crosses them).
struct Limits {
    static constexpr std::size_t max_length = 10000;  ///< characters in a formula
    static constexpr std::size_t max_depth = 1000;    ///< nesting: parentheses, operators, calls
    static constexpr std::size_t max_number = 1000;   ///< characters in one number
    static constexpr int max_exponent_digits = 9;     ///< 1e999999999 at most: within any int
};

/// One node of the syntax tree.
struct Node {
    enum class Kind { number, variable, negate, add, subtract, multiply, divide, power, call };
    Kind kind = Kind::number;
    std::string text;  ///< the number's digits, the variable's or the function's name
    std::vector<std::shared_ptr<const Node>> args;  ///< operands or function arguments
    std::size_t position = 0;  ///< where the node's text starts in the formula
    std::size_t length = 0;    ///< how many characters of the formula it spans
    std::size_t depth = 1;     ///< 1 for a leaf, else 1 + its deepest argument's depth
    bool constant = false;     ///< no variable below it (`pi` is a constant)
};

/// A function of the language: how many arguments it takes and what it computes.
struct Function {
    int min_args = 1;
    int max_args = 1;
    std::string meaning;  ///< e.g. "1 / (1 + e^-x)"
};

/// The functions the language knows, by name (`ln` is `log`).
const std::map<std::string, Function>& functions();

/// Names people type that the language spells differently, with what to type instead:
/// `pow` → `x^y`, `tan` → `sin(x)/cos(x)`, ... Used for "did you mean".
const std::map<std::string, std::string>& other_spellings();

/// A parsed formula. Cheap to copy.
class Expression {
public:
    /// Parses `text`; throws syntax_error with a caret for bad syntax, an unknown function
    /// (with the nearest known name), a wrong number of arguments, a character that is not
    /// part of the language (with what to type instead: `pi` for π), or a formula beyond
    /// Limits.
    static Expression parse(const std::string& text);

    /// The formula as typed.
    const std::string& text() const { return text_; }
    /// Every variable name the formula uses (not `pi`, which is the constant π).
    std::set<std::string> variables() const;
    /// The syntax tree's root.
    const Node& root() const { return *root_; }
    /// The part of the formula that a node spans, for messages.
    std::string text_of(const Node& n) const { return text_.substr(n.position, n.length); }

private:
    std::string text_;
    std::shared_ptr<const Node> root_;
};

/// A number together with its derivative along one variable: forward-mode automatic
/// differentiation. Every operation applies the chain rule once,
/// \f[ f(u)\colon\ (u, u') \mapsto (f(u),\ f'(u)\,u'), \f]
/// so evaluating a formula at (x, 1) gives f(x) and f′(x), exact up to rounding.
template <Real T>
struct Dual {
    /// A constant has slope 0; the variable being differentiated by has slope 1.
    Dual(const T& v = T(0), const T& s = T(0)) : value(v), slope(s) {}  // NOLINT: a T is a constant Dual
    T value;  ///< the number
    T slope;  ///< its derivative along the chosen variable
};

/// How to evaluate.
struct Evaluation {
    /// Give up (nnref::time_limit_error) after this moment.
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    /// Not 0: after every rounded operation, move the result by one unit in the last place,
    /// up or down at random (seeded by this). The spread of a few such evaluations estimates
    /// how many digits the formula loses to rounding at a point (discrete stochastic
    /// arithmetic: J. Vignes, "Discrete Stochastic Arithmetic for Validating Results of
    /// Numerical Software", Numerical Algorithms 37, 2004). Plain numbers only.
    std::uint64_t perturbation_seed = 0;
};

namespace detail {

template <class N>
struct root_of {
    using type = N;
};
template <Real T>
struct root_of<Dual<T>> {
    using type = T;
};
/// The number type under N: T for T and for Dual<T>.
template <class N>
using root_t = typename root_of<N>::type;

template <class N>
constexpr bool is_dual = !std::is_same_v<N, root_t<N>>;

}  // namespace detail

/// The value part of a number: itself, or a dual number's value.
template <class N>
detail::root_t<N> value_of(const N& x) {
    if constexpr (detail::is_dual<N>) {
        return x.value;
    } else {
        return x;
    }
}

/// A decimal constant, exact in T (a dual number's constant has slope 0).
template <class N>
N constant(const std::string& digits) {
    return N(literal<detail::root_t<N>>(digits.c_str()));
}

/// Throws syntax_error, with a caret, at the first number of the formula that is beyond T's
/// range: too large (overflows to infinity) or too small (rounds to 0 although not 0).
template <Real T>
void require_representable(const Expression& e);

/// Evaluates the formula with the given variable values, in T (hp50, hp100, double) or in
/// Dual<T> (then the variable to differentiate by has slope 1, the others slope 0).
/// \throws domain_error outside the formula's domain; range_error on overflow or underflow;
///         time_limit_error after how.deadline; input_error for a missing variable
template <class N>
N evaluate(const Expression& e, const std::map<std::string, N>& vars, const Evaluation& how = {});

}  // namespace nnref::formula

#include "nnref/formula/evaluate.hpp"
