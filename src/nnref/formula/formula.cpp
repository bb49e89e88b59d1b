#include "nnref/formula/formula.hpp"

#include <algorithm>
#include <cctype>

namespace nnref::formula {

namespace {

/// The caret goes under the character at byte `position`: count the characters before it,
/// not the bytes, so that it stays in place after a π or a −.
std::string caret_message(const std::string& formula, std::size_t position, const std::string& what) {
    const std::size_t end = std::min(position, formula.size());
    const auto columns = std::count_if(formula.begin(), formula.begin() + static_cast<long>(end),
                                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    return "syntax error in formula: " + what + "\n    " + formula + "\n    " +
           std::string(static_cast<std::size_t>(columns), ' ') + "^";
}

/// Levenshtein distance, for "did you mean".
std::size_t distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

/// What to type instead of a non-ASCII character people paste from notes and papers.
struct Replacement {
    const char* utf8;
    const char* name;
    const char* type;
};
constexpr Replacement replacements[] = {
    {"\u03C0", "pi", "pi"},          {"\u03C3", "sigma", "sigmoid(...)"},
    {"\u00B2", "superscript 2", "^2"}, {"\u00B3", "superscript 3", "^3"},
    {"\u2212", "minus sign", "-"},   {"\u2013", "en dash", "-"},
    {"\u00D7", "multiplication sign", "*"}, {"\u00B7", "middle dot", "*"},
    {"\u22C5", "dot operator", "*"}, {"\u00F7", "division sign", "/"},
    {"\u221A", "square root", "sqrt(...)"}, {"\u2032", "prime", "a name such as dfdx"},
    {"\u03B1", "alpha", "alpha"},    {"\u03B2", "beta", "beta"},
    {"\u03B8", "theta", "theta"},    {"\u03BB", "lambda", "lambda"},
    {"\u03B7", "eta", "eta"},        {"\u03B5", "epsilon", "eps"},
};

using NodePtr = std::shared_ptr<const Node>;

/// Recursive descent, one function per precedence level:
///   expr    := term (('+' | '-') term)*
///   term    := unary (('*' | '/') unary)*
///   unary   := ('-' | '+') unary | power
///   power   := primary ('^' unary)?          (right-associative)
///   primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
/// Each recursion (a parenthesis, a sign, an exponent) and each node's depth is counted, so
/// that no formula can exhaust the stack of the parser or of the evaluator.
class Parser {
public:
    explicit Parser(const std::string& text) : s_(text) {}

    NodePtr parse() {
        if (s_.size() > Limits::max_length) {
            pos_ = Limits::max_length;
            fail("the formula is longer than " + std::to_string(Limits::max_length) + " characters");
        }
        skip_space();
        if (pos_ == s_.size()) {
            fail("the formula is empty");
        }
        NodePtr e = expr();
        skip_space();
        if (pos_ != s_.size()) {
            fail(unexpected());
        }
        return e;
    }

private:
    [[noreturn]] void fail(const std::string& what) { throw syntax_error(s_, pos_, what); }

    /// Counts one level of nesting for as long as it lives.
    class Nesting {
    public:
        explicit Nesting(Parser& p) : p_(p) {
            if (++p_.nesting_ > Limits::max_depth) {
                p_.fail("the formula nests more than " + std::to_string(Limits::max_depth) +
                        " levels deep");
            }
        }
        ~Nesting() { --p_.nesting_; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;

    private:
        Parser& p_;
    };

    /// A node spanning the formula from `start` to here. Its depth is checked too: a sum of
    /// 10,000 terms nests 10,000 deep although the parser never recursed.
    NodePtr make(Node::Kind kind, std::string text, std::size_t start, std::vector<NodePtr> args = {}) {
        auto n = std::make_shared<Node>();
        n->kind = kind;
        n->text = std::move(text);
        n->position = start;
        n->length = pos_ - start;
        n->constant = kind == Node::Kind::number || (kind == Node::Kind::variable && n->text == "pi");
        std::size_t depth = 0;
        if (!args.empty()) {
            n->constant = true;
            for (const auto& a : args) {
                n->constant = n->constant && a->constant;
                depth = std::max(depth, a->depth);
            }
        }
        n->args = std::move(args);
        if (depth + 1 > Limits::max_depth) {
            fail("the formula nests more than " + std::to_string(Limits::max_depth) +
                 " operations deep (split a long sum into parts, or use another tool)");
        }
        n->depth = depth + 1;
        return n;
    }

    void skip_space() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) {
            ++pos_;
        }
    }

    bool accept(char c) {
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    /// The message for a character that cannot come here, with what to type for the
    /// non-ASCII ones people paste.
    std::string unexpected() const {
        const auto byte = static_cast<unsigned char>(s_[pos_]);
        if (byte < 0x80) {
            if (std::isprint(byte)) {
                return std::string("unexpected '") + s_[pos_] + "'";
            }
            return "unexpected control character " + std::to_string(byte);
        }
        for (const auto& r : replacements) {
            if (s_.compare(pos_, std::char_traits<char>::length(r.utf8), r.utf8) == 0) {
                return std::string("'") + r.utf8 + "' (" + r.name +
                       ") is not part of the formula language: type " + r.type;
            }
        }
        return "unexpected non-ASCII character: formulas are written in ASCII (letters, digits, "
               "+ - * / ^ ( ) , and spaces)";
    }

    NodePtr expr() {
        const Nesting level(*this);
        skip_space();
        const std::size_t start = pos_;
        NodePtr left = term();
        for (;;) {
            if (accept('+')) {
                NodePtr right = term();
                left = make(Node::Kind::add, "+", start, {left, right});
            } else if (accept('-')) {
                NodePtr right = term();
                left = make(Node::Kind::subtract, "-", start, {left, right});
            } else {
                return left;
            }
        }
    }

    NodePtr term() {
        skip_space();
        const std::size_t start = pos_;
        NodePtr left = unary();
        for (;;) {
            if (accept('*')) {
                NodePtr right = unary();
                left = make(Node::Kind::multiply, "*", start, {left, right});
            } else if (accept('/')) {
                NodePtr right = unary();
                left = make(Node::Kind::divide, "/", start, {left, right});
            } else {
                return left;
            }
        }
    }

    NodePtr unary() {
        skip_space();
        const std::size_t start = pos_;
        if (accept('-')) {
            const Nesting level(*this);
            NodePtr operand = unary();
            return make(Node::Kind::negate, "-", start, {operand});
        }
        if (accept('+')) {
            const Nesting level(*this);
            return unary();
        }
        return power();
    }

    NodePtr power() {
        skip_space();
        const std::size_t start = pos_;
        NodePtr base = primary();
        if (accept('^')) {
            const Nesting level(*this);
            NodePtr exponent = unary();
            return make(Node::Kind::power, "^", start, {base, exponent});
        }
        return base;
    }

    NodePtr primary() {
        skip_space();
        if (pos_ == s_.size()) {
            fail("the formula ends where a number, a variable or '(' was expected");
        }
        const char c = s_[pos_];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            return number();
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            return name();
        }
        if (accept('(')) {
            NodePtr inner = expr();
            if (!accept(')')) {
                fail(pos_ < s_.size() ? unexpected() + ": expected ')' to close the '(' here or earlier"
                                      : "expected ')' to close the '(' here or earlier");
            }
            return inner;
        }
        fail(unexpected() + (static_cast<unsigned char>(c) < 0x80
                                 ? ": expected a number, a variable or '('"
                                 : ""));
    }

    NodePtr number() {
        const std::size_t start = pos_;
        auto digits = [&] {
            const std::size_t from = pos_;
            while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
                ++pos_;
            }
            return pos_ - from;
        };
        std::size_t n = digits();
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            n += digits();
        }
        if (n == 0) {
            pos_ = start;
            fail("a lone '.' is not a number");
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            const std::size_t e = pos_++;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) {
                ++pos_;
            }
            const std::size_t exponent_start = pos_;
            if (digits() == 0) {
                pos_ = e;
                fail("an exponent needs digits, as in 1e-3");
            }
            // Leading zeros aside, at most 9 digits: the number conversion counts the
            // exponent in an int, and 1e9999999999 would overflow it.
            const std::string exponent = s_.substr(exponent_start, pos_ - exponent_start);
            const auto significant = exponent.size() - std::min(exponent.find_first_not_of('0'), exponent.size());
            if (significant > static_cast<std::size_t>(Limits::max_exponent_digits)) {
                pos_ = exponent_start;
                fail("this exponent is beyond any number type's range (at most " +
                     std::to_string(Limits::max_exponent_digits) + " digits)");
            }
        }
        if (pos_ - start > Limits::max_number) {
            pos_ = start;
            fail("a number longer than " + std::to_string(Limits::max_number) + " characters");
        }
        return make(Node::Kind::number, s_.substr(start, pos_ - start), start);
    }

    /// "did you mean": another spelling we know, else the nearest function name.
    std::string suggestion(const std::string& id) const {
        if (const auto other = other_spellings().find(id); other != other_spellings().end()) {
            return " (write " + other->second + ")";
        }
        std::string best;
        std::size_t best_d = 3;  // suggest only close names
        for (const auto& [known, f] : functions()) {
            const std::size_t d = distance(id, known);
            if (d < best_d) {
                best = known;
                best_d = d;
            }
        }
        return best.empty() ? std::string("") : " (did you mean '" + best + "'?)";
    }

    NodePtr name() {
        const std::size_t start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) {
            ++pos_;
        }
        const std::string id = s_.substr(start, pos_ - start);
        if (!accept('(')) {
            if (functions().count(id) != 0) {
                pos_ = start;
                fail("'" + id + "' is a function: write " + id + "(...)");
            }
            return make(Node::Kind::variable, id, start);
        }
        const auto f = functions().find(id);
        if (f == functions().end()) {
            pos_ = start;
            fail("unknown function '" + id + "'" + suggestion(id));
        }
        std::vector<NodePtr> args = {expr()};
        while (accept(',')) {
            args.push_back(expr());
        }
        if (!accept(')')) {
            fail("expected ')' or ',' in the arguments of " + id);
        }
        const auto count = static_cast<int>(args.size());
        if (count < f->second.min_args || count > f->second.max_args) {
            const int lo = f->second.min_args, hi = f->second.max_args;
            pos_ = start;
            fail("'" + id + "' takes " + std::to_string(lo) +
                 (hi == lo ? "" : " or " + std::to_string(hi)) + " argument" + (hi == 1 ? "" : "s") +
                 ", got " + std::to_string(count));
        }
        return make(Node::Kind::call, id, start, std::move(args));
    }

    const std::string& s_;
    std::size_t pos_ = 0;
    std::size_t nesting_ = 0;
};

void collect(const Node& n, std::set<std::string>& out) {
    if (n.kind == Node::Kind::variable && n.text != "pi") {  // pi is a constant
        out.insert(n.text);
    }
    for (const auto& a : n.args) {
        collect(*a, out);
    }
}

}  // namespace

syntax_error::syntax_error(const std::string& formula, std::size_t pos, const std::string& what)
    : input_error(caret_message(formula, pos, what)), position(pos) {}

const std::map<std::string, Function>& functions() {
    static const std::map<std::string, Function> all = {
        {"exp", {1, 1, "e^x"}},
        {"log", {1, 1, "the natural logarithm"}},
        {"ln", {1, 1, "the natural logarithm (log)"}},
        {"sqrt", {1, 1, "the square root"}},
        {"abs", {1, 1, "|x|"}},
        {"sin", {1, 1, "sine"}},
        {"cos", {1, 1, "cosine"}},
        {"tanh", {1, 1, "hyperbolic tangent"}},
        {"erf", {1, 1, "the error function"}},
        {"max", {2, 2, "the larger of two"}},
        {"min", {2, 2, "the smaller of two"}},
        {"sign", {1, 1, "-1, 0 or 1"}},
        {"step", {1, 1, "1 for x > 0, else 0 (so step(0) = 0, as relu'(0) in PyTorch)"}},
        {"sigmoid", {1, 1, "1 / (1 + e^-x)"}},
        {"relu", {1, 1, "max(x, 0)"}},
        {"leaky_relu", {1, 2, "x for x > 0, else alpha x (alpha = 0.01 unless given)"}},
        {"softplus", {1, 1, "log(1 + e^x)"}},
        {"gelu", {1, 1, "x Phi(x), Phi the normal distribution function"}},
        {"silu", {1, 1, "x sigmoid(x)"}},
        {"elu", {1, 1, "x for x > 0, else e^x - 1"}},
    };
    return all;
}

const std::map<std::string, std::string>& other_spellings() {
    static const std::map<std::string, std::string> all = {
        {"pow", "x^y for a power"},
        {"power", "x^y for a power"},
        {"square", "x^2"},
        {"log10", "log(x)/log(10)"},
        {"log2", "log(x)/log(2)"},
        {"tan", "sin(x)/cos(x)"},
        {"sinh", "(exp(x)-exp(-x))/2"},
        {"cosh", "(exp(x)+exp(-x))/2"},
        {"logistic", "sigmoid(x)"},
        {"sgn", "sign(x)"},
        {"signum", "sign(x)"},
        {"heaviside", "step(x)"},
        {"swish", "silu(x)"},
        {"lrelu", "leaky_relu(x)"},
        {"leakyrelu", "leaky_relu(x)"},
        {"logsigmoid", "log(sigmoid(x))"},
        {"exp2", "2^x"},
        {"fabs", "abs(x)"},
    };
    return all;
}

Expression Expression::parse(const std::string& text) {
    Expression e;
    e.text_ = text;
    e.root_ = Parser(e.text_).parse();
    return e;
}

std::set<std::string> Expression::variables() const {
    std::set<std::string> out;
    collect(*root_, out);
    return out;
}

}  // namespace nnref::formula
