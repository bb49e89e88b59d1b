/// \file
/// \brief Fuzz target: the formula language of `nnref check`. Each input is one formula; it is
///        parsed, its numbers checked against hp50's range, and it is evaluated in double, in
///        hp50 and as hp50 dual numbers (the derivative too) at a few points, every variable
///        set to the same value. A syntax, domain or range error is the right answer to most
///        inputs; a crash, a hang or a sanitizer report is a defect.
#include "nnref/formula/formula.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace nnref;

template <class N>
void evaluate_at(const formula::Expression& e, const N& x) {
    std::map<std::string, N> vars;
    for (const auto& name : e.variables()) {
        vars.emplace(name, x);
    }
    formula::Evaluation how;
    how.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    try {
        formula::evaluate<N>(e, vars, how);
    } catch (const error&) {
        // outside the domain, beyond the range, or too slow: all said clearly
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto e = formula::Expression::parse(text);
        formula::require_representable<hp50>(e);
        evaluate_at<double>(e, 0.7);
        evaluate_at<hp50>(e, hp50("0.7"));
        evaluate_at<hp50>(e, hp50(-3));
        evaluate_at<formula::Dual<hp50>>(e, formula::Dual<hp50>(hp50("0.7"), hp50(1)));
        // perturbed, as the check estimates a formula's noise
        std::map<std::string, hp50> vars;
        for (const auto& name : e.variables()) {
            vars.emplace(name, hp50("1.5"));
        }
        formula::Evaluation perturbed;
        perturbed.perturbation_seed = 12345;
        perturbed.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
        formula::evaluate<hp50>(e, vars, perturbed);
    } catch (const error&) {
        // a syntax error with a caret, or a number beyond hp50's range
    }
    return 0;
}
