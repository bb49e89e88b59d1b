/// \file
/// \brief Building message text: `cat` strings pieces together, `join` a list with a
///        separator. Every error message and report in nnref is built with these two.
///
/// Why not `"[" + std::to_string(i)`? That is `operator+(const char*, std::string&&)`, which
/// inserts at the front of the temporary. Inlined at -O3, GCC 12 cannot bound the length of
/// that insert's copy and warns (`-Wstringop-overflow`, a known false positive of its
/// libstdc++). Both helpers only ever append to one string, so there is nothing to warn
/// about, and the text reads in the order it is printed.
#pragma once

#include "nnref/core/number.hpp"

#include <string>
#include <string_view>
#include <type_traits>

namespace nnref {

namespace detail {

/// The text of one piece: a string as it is, an integer in decimal, a number of the project's
/// types compactly (to_short_string).
template <class X>
std::string text_piece(const X& x) {
    if constexpr (std::is_convertible_v<const X&, std::string_view>) {
        return std::string(std::string_view(x));
    } else if constexpr (std::is_integral_v<X>) {
        return std::to_string(x);
    } else {
        return to_short_string(x);
    }
}

}  // namespace detail

/// Concatenates strings and numbers in order: `cat("A is ", 2, "x", 3)` is "A is 2x3".
/// \param pieces strings, integers or numbers of the project's types (shown to 6 digits)
/// \return the pieces' text, one after another
template <class... Pieces>
std::string cat(const Pieces&... pieces) {
    std::string out;
    ((out += detail::text_piece(pieces)), ...);
    return out;
}

/// The items' text with `separator` between them: `join(sizes, "-")` is "784-32-10".
/// \param items any range of strings, integers or numbers
/// \param separator put between two items, not before the first or after the last
/// \param format turns one item into its text (default: as `cat` does)
/// \return "" for no items
template <class Range, class Format>
std::string join(const Range& items, std::string_view separator, Format format) {
    std::string out;
    bool first = true;
    for (const auto& item : items) {
        if (!first) {
            out += separator;
        }
        out += format(item);
        first = false;
    }
    return out;
}

/// The items' text with `separator` between them, each item shown as `cat` shows it.
/// \param items any range of strings, integers or numbers
/// \param separator put between two items
/// \return "" for no items
template <class Range>
std::string join(const Range& items, std::string_view separator) {
    return join(items, separator, [](const auto& item) { return detail::text_piece(item); });
}

}  // namespace nnref
