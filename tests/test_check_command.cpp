/// \file
/// \brief `nnref check` and the formula language: a table of right derivatives that must pass,
///        subtly wrong ones that must fail (with the diagnosis named where there is one),
///        malformed formulas, bad variables and domain errors.
#include "cli/check.hpp"
#include "nnref/formula/formula.hpp"
#include "nnref/gradcheck/verdict.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace nnref;

namespace {

struct Case {
    std::string f;
    std::string df;
    std::string wrt = "";
    std::vector<std::string> at = {};
    std::string lo = "-4";
    std::string hi = "4";
    std::string expect = "";  ///< text the output must contain
};

std::pair<int, std::string> run(const Case& c, int digits = 50) {
    cli::CheckArgs a;
    a.f = c.f;
    a.df = c.df;
    a.wrt = c.wrt;
    a.at = c.at;
    a.lo = c.lo;
    a.hi = c.hi;
    a.grid = 9;
    a.random = 6;
    a.samples = 2;
    a.digits = digits;
    std::ostringstream out;
    const int rc = cli::run_check(a, out);
    return {rc, out.str()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_command)

BOOST_AUTO_TEST_CASE(right_derivatives_pass) {
    const std::vector<Case> right = {
        {"x^2", "2*x"},
        {"x^3", "3*x^2"},
        {"exp(2*x)", "2*exp(2*x)"},
        {"log(1+x^2)", "2*x/(1+x^2)"},
        {"sin(x)*cos(x)", "cos(x)^2-sin(x)^2"},
        {"tanh(x)", "1-tanh(x)^2"},
        {"sigmoid(x)", "sigmoid(x)*(1-sigmoid(x))"},
        {"softplus(x)", "sigmoid(x)"},
        {"log(1+exp(x))", "1/(1+exp(-x))"},
        {"sqrt(1+x^2)", "x/sqrt(1+x^2)"},
        {"x*exp(-x^2)", "exp(-x^2)*(1-2*x^2)"},
        {"silu(x)", "sigmoid(x)*(1+x*(1-sigmoid(x)))"},
        {"gelu(x)", "(1+erf(x/sqrt(2)))/2 + x*exp(-x^2/2)/sqrt(2*pi)"},
        {"1/x", "-1/x^2", "", {}, "1", "4"},
        {"x^-1", "-x^-2", "", {}, "0.5", "3"},
        {"x*abs(x)", "2*abs(x)"},
        {"elu(x)", "min(1, exp(x))"},
        {"sigmoid(w*x+b)", "x*sigmoid(w*x+b)*(1-sigmoid(w*x+b))", "w"},
        {"w*x+b", "1", "b"},
        {"(w*x+b)^2", "2*(w*x+b)*w", "x", {"w=2", "b=0.1"}},
        {"exp(x)*sin(x)", "exp(x)*(sin(x)+cos(x))"},
        {"1/(1+x^2)", "-2*x/(1+x^2)^2"},
        {"0.1*x^2", "0.2*x"},
    };
    for (const auto& c : right) {
        const auto [rc, out] = run(c);
        BOOST_TEST(rc == 0, c.f << " | " << c.df << "\n" << out);
        BOOST_TEST(out.find("CORRECT") != std::string::npos, out);
        BOOST_TEST(out.find("true value confirmed") != std::string::npos, out);
    }
    // The same in hp100.
    BOOST_TEST(run({"sigmoid(x)", "sigmoid(x)*(1-sigmoid(x))"}, 100).first == 0);
}

BOOST_AUTO_TEST_CASE(subtly_wrong_derivatives_fail) {
    const std::vector<Case> wrong = {
        {"x^2", "x", "", {}, "-4", "4", "constant factor"},        // a dropped factor 2
        {"x^3", "3*x^3"},                                          // an off-by-one exponent
        {"x^3", "2*x^2", "", {}, "-4", "4", "constant factor"},
        {"exp(2*x)", "exp(2*x)", "", {}, "-4", "4", "constant factor"},  // chain rule dropped
        {"log(1+x^2)", "1/(1+x^2)"},                               // inner derivative dropped
        {"sin(x)", "-cos(x)", "", {}, "-4", "4", "sign is flipped"},
        {"cos(x)", "sin(x)", "", {}, "-4", "4", "sign is flipped"},
        {"tanh(x)", "sigmoid(x)*(1-sigmoid(x))"},                  // σ(1 − σ) written for tanh′
        {"tanh(x)", "1-tanh(x)"},
        {"sigmoid(x)", "sigmoid(x)*(1+sigmoid(x))"},
        {"softplus(x)", "sigmoid(-x)"},
        {"sqrt(1+x^2)", "1/(2*sqrt(1+x^2))"},
        {"x*exp(-x^2)", "exp(-x^2)*(1+2*x^2)"},
        {"abs(x)", "1", "", {}, "-4", "4", "right for x > 0, wrong for x < 0"},  // right only for x > 0
        {"relu(x)", "1", "", {}, "-4", "4", "right for x > 0, wrong for x < 0"},
        {"elu(x)", "exp(x)", "", {}, "-4", "4", "right for x < 0, wrong for x > 0"},
        {"sigmoid(w*x+b)", "sigmoid(w*x+b)*(1-sigmoid(w*x+b))", "w"},  // the factor x missing
        {"relu(w)*x", "x", "w", {"x=2"}, "-4", "4", "right for w > 0, wrong for w < 0"},
        {"(w*x+b)^2", "2*(w*x+b)", "x", {"w=2", "b=0.1"}, "-4", "4", "constant factor"},
        {"exp(x)*sin(x)", "exp(x)*cos(x)"},                        // product rule dropped
        {"x^2", "2*x + 1e-20"},                                    // tiny, but not zero
        {"0.1*x^2", "0.2*x*(1+1e-17)"},                            // a double's worth of error
        {"log(x)", "1/x^2", "", {}, "1", "4"},
        {"gelu(x)", "sigmoid(1.702*x)"},                           // an approximation
    };
    for (const auto& c : wrong) {
        const auto [rc, out] = run(c);
        BOOST_TEST(rc == 1, c.f << " | " << c.df << "\n" << out);
        BOOST_TEST(out.find("WRONG") != std::string::npos, out);
        BOOST_TEST(out.find("first wrong:") != std::string::npos, out);
        if (!c.expect.empty()) {
            BOOST_TEST(out.find(c.expect) != std::string::npos, c.f << " | " << c.df << "\n" << out);
        }
    }
}

BOOST_AUTO_TEST_CASE(kinks_are_listed_and_accepted) {
    // |x|′ written as x / max(|x|, tiny): 0 at the kink, a valid subgradient.
    const auto [rc, out] = run({"abs(x)", "x/max(abs(x), 1e-300)"});
    BOOST_TEST(rc == 0, out);
    BOOST_TEST(out.find("CORRECT EXCEPT AT KINKS") != std::string::npos, out);
    BOOST_TEST(out.find("kink at x = 0") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(malformed_formulas_are_shown_with_a_caret) {
    auto message = [](const std::string& f) {
        try {
            formula::Expression::parse(f);
        } catch (const formula::syntax_error& e) {
            return std::string(e.what());
        }
        return std::string("parsed");
    };
    const std::string unclosed = message("log(1+exp(x)");
    BOOST_TEST(unclosed.find("expected ')'") != std::string::npos, unclosed);
    BOOST_TEST(unclosed.find("    log(1+exp(x)\n                ^") != std::string::npos, unclosed);
    BOOST_TEST(message("sigmod(x)").find("unknown function 'sigmod' (did you mean 'sigmoid'?)") !=
                   std::string::npos);
    BOOST_TEST(message("2**x").find("unexpected '*'") != std::string::npos);
    BOOST_TEST(message("").find("empty") != std::string::npos);
    BOOST_TEST(message("x +").find("the formula ends") != std::string::npos);
    BOOST_TEST(message("max(x)").find("takes 2 arguments, got 1") != std::string::npos);
    BOOST_TEST(message("1.2.3").find("unexpected '.'") != std::string::npos);
    BOOST_TEST(message("1e+").find("exponent needs digits") != std::string::npos);
    BOOST_TEST(message("exp + 1").find("'exp' is a function") != std::string::npos);
    BOOST_TEST(message("x $ 2").find("unexpected '$'") != std::string::npos);
    BOOST_TEST(message("-x^2") == "parsed");
}

BOOST_AUTO_TEST_CASE(precedence_and_exact_constants) {
    auto eval = [](const std::string& f, const hp50& x) {
        return formula::evaluate<hp50>(formula::Expression::parse(f), {{"x", x}});
    };
    BOOST_TEST(eval("-x^2", hp50(3)) == hp50(-9));
    BOOST_TEST(eval("2^3^2", hp50(0)) == hp50(512));  // right-associative
    BOOST_TEST(eval("1-2-3", hp50(0)) == hp50(-4));     // left-associative
    BOOST_TEST(eval("8/2/2", hp50(0)) == hp50(2));
    BOOST_TEST(eval("0.1*10", hp50(0)) == hp50(1));     // 0.1 is exact, unlike a double
    BOOST_TEST(eval("(-2)^3", hp50(0)) == hp50(-8));
    BOOST_TEST(eval("x^-2", hp50(2)) == hp50(1) / hp50(4));
}

BOOST_AUTO_TEST_CASE(unknown_variables_and_bad_options_are_named) {
    auto error_of = [](const Case& c) {
        try {
            run(c);
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(error_of({"x^2", "2*xx"}).find("'xx'") != std::string::npos);
    BOOST_TEST(error_of({"w*x", "x"}).find("--wrt") != std::string::npos);
    BOOST_TEST(error_of({"x^2", "2*x", "y"}).find("does not use 'y'") != std::string::npos);
    BOOST_TEST(error_of({"w*x", "x", "w", {"q=1"}}).find("does not use 'q'") != std::string::npos);
    BOOST_TEST(error_of({"w*x", "x", "w", {"x=abc"}}).find("not a finite decimal") != std::string::npos);
    BOOST_TEST(error_of({"x^2", "2*x", "", {}, "3", "1"}).find("below") != std::string::npos);
    BOOST_TEST(error_of({"log(x)", "1/x", "", {}, "-4", "-1"}).find("undefined at every point") !=
               std::string::npos);
    BOOST_TEST(error_of({"x", "1(", ""}).find("^") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(domain_errors_are_reported_with_the_point) {
    // log(x) on [-4, 4]: undefined for x <= 0; those points are skipped and listed.
    const auto [rc, out] = run({"log(x)", "1/x"});
    BOOST_TEST(rc == 0, out);
    BOOST_TEST(out.find("skipped x = -4: log of -4") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(the_cpp_twin_checks_lambdas) {
    auto f = [](const hp50& x) { return log(hp50(1) + exp(x)); };
    auto df = [](const hp50& x) { return hp50(1) / (hp50(1) + exp(-x)); };
    DerivativeCheckOptions<hp50> options;
    const auto v = check_derivative(f, df, options);
    BOOST_TEST((v.verdict == Verdict::correct), v.text());
    BOOST_TEST(v.report.elements.size() == 33u);
    BOOST_TEST(v.report.digits_agreed() >= 30, v.text());
    auto wrong = [](const hp50& x) { return -hp50(1) / (hp50(1) + exp(-x)); };
    const auto w = check_derivative(f, wrong, options);
    BOOST_TEST((w.verdict == Verdict::wrong));
    BOOST_TEST(w.diagnosis.find("sign is flipped") != std::string::npos, w.text());
}

BOOST_AUTO_TEST_SUITE_END()
