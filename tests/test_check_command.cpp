/// \file
/// \brief `nnref check` and the formula language: a table of right derivatives that must pass,
///        subtly wrong ones that must fail (with the diagnosis named where there is one),
///        malformed formulas, bad variables and domain errors.
///
/// Chapter 3 explains the command: \ref ch03_using "section 7: using the checker".
#include "cli/check.hpp"
#include "nnref/formula/formula.hpp"
#include "nnref/gradcheck/verdict.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
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

/// Runs the check on a Case: with few points (9 grid, 6 random, 2 settings) for the big
/// tables, or with the command's own defaults (`full`) for the reproducers.
std::pair<int, std::string> run(const Case& c, int digits = 50, bool full = false) {
    cli::CheckArgs a;
    a.f = c.f;
    a.df = c.df;
    a.wrt = c.wrt;
    a.at = c.at;
    a.lo = c.lo;
    a.hi = c.hi;
    if (!full) {
        a.grid = 9;
        a.random = 6;
        a.samples = 2;
    }
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
        BOOST_TEST(out.find("by automatic differentiation: they agree") != std::string::npos, out);
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
    BOOST_TEST(error_of({"w*x", "x", "w", {"x=abc"}}).find("--at x 'abc': not a decimal number") != std::string::npos);
    BOOST_TEST(error_of({"x^2", "2*x", "", {}, "3", "1"}).find("below") != std::string::npos);
    BOOST_TEST(error_of({"log(x)", "1/x", "", {}, "-4", "-1"}).find("undefined at every point") !=
               std::string::npos);
    BOOST_TEST(error_of({"x", "1(", ""}).find("^") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(domain_errors_are_reported_with_the_point) {
    // log(x) on [-4, 4]: undefined for x <= 0; those points are skipped and listed.
    const auto [rc, out] = run({"log(x)", "1/x"});
    BOOST_TEST(rc == 0, out);
    BOOST_TEST(out.find("skipped x = -4: log(x): log of -4") != std::string::npos, out);
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

// ---- Issue 14: a verdict is never false, and no input crashes or hangs the check ----------

namespace {

std::pair<int, std::string> run_full(const Case& c, int digits = 50) {
    return run(c, digits, true);
}

std::string syntax_message(const std::string& f) {
    try {
        formula::Expression::parse(f);
    } catch (const formula::syntax_error& e) {
        return e.what();
    }
    return "parsed";
}

}  // namespace

BOOST_AUTO_TEST_CASE(correct_derivatives_at_extreme_ranges_are_correct) {
    // Each of these was judged WRONG before: the functions lost their digits (softplus,
    // log-sigmoid) or central differences their accuracy (x^999999) at these ranges.
    const std::vector<Case> right = {
        {"softplus(x)", "sigmoid(x)", "", {}, "-130", "-100"},
        {"log(sigmoid(x))", "sigmoid(-x)", "", {}, "100", "110"},
        {"x^999999", "999999*x^999998", "", {}, "0.5", "1"},
        {"sigmoid(x)", "sigmoid(x)*sigmoid(-x)", "", {}, "-10000", "10000"},
        {"log(1+exp(x))", "sigmoid(x)", "", {}, "-300", "-200"},
        {"exp(x)", "exp(x)", "", {}, "1488522000", "1488522002"},  // next to hp50's overflow
        {"tanh(x)", "4/(exp(x)+exp(-x))^2", "", {}, "1000", "2000"},
        {"gelu(x)", "gelu(x)/x + x*exp(-x^2/2)/sqrt(2*pi)", "", {}, "-30", "-20"},
        {"x^(6/2)", "3*x^2"},  // a constant integer exponent: x < 0 is fine
        {"ln(x)", "1/x", "", {}, "0.5", "2"},
        {"leaky_relu(x)", "0.01 + 0.99*step(x)", "", {}, "0.5", "2"},
        {"leaky_relu(x, 0.2)", "0.2", "", {}, "-2", "-0.5"},
        {"x*sign(x)", "sign(x)", "", {}, "0.5", "2"},
    };
    for (const auto& c : right) {
        const auto [rc, out] = run_full(c);
        BOOST_TEST(rc == 0, c.f << " | " << c.df << "\n" << out);
        BOOST_TEST(out.find("verdict: CORRECT") != std::string::npos, out);
    }
    const auto [rc, out] = run_full({"softplus(x)", "sigmoid(x)", "", {}, "-130", "-100"}, 100);
    BOOST_TEST(rc == 0, out);
}

BOOST_AUTO_TEST_CASE(unknowable_points_are_inconclusive_not_wrong) {
    // exp(1e10) overflows hp50: nothing can be judged, and the answer says so (exit 3).
    auto [rc, out] = run_full({"exp(x)", "exp(x)", "", {}, "1e10", "2e10"});
    BOOST_TEST(rc == cli::inconclusive_exit, out);
    BOOST_TEST(out.find("INCONCLUSIVE") != std::string::npos, out);
    BOOST_TEST(out.find("overflow: exp(x) is beyond hp50's range") != std::string::npos, out);
    BOOST_TEST(out.find("constant factor") == std::string::npos, out);
    // Underflow of a derivative: erf'(x) = 2/sqrt(pi) e^(-x^2) is below hp50's range.
    std::tie(rc, out) = run_full({"erf(x)", "2/sqrt(pi)*exp(-x^2)", "", {}, "1e9", "2e9"});
    BOOST_TEST(rc == cli::inconclusive_exit, out);
    BOOST_TEST(out.find("underflow") != std::string::npos, out);
    // A right formula that loses its digits to cancellation: 1 - sigmoid(x) at x = 100 keeps
    // 6 of 50 digits. Not WRONG: below its own noise floor, and right at 100 digits.
    std::tie(rc, out) = run_full({"log(sigmoid(x))", "1-sigmoid(x)", "", {}, "100", "110"});
    BOOST_TEST(rc == cli::inconclusive_exit, out);
    BOOST_TEST(out.find("below the noise floor of your formula") != std::string::npos, out);
    std::tie(rc, out) = run_full({"log(sigmoid(x))", "1-sigmoid(x)", "", {}, "100", "110"}, 100);
    BOOST_TEST(rc == 0, out);
    // The same formula wrong by 3%: still caught, noise or not.
    std::tie(rc, out) = run_full({"log(sigmoid(x))", "1.03-sigmoid(x)*1.03", "", {}, "100", "110"});
    BOOST_TEST(rc == 1, out);
    // sin of a number whose last digit is worth more than 2 pi cannot be judged.
    std::tie(rc, out) = run_full({"sin(x)", "cos(x)", "", {}, "1e30", "2e30"});
    BOOST_TEST(rc == cli::inconclusive_exit, out);
    BOOST_TEST(out.find("too large to reduce modulo 2 pi") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(diagnoses_are_real) {
    // A factor of 1 + 1e-16 is not "a constant factor 1": it is a rounded constant.
    auto [rc, out] = run_full({"0.7978845608028654*x^2", "2*0.79788456080286535587989*x"});
    BOOST_TEST(rc == 1, out);
    BOOST_TEST(out.find("right to about 16 digits only: a rounded constant?") != std::string::npos, out);
    BOOST_TEST(out.find("constant factor") == std::string::npos, out);
    // A true factor is still named.
    std::tie(rc, out) = run_full({"x^999999", "999998*x^999998", "", {}, "0.5", "1"});
    BOOST_TEST(rc == 1, out);
    BOOST_TEST(out.find("off by a constant factor: yours = 0.999999") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(the_rule_certify_in_isolation) {
    CheckOptions options = detail::resolve<hp50>(CheckOptions{});
    Element<hp50> e;
    e.analytic = hp50(2);
    e.numeric = hp50(2);
    e.noise = hp50("1e-45");
    // The two true values agree and so does yours: passed.
    BOOST_TEST(certify(e, hp50(2), hp50(0), options));
    BOOST_TEST((e.status == Status::passed));
    // They disagree: not judged, whatever yours is.
    e.analytic = hp50(3);
    e.numeric = hp50("2.0001");
    BOOST_TEST(!certify(e, hp50(2), hp50(0), options));
    BOOST_TEST((e.status == Status::unresolvable));
    BOOST_TEST(e.note.find("disagree") != std::string::npos);
    // They agree, yours is off by less than its own noise: not judged; by more: failed.
    e.numeric = hp50(2);
    e.analytic = hp50(2) + hp50("1e-20");
    BOOST_TEST(certify(e, hp50(2), hp50("1e-19"), options));
    BOOST_TEST((e.status == Status::unresolvable));
    BOOST_TEST(e.note.find("noise floor of your formula") != std::string::npos);
    e.numeric = hp50(2);
    BOOST_TEST(certify(e, hp50(2), hp50("1e-40"), options));
    BOOST_TEST((e.status == Status::failed));
}

BOOST_AUTO_TEST_CASE(deep_and_long_formulas_are_syntax_errors_not_crashes) {
    BOOST_TEST(syntax_message(std::string(5000, '-') + "x").find("nests more than 1000") !=
               std::string::npos);
    BOOST_TEST(syntax_message(std::string(4000, '(') + "x" + std::string(4000, ')'))
                   .find("nests more than 1000") != std::string::npos);
    std::string sum = "x";
    for (int k = 0; k < 4000; ++k) {
        sum += "+x";
    }
    BOOST_TEST(syntax_message(sum).find("nests more than 1000") != std::string::npos);
    BOOST_TEST(syntax_message(std::string(10001, ' ') + "x").find("longer than 10000") !=
               std::string::npos);
    // Just inside the limits, it parses.
    BOOST_TEST(syntax_message(std::string(400, '(') + "x" + std::string(400, ')')) == "parsed");
    BOOST_TEST(syntax_message(std::string(900, '-') + "x") == "parsed");
}

BOOST_AUTO_TEST_CASE(numbers_beyond_range_are_refused_before_conversion) {
    // The exponent would overflow an int inside the conversion (undefined behaviour).
    const std::string huge = syntax_message("x*1e9999999999999999999");
    BOOST_TEST(huge.find("exponent is beyond any number type's range") != std::string::npos, huge);
    BOOST_TEST(huge.find("\n    x*1e9999999999999999999\n        ^") != std::string::npos, huge);
    // Within an int, but beyond hp50: a clear error (exit 2), not "yours = nan x".
    cli::CheckArgs a;
    a.f = "x*1e999999999";
    a.df = "1e999999999";
    std::ostringstream out;
    try {
        cli::run_check(a, out);
        BOOST_TEST(false, "no error: " << out.str());
    } catch (const formula::syntax_error& e) {
        BOOST_TEST(std::string(e.what()).find("1e999999999 is beyond hp50's range") != std::string::npos);
    }
    BOOST_TEST(syntax_message(std::string(1001, '1')).find("longer than 1000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(command_line_numbers_name_the_option_and_value) {
    for (const std::string bad : {"0x10", " 1", "1 ", "inf", "nan", "1e", "--1", "1e9999999999", ""}) {
        try {
            cli::read_decimal<hp50>(bad, "--range");
            BOOST_TEST(false, "accepted '" << bad << "'");
        } catch (const input_error& e) {
            BOOST_TEST(std::string(e.what()).find("--range '" + bad + "'") != std::string::npos, e.what());
        }
    }
    BOOST_TEST(cli::read_decimal<hp50>("-0.5", "--range") == hp50("-0.5"));
    BOOST_TEST(cli::read_decimal<hp50>("1e-3", "--range") == hp50("0.001"));
    BOOST_TEST(cli::read_decimal<hp50>("+2.", "--range") == hp50(2));
    try {
        cli::read_decimal<hp50>("1e999999999", "--at w");
        BOOST_TEST(false);
    } catch (const input_error& e) {
        BOOST_TEST(std::string(e.what()).find("beyond hp50's range") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(huge_integer_powers_are_fast) {
    // x^999999 took 0.65 s per evaluation by repeated multiplication; squaring takes 40
    // products. A whole check of a formula with 300 such terms stays far below a second.
    std::string f = "x^999999";
    for (int k = 0; k < 299; ++k) {
        f += "+x^999999";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto [rc, out] = run({f, "299999700*x^999998", "", {}, "0.5", "1"});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST(rc == 0, out);
    BOOST_TEST(seconds < 30, seconds);  // a hang guard, not a benchmark
}

BOOST_AUTO_TEST_CASE(towers_of_constant_powers_take_linear_time) {
    // Each power used to evaluate its constant exponent twice (once to see whether it is an
    // integer, once more to use it): 2^40 evaluations for a tower of 40. The fuzzer found it.
    std::string f = "x";
    for (int k = 0; k < 40; ++k) {
        f += "^1.01";
    }
    const auto e = formula::Expression::parse(f);
    const auto start = std::chrono::steady_clock::now();
    const hp50 v = formula::evaluate<hp50>(e, {{"x", hp50("0.7")}});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST(v < hp50(1));
    BOOST_TEST(seconds < 5, seconds);  // a hang guard, not a benchmark: this takes milliseconds
}

BOOST_AUTO_TEST_CASE(the_time_limit_stops_a_check) {
    cli::CheckArgs a;
    a.f = "x";
    a.df = "1";
    for (int k = 0; k < 2000; ++k) {
        a.f += "+sin(x)^999999";
        a.df += "+999999*sin(x)^999998*cos(x)";
    }
    a.f = a.f.substr(0, 9990);
    a.df = "1";
    a.time_limit = 0.001;
    std::ostringstream out;
    const int rc = cli::run_check(a, out);
    BOOST_TEST(out.str().find("time limit") != std::string::npos, out.str());
    BOOST_TEST((rc == cli::inconclusive_exit || rc == 1), out.str());
}

BOOST_AUTO_TEST_CASE(pasted_unicode_says_what_to_type) {
    // The caret sits under the character (counted in characters, not bytes).
    const std::string pi = syntax_message("2*\u03C0*x");
    BOOST_TEST(pi.find("not part of the formula language: type pi") != std::string::npos, pi);
    BOOST_TEST(pi.find("\n      ^") != std::string::npos, pi);
    BOOST_TEST(syntax_message("\u03C3(x)").find("type sigmoid(...)") != std::string::npos);
    const std::string square = syntax_message("x\u00B2+1");
    BOOST_TEST(square.find("type ^2") != std::string::npos, square);
    BOOST_TEST(square.find("\n     ^") != std::string::npos, square);
    BOOST_TEST(syntax_message("1\u2212x").find("type -") != std::string::npos);
    BOOST_TEST(syntax_message("\u03C0 \u2212 \u00E9").find("type pi") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(other_spellings_are_suggested) {
    BOOST_TEST(syntax_message("pow(x, 2)").find("write x^y for a power") != std::string::npos);
    BOOST_TEST(syntax_message("tan(x)").find("sin(x)/cos(x)") != std::string::npos);
    BOOST_TEST(syntax_message("logistic(x)").find("sigmoid(x)") != std::string::npos);
    BOOST_TEST(syntax_message("ln(x)") == "parsed");
    BOOST_TEST(syntax_message("leaky_relu(x, 0.1)") == "parsed");
    BOOST_TEST(syntax_message("leaky_relu(x, 0.1, 2)").find("takes 1 or 2 arguments, got 3") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(dual_numbers_agree_with_central_differences_at_50_digits) {
    // Every function's derivative rule in the evaluator, checked by the engine at 50 digits.
    for (const std::string f : {"exp(x)", "log(x)", "ln(x)", "sqrt(x)", "abs(x)", "sin(x)", "cos(x)",
                                "tanh(x)", "erf(x)", "sigmoid(x)", "softplus(x)", "silu(x)",
                                "elu(x-1)", "gelu(x)", "leaky_relu(x-1, 0.3)", "x^3", "x^-2",
                                "x^0.5", "x^x", "2^x", "log(sigmoid(x))", "log(1+x)", "max(x, 1)"}) {
        const auto e = formula::Expression::parse(f);
        auto value = [&](const hp50& x) { return formula::evaluate<hp50>(e, {{"x", x}}); };
        auto slope = [&](const hp50& x) {
            using D = formula::Dual<hp50>;
            return formula::evaluate<D>(e, {{"x", D(x, hp50(1))}}).slope;
        };
        const auto r = check_derivative(value, slope, std::vector<hp50>{hp50("0.3"), hp50("1.7"), hp50(3)});
        BOOST_TEST(r.passed(), f << "\n" << r.table());
        BOOST_TEST(r.digits_agreed() > 30, f << "\n" << r.table());
    }
}

BOOST_AUTO_TEST_SUITE_END()
