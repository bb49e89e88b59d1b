/// \file
/// \brief `nnref check`: a hand-derived derivative, typed as formulas, judged at 50 or 100 digits.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace nnref::cli {

/// The command line of `nnref check`.
struct CheckArgs {
    std::string f;                 ///< the function, e.g. "log(1+exp(x))"
    std::string df;                ///< the derivative to check, e.g. "sigmoid(x)"
    std::string wrt;               ///< the variable; empty when f has only one
    std::vector<std::string> at;   ///< fixed values of other variables, "name=value"
    std::string lo = "-4";         ///< the range's lower end (decimal text, read exactly)
    std::string hi = "4";          ///< the range's upper end
    std::size_t grid = 17;         ///< evenly spaced points
    std::size_t random = 16;       ///< random points
    std::size_t samples = 3;       ///< settings of the other variables when they are sampled
    int digits = 50;               ///< 50 or 100
    std::uint64_t seed = 1;        ///< seeds the random points and samples
    double time_limit = 60;        ///< seconds for the whole check; later points are not judged
};

/// The exit code of an inconclusive check: no point could be judged.
constexpr int inconclusive_exit = 3;

/// Reads a decimal number given on the command line, such as "-4", "0.5" or "1e-3", exactly
/// in T. Hex, spaces, "inf" and numbers beyond T's range are refused.
/// \param text the number as typed
/// \param what the option, for the message, e.g. "--range" or "--at w"
/// \throws input_error naming the option and the value
template <class T>
T read_decimal(const std::string& text, const std::string& what);

/// Runs the check and prints the verdict to `out`.
/// \return 0 when the derivative is correct (possibly except at kinks), 1 when it is wrong,
///         inconclusive_exit (3) when no point could be judged
/// \throws input_error for a bad formula, variable or option (the caller exits with 2)
int run_check(const CheckArgs& args, std::ostream& out);

}  // namespace nnref::cli
