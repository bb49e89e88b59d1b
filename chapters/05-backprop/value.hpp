/// \file
/// \brief Chapter 5, step 1: a scalar computational graph with reverse-mode differentiation.
///
/// Each `Value` is a node holding a number. An operation on Values makes a new node that
/// remembers its inputs and, for each input, the *local derivative* ∂(output)/∂(input),
/// computed during the forward pass. `backward()` then walks the graph from the output to
/// the leaves and applies the chain rule: every node passes its gradient to its inputs,
/// multiplied by the local derivatives. The idea is Karpathy's micrograd (2020), written
/// here with the local derivatives stored on the edges, so each rule sits in one line
/// next to its formula.
///
/// The page is \ref ch05_backprop; the tests are tests/test_ch05_backprop.cpp.
#pragma once

#include "01-neuron/neuron.hpp"             // sigmoid, sigmoid_derivative
#include "02-activations/activations.hpp"  // tanh_derivative, relu, relu_derivative
#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/text.hpp"

#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace nnref {

//! [node]
/// A number in a computational graph: its value, its gradient, and where it came from.
///
/// Values are handles: copying one copies the handle, not the node, so a Value used in two
/// places is one node with two outgoing edges. That is what makes gradients add up across
/// paths. The graph lives as long as some Value still refers to its output.
/// Chapter 5, \ref ch05_graph "section 1: the chain rule on a graph".
template <Real T>
class Value {
public:
    /// A leaf: an input or a parameter, or a constant.
    /// \param data its value
    /// \param label its name in the DOT figure, e.g. "w1"
    /// Not explicit, so a constant can stand where a Value is expected: `x * T(2)`.
    Value(const T& data = T(0), std::string label = "")
        : node_(std::make_shared<Node>(data, T(0), "", std::move(label), std::vector<Edge>{})) {}

    /// The value computed in the forward pass.
    const T& data() const { return node_->data; }
    /// ∂(output)/∂(this node), set by the last backward() of a graph containing it.
    const T& grad() const { return node_->grad; }
    /// The operation that made this node ("+", "tanh", ...), empty for a leaf.
    const std::string& op() const { return node_->op; }
    /// The node's name in figures.
    const std::string& label() const { return node_->label; }

    /// Names the node for the DOT figure and returns it, e.g. `auto z = (w * x + b).named("z")`.
    Value named(std::string label) const {
        node_->label = std::move(label);
        return *this;
    }
    //! [node]

    //! [backward]
    /// Backpropagation from this node: afterwards every node's grad() is
    /// \f$ \partial\,\mathrm{this} / \partial\,\mathrm{node} \f$.
    ///
    /// In topological order from the output back to the leaves, each node hands its
    /// gradient to its inputs through the chain rule, adding over all paths:
    /// \f[ \bar u \mathrel{+}= \frac{\partial v}{\partial u}\, \bar v
    ///     \quad\text{for every edge } u \to v, \qquad \bar{v}_{\mathrm{out}} = 1 \f]
    /// It **assigns**: it first sets every gradient in the graph to 0, so calling it twice
    /// gives the same result (unlike micrograd, whose backward accumulates).
    void backward() const {
        const std::vector<Node*> order = topological_order();
        for (Node* n : order) {
            n->grad = T(0);
        }
        node_->grad = T(1);
        // order has every node after its inputs, so walking it backwards reaches a node
        // only once all the nodes that use it have passed their gradients down.
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            for (const Edge& e : (*it)->inputs) {
                e.input->grad += e.local * (*it)->grad;  // accumulate: u may feed many nodes
            }
        }
    }
    //! [backward]

    /// Every node this Value depends on, itself last, each after all of its inputs.
    /// \return the nodes as handles, in topological order (used by the DOT export)
    std::vector<Value> graph() const {
        std::vector<Value> out;
        for (Node* n : topological_order()) {
            out.push_back(Value(n->shared_from_this()));
        }
        return out;
    }

    /// The inputs of this node, in the order of the operation's arguments.
    std::vector<Value> inputs() const {
        std::vector<Value> out;
        for (const Edge& e : node_->inputs) {
            out.push_back(Value(e.input));
        }
        return out;
    }

    /// A key that is equal for two handles to the same node (for maps and DOT ids).
    const void* id() const { return node_.get(); }

    //! [ops]
    /// \f[ v = a + b, \qquad \partial v/\partial a = 1, \quad \partial v/\partial b = 1 \f]
    friend Value operator+(const Value& a, const Value& b) {
        return make("+", a.data() + b.data(), {{a, T(1)}, {b, T(1)}});
    }
    /// \f[ v = a - b, \qquad \partial v/\partial a = 1, \quad \partial v/\partial b = -1 \f]
    friend Value operator-(const Value& a, const Value& b) {
        return make("-", a.data() - b.data(), {{a, T(1)}, {b, T(-1)}});
    }
    /// \f[ v = -a, \qquad \partial v/\partial a = -1 \f]
    friend Value operator-(const Value& a) { return make("neg", -a.data(), {{a, T(-1)}}); }
    /// \f[ v = a b, \qquad \partial v/\partial a = b, \quad \partial v/\partial b = a \f]
    friend Value operator*(const Value& a, const Value& b) {
        return make("*", a.data() * b.data(), {{a, b.data()}, {b, a.data()}});
    }
    /// \f[ v = a / b, \qquad \partial v/\partial a = 1/b, \quad \partial v/\partial b = -a/b^2 \f]
    friend Value operator/(const Value& a, const Value& b) {
        if (b.data() == 0) {
            throw numeric_error("Value: division by zero (" + to_short_string(a.data()) + " / 0)");
        }
        return make("/", a.data() / b.data(),
                    {{a, T(1) / b.data()}, {b, -a.data() / (b.data() * b.data())}});
    }
    /// A power with a constant exponent p.
    /// \f[ v = a^p, \qquad \partial v/\partial a = p\,a^{p-1} \f]
    friend Value pow(const Value& a, const T& p) {
        using std::pow;
        return make("pow " + to_short_string(p), pow(a.data(), p),
                    {{a, p * pow(a.data(), p - T(1))}});
    }
    /// \f[ v = e^{a}, \qquad \partial v/\partial a = e^{a} = v \f]
    friend Value exp(const Value& a) {
        using std::exp;
        const T v = exp(a.data());
        return make("exp", v, {{a, v}});
    }
    /// \f[ v = \log a, \qquad \partial v/\partial a = 1/a \quad (a > 0) \f]
    friend Value log(const Value& a) {
        if (!(a.data() > 0)) {
            throw numeric_error("Value: log of " + to_short_string(a.data()) +
                                ", which is not positive");
        }
        using std::log;
        return make("log", log(a.data()), {{a, T(1) / a.data()}});
    }
    /// \f[ v = \tanh a, \qquad \partial v/\partial a = 1/\cosh^2 a \f]
    friend Value tanh(const Value& a) {
        using std::tanh;
        return make("tanh", tanh(a.data()), {{a, nnref::tanh_derivative(a.data())}});
    }
    /// \f[ v = \sigma(a), \qquad \partial v/\partial a = \sigma(a)\bigl(1 - \sigma(a)\bigr) \f]
    friend Value sigmoid(const Value& a) {
        return make("sigmoid", nnref::sigmoid(a.data()), {{a, nnref::sigmoid_derivative(a.data())}});
    }
    /// \f[ v = \max(0, a), \qquad \partial v/\partial a = [a > 0] \f] (0 at the kink, as in
    /// chapter 2).
    friend Value relu(const Value& a) {
        return make("relu", nnref::relu(a.data()), {{a, nnref::relu_derivative(a.data())}});
    }
    //! [ops]

private:
    struct Node;
    /// An edge from an input u to the node v that uses it, with the local derivative ∂v/∂u.
    struct Edge {
        std::shared_ptr<Node> input;
        T local;
    };
    struct Node : std::enable_shared_from_this<Node> {
        Node(T d, T g, std::string o, std::string l, std::vector<Edge> in)
            : data(std::move(d)), grad(std::move(g)), op(std::move(o)), label(std::move(l)),
              inputs(std::move(in)) {}
        T data;
        T grad;
        std::string op;
        std::string label;
        std::vector<Edge> inputs;
    };

    explicit Value(std::shared_ptr<Node> node) : node_(std::move(node)) {}

    /// A new node computed by `op`, with its inputs and their local derivatives.
    static Value make(std::string op, const T& data,
                      std::initializer_list<std::pair<Value, T>> inputs) {
        std::vector<Edge> edges;
        for (const auto& [input, local] : inputs) {
            edges.push_back(Edge{input.node_, local});
        }
        return Value(std::make_shared<Node>(data, T(0), std::move(op), "", std::move(edges)));
    }

    /// Depth-first post-order: a node is appended after all of its inputs. Written with an
    /// explicit stack rather than recursion, so a deep graph needs no deep call stack here.
    std::vector<Node*> topological_order() const {
        std::vector<Node*> order;
        std::unordered_set<const Node*> seen;
        std::vector<std::pair<Node*, std::size_t>> stack{{node_.get(), 0}};
        seen.insert(node_.get());
        while (!stack.empty()) {
            auto& [n, next] = stack.back();
            if (next < n->inputs.size()) {
                Node* in = n->inputs[next++].input.get();
                if (seen.insert(in).second) {
                    stack.emplace_back(in, 0);
                }
            } else {
                order.push_back(n);
                stack.pop_back();
            }
        }
        return order;
    }

    std::shared_ptr<Node> node_;
};

//! [dot]
/// The graph of `root` in Graphviz's DOT language, drawn left to right: one box per node,
/// with its name and the operation that made it ("z = +"), its value and its gradient, and
/// an arrow from each input to the node that uses it.
/// \param root the output node (call root.backward() first to show gradients)
/// \param significant digits shown for values and gradients
/// \return the text of a `digraph`, for `dot -Tsvg`
template <Real T>
std::string to_dot(const Value<T>& root, int significant = 4) {
    // Record labels treat { } | < > and " specially; escape them in names.
    auto escape = [](const std::string& s) {
        std::string out;
        for (char c : s) {
            if (std::string("{}|<>\"\\").find(c) != std::string::npos) {
                out += '\\';
            }
            out += c;
        }
        return out;
    };
    std::unordered_map<const void*, std::string> ids;
    // size: at most 9 × 9 inches; Graphviz scales a larger drawing down to fit a page.
    std::string dot = "digraph value_graph {\n    rankdir=LR;\n    size=\"9,9\";\n"
                      "    node [shape=record, fontname=\"sans\", fontsize=11];\n";
    for (const Value<T>& v : root.graph()) {
        const std::string id = "n" + std::to_string(ids.size());
        ids[v.id()] = id;
        // Left to right, a record's fields stack vertically: title, data, grad.
        std::string title = v.label();
        if (!v.op().empty()) {
            title += cat(title.empty() ? "" : " = ", v.op());
        }
        dot += "    " + id + " [label=\"" + escape(title.empty() ? "const" : title) + " | data " +
               to_short_string(v.data(), significant) + " | grad " +
               to_short_string(v.grad(), significant) + "\"];\n";
        for (const Value<T>& in : v.inputs()) {
            dot += "    " + ids.at(in.id()) + " -> " + id + ";\n";
        }
    }
    return dot + "}\n";
}
//! [dot]

}  // namespace nnref
