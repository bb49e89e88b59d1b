/// \file
/// \brief The three number types every reference computation runs in, and the few
///        helpers that let one template serve all of them.
///
/// A reference function is written once, as a template on its scalar `T`, and runs in
///  - `f32`   (IEEE single, about 7 digits): only to compare chapter 9's fast float code
///            with the reference, operation for operation;
///  - `f64`   (IEEE double, about 16 significant digits): fast, what students use day to day;
///  - `hp50`  (50 decimal digits): where every derivative in the project is checked;
///  - `hp100` (100 decimal digits): to confirm that hp50 is not the bottleneck.
///
/// The one trap of templated numerics is a double literal: `0.1 * x` silently rounds the
/// constant to 16 digits, and every later digit is noise. Write `T(1) / T(10)` or
/// `literal<T>("0.1")` instead; the 50-digit tests catch any leak.
#pragma once

#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/cpp_complex.hpp>

#include <cmath>
#include <complex>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>

namespace nnref {

/// IEEE-754 single precision: 24-bit significand, eps = 2^-23 ≈ 1.2e-7. The reference runs in
/// it only to be compared with chapter 9's fast MLP, which computes in float.
using f32 = float;
/// IEEE-754 double precision: 53-bit significand, eps = 2^-52 ≈ 2.2e-16.
using f64 = double;
/// 50 decimal digits (168-bit significand, eps ≈ 5.3e-51). `et_off`: no expression templates.
using hp50 = boost::multiprecision::cpp_bin_float_50;
/// 100 decimal digits (334-bit significand, eps ≈ 5.5e-101). `et_off`.
using hp100 = boost::multiprecision::cpp_bin_float_100;

// Expression templates make `a * b` return a lazy expression instead of a number; a
// generic lambda returning `auto` would then return a dangling expression. These
// asserts keep the project on types where that cannot happen.
static_assert(std::is_same_v<decltype(hp50() * hp50()), hp50>, "hp50 must be et_off");
static_assert(std::is_same_v<decltype(hp100() * hp100()), hp100>, "hp100 must be et_off");

/// The number types the project supports.
template <class T>
concept Real = std::is_same_v<T, f32> || std::is_same_v<T, f64> || std::is_same_v<T, hp50> ||
               std::is_same_v<T, hp100>;

/// The complex type used by the complex-step derivative for each real type.
template <class T>
struct complex_of;
/// \cond INTERNAL
template <>
struct complex_of<f32> {
    using type = std::complex<f32>;
};
template <>
struct complex_of<f64> {
    using type = std::complex<f64>;
};
template <>
struct complex_of<hp50> {
    using type = boost::multiprecision::cpp_complex_50;
};
template <>
struct complex_of<hp100> {
    using type = boost::multiprecision::cpp_complex_100;
};
/// \endcond
/// `complex_of_t<hp50>` is `cpp_complex_50`, and so on.
template <class T>
using complex_of_t = typename complex_of<T>::type;

/// The short name of a number type, as printed in reports: "f32", "f64", "hp50" or "hp100".
template <Real T>
constexpr std::string_view number_name() {
    if constexpr (std::is_same_v<T, f32>) {
        return "f32";
    } else if constexpr (std::is_same_v<T, f64>) {
        return "f64";
    } else if constexpr (std::is_same_v<T, hp50>) {
        return "hp50";
    } else {
        return "hp100";
    }
}

/// Machine epsilon of T: the gap between 1 and the next representable number.
template <Real T>
T epsilon() {
    return std::numeric_limits<T>::epsilon();
}

/// Decimal digits T carries: 6 for f32, 15 for f64, 50 for hp50, 100 for hp100.
template <Real T>
constexpr int decimal_digits() {
    return std::numeric_limits<T>::digits10;
}

/// A constant written in decimal, exact to T's precision: `literal<T>("0.01")`.
/// For multiprecision types this is `T("0.01")`; for float and double it is the nearest one.
template <Real T>
T literal(const char* decimal) {
    if constexpr (std::is_same_v<T, f32>) {
        return std::strtof(decimal, nullptr);
    } else if constexpr (std::is_same_v<T, f64>) {
        return std::strtod(decimal, nullptr);
    } else {
        return T(decimal);
    }
}

/// Converts any of the project's number types to double, for printing and logarithms.
template <class T>
double to_double(const T& x) {
    if constexpr (std::is_floating_point_v<T>) {
        return static_cast<double>(x);
    } else {
        return x.template convert_to<double>();
    }
}

/// Formats x in scientific notation with `significant` digits (default: all of T's).
template <Real T>
std::string to_string(const T& x, int significant = decimal_digits<T>()) {
    std::ostringstream out;
    out.precision(significant > 0 ? significant - 1 : 0);
    out << std::scientific << x;
    return out.str();
}

/// Formats x compactly for messages: "0.5", "-1.25", "1e-20" (6 significant digits).
template <Real T>
std::string to_short_string(const T& x, int significant = 6) {
    std::ostringstream out;
    out.precision(significant);
    out << x;
    return out.str();
}

}  // namespace nnref
