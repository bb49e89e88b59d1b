/// \file
/// \brief Fuzz target: the IDX reader, parse_idx(), on plain bytes and on the same bytes
///        gzip-compressed. The first byte of the input chooses: bit 0 set, the rest is
///        compressed before it is read (so the fuzzer can explore the header behind a valid
///        gzip stream); clear, the rest is read as it is (plain IDX, or gzip bytes to damage).
///        The other 7 bits are max_items (0: all), so that subsets are read too.
#include "nnref/core/error.hpp"
#include "nnref/io/idx.hpp"

#define ZLIB_CONST  // zlib's next_in points to const bytes, as ours are
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

/// The bytes as one gzip member, at zlib's fastest level.
std::string gzip(std::string_view bytes) {
    z_stream z{};
    if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        std::abort();  // the target itself failed, not the reader
    }
    std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
    z.next_in = reinterpret_cast<const Bytef*>(bytes.data());
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);  // deflateBound's room is enough for one call
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        std::abort();
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::uint8_t choice = data[0];
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::string bytes = (choice & 1) ? gzip(rest) : std::string(rest);
    try {
        nnref::parse_idx(bytes, "fuzz input", choice >> 1);
    } catch (const nnref::error&) {
        // a clear refusal is the expected answer to most inputs
    }
    return 0;
}
