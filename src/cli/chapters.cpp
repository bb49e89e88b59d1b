#include "cli/chapters.hpp"

#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"

namespace nnref::cli {

const Chapter& chapter(int number) {
    for (const auto& c : chapters()) {
        if (c.number == number) {
            return c;
        }
    }
    const std::string known =
        join(chapters(), ", ", [](const Chapter& c) { return std::to_string(c.number); });
    throw input_error("there is no chapter " + std::to_string(number) +
                      " yet; chapters available: " + known + " (see 'nnref chapters')");
}

}  // namespace nnref::cli
