/// \file
/// \brief Fuzz target: the model-file reader of chapter 9's `nnref eval`, parse_model() (what
///        load_model() does with a file's bytes).
#include "nnref/core/error.hpp"
#include "nnref/io/model.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        nnref::parse_model(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz input");
    } catch (const nnref::error&) {
        // a clear refusal is the expected answer to most inputs
    }
    return 0;
}
