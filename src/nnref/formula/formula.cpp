#include "nnref/formula/formula.hpp"

#include <algorithm>
#include <cctype>

namespace nnref::formula {

namespace {

std::string caret_message(const std::string& formula, std::size_t position, const std::string& what) {
    return "syntax error in formula: " + what + "\n    " + formula + "\n    " +
           std::string(std::min(position, formula.size()), ' ') + "^";
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

using NodePtr = std::shared_ptr<const Node>;

NodePtr make(Node::Kind kind, std::string text, std::vector<NodePtr> args = {}) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->text = std::move(text);
    n->args = std::move(args);
    return n;
}

/// Recursive descent, one function per precedence level:
///   expr    := term (('+' | '-') term)*
///   term    := unary (('*' | '/') unary)*
///   unary   := ('-' | '+') unary | power
///   power   := primary ('^' unary)?          (right-associative)
///   primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
class Parser {
public:
    explicit Parser(const std::string& text) : s_(text) {}

    NodePtr parse() {
        skip_space();
        if (pos_ == s_.size()) {
            fail("the formula is empty");
        }
        NodePtr e = expr();
        skip_space();
        if (pos_ != s_.size()) {
            fail(std::string("unexpected '") + s_[pos_] + "'");
        }
        return e;
    }

private:
    [[noreturn]] void fail(const std::string& what) { throw syntax_error(s_, pos_, what); }

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

    NodePtr expr() {
        NodePtr left = term();
        for (;;) {
            if (accept('+')) {
                left = make(Node::Kind::add, "+", {left, term()});
            } else if (accept('-')) {
                left = make(Node::Kind::subtract, "-", {left, term()});
            } else {
                return left;
            }
        }
    }

    NodePtr term() {
        NodePtr left = unary();
        for (;;) {
            if (accept('*')) {
                left = make(Node::Kind::multiply, "*", {left, unary()});
            } else if (accept('/')) {
                left = make(Node::Kind::divide, "/", {left, unary()});
            } else {
                return left;
            }
        }
    }

    NodePtr unary() {
        if (accept('-')) {
            return make(Node::Kind::negate, "-", {unary()});
        }
        if (accept('+')) {
            return unary();
        }
        return power();
    }

    NodePtr power() {
        NodePtr base = primary();
        if (accept('^')) {
            return make(Node::Kind::power, "^", {base, unary()});
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
                fail("expected ')' to close the '(' here or earlier");
            }
            return inner;
        }
        fail(std::string("unexpected '") + c + "': expected a number, a variable or '('");
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
            if (digits() == 0) {
                pos_ = e;
                fail("an exponent needs digits, as in 1e-3");
            }
        }
        return make(Node::Kind::number, s_.substr(start, pos_ - start));
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
            return make(Node::Kind::variable, id);
        }
        const auto f = functions().find(id);
        if (f == functions().end()) {
            std::string best;
            std::size_t best_d = 3;  // suggest only close names
            for (const auto& [known, arity] : functions()) {
                const std::size_t d = distance(id, known);
                if (d < best_d) {
                    best = known;
                    best_d = d;
                }
            }
            pos_ = start;
            fail("unknown function '" + id + "'" +
                 (best.empty() ? std::string("") : " (did you mean '" + best + "'?)"));
        }
        std::vector<NodePtr> args = {expr()};
        while (accept(',')) {
            args.push_back(expr());
        }
        if (!accept(')')) {
            fail("expected ')' or ',' in the arguments of " + id);
        }
        if (static_cast<int>(args.size()) != f->second) {
            pos_ = start;
            fail("'" + id + "' takes " + std::to_string(f->second) + " argument" +
                 (f->second == 1 ? "" : "s") + ", got " + std::to_string(args.size()));
        }
        return make(Node::Kind::call, id, std::move(args));
    }

    const std::string& s_;
    std::size_t pos_ = 0;
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

const std::map<std::string, int>& functions() {
    static const std::map<std::string, int> all = {
        {"exp", 1},     {"log", 1},  {"sqrt", 1}, {"abs", 1},      {"sin", 1},
        {"cos", 1},     {"tanh", 1}, {"erf", 1},  {"max", 2},      {"min", 2},
        {"sigmoid", 1}, {"relu", 1}, {"softplus", 1}, {"gelu", 1}, {"silu", 1},
        {"elu", 1},
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
