/// \file
/// \brief Model files (model.hpp): the writer, and the reader that trusts nothing.
#include "nnref/io/model.hpp"

#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"
#include "nnref/io/file.hpp"

#include <zlib.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <system_error>

namespace nnref {

namespace {

constexpr char magic[8] = {'N', 'N', 'R', 'E', 'F', 'M', 'L', 'P'};
constexpr std::uint32_t version = 1;
constexpr std::uint32_t max_widths = 1024;      // more layers than any MLP here
constexpr std::uint32_t max_name = 64;          // an activation's name

/// Appends an integer's bytes, least significant first.
template <class U>
void put(std::string& out, U value) {
    for (std::size_t b = 0; b < sizeof(U); ++b) {
        out += static_cast<char>((value >> (8 * b)) & 0xFF);
    }
}

/// Reads a file's bytes one field at a time, and says which field ran past the end.
class Reader {
public:
    Reader(const std::string& name, std::string_view bytes) : name_(name), bytes_(bytes) {}

    template <class U>
    U get(const char* what) {
        need(sizeof(U), what);
        U value = 0;
        for (std::size_t b = 0; b < sizeof(U); ++b) {
            value |= static_cast<U>(static_cast<unsigned char>(bytes_[at_ + b])) << (8 * b);
        }
        at_ += sizeof(U);
        return value;
    }
    std::string get_bytes(std::size_t n, const char* what) {
        need(n, what);
        std::string s(bytes_.substr(at_, n));
        at_ += n;
        return s;
    }
    std::size_t at() const { return at_; }
    std::size_t size() const { return bytes_.size(); }
    std::string_view bytes() const { return bytes_; }
    [[noreturn]] void fail(const std::string& what) const { throw input_error(cat(name_, ": ", what)); }

private:
    void need(std::size_t n, const char* what) const {
        if (bytes_.size() - at_ < n) {
            fail(cat("the file is truncated: ", what, " needs ", n, " bytes at offset ", at_, ", but only ",
                     bytes_.size() - at_, " are left (", bytes_.size(), " bytes in all)"));
        }
    }
    const std::string& name_;
    std::string_view bytes_;
    std::size_t at_ = 0;
};

std::uint32_t crc32_of(std::string_view bytes, std::size_t n) {
    uLong crc = crc32(0L, Z_NULL, 0);
    const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
    for (std::size_t done = 0; done < n;) {  // zlib takes at most 4 GiB at a time
        const uInt chunk = static_cast<uInt>(std::min<std::size_t>(n - done, 1u << 30));
        crc = crc32(crc, data + done, chunk);
        done += chunk;
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace

std::uint64_t parameter_count(const std::vector<std::uint32_t>& widths) {
    std::uint64_t n = 0;
    for (std::size_t l = 1; l < widths.size(); ++l) {
        // (n_in + 1) n_out < 2^64 for 32-bit widths; only the sum can overflow.
        const std::uint64_t layer = (std::uint64_t{widths[l - 1]} + 1) * widths[l];
        if (layer > std::numeric_limits<std::uint64_t>::max() - n) {
            throw shape_error(cat("parameter_count: widths ", join(widths, "-"),
                                  " need more than 2^64 parameters"));
        }
        n += layer;
    }
    return n;
}

void save_model(const std::filesystem::path& path, const ModelFile& model) {
    if (model.widths.size() < 2 || model.parameters.size() != parameter_count(model.widths)) {
        throw shape_error(cat("save_model: ", model.parameters.size(), " parameters for widths ",
                              join(model.widths, "-"), ", which need ", parameter_count(model.widths)));
    }
    std::string out(magic, sizeof magic);
    put(out, version);
    put(out, static_cast<std::uint32_t>(model.widths.size()));
    for (const std::uint32_t w : model.widths) {
        put(out, w);
    }
    put(out, static_cast<std::uint32_t>(model.activation.size()));
    out += model.activation;
    put(out, static_cast<std::uint64_t>(model.parameters.size()));
    for (const float x : model.parameters) {
        std::uint32_t bits = 0;
        std::memcpy(&bits, &x, sizeof bits);
        put(out, bits);
    }
    put(out, crc32_of(out, out.size()));

    std::filesystem::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) {
            throw input_error(cat("cannot write the model to '", tmp.string(), "'"));
        }
        f.write(out.data(), static_cast<std::streamsize>(out.size()));
        f.close();
        if (!f) {
            std::filesystem::remove(tmp);
            throw input_error(cat("cannot write the model to '", tmp.string(), "' (disk full?)"));
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp);
        throw input_error(cat("cannot rename '", tmp.string(), "' to '", path.string(), "': ", ec.message()));
    }
}

ModelFile load_model(const std::filesystem::path& path) {
    return parse_model(read_file(path, "model file"), path.string());
}

ModelFile parse_model(std::string_view bytes, const std::string& name) {
    Reader r(name, bytes);
    if (bytes.size() < sizeof magic || bytes.substr(0, sizeof magic) != std::string_view(magic, sizeof magic)) {
        r.fail("not an nnref model file (it does not start with NNREFMLP)");
    }
    r.get_bytes(sizeof magic, "the magic");
    if (const auto v = r.get<std::uint32_t>("the version"); v != version) {
        r.fail(cat("format version ", v, "; this nnref reads version ", version));
    }
    ModelFile m;
    const auto n_widths = r.get<std::uint32_t>("the number of widths");
    if (n_widths < 2 || n_widths > max_widths) {
        r.fail(cat(n_widths, " widths; a model has from 2 to ", max_widths));
    }
    for (std::uint32_t l = 0; l < n_widths; ++l) {
        m.widths.push_back(r.get<std::uint32_t>("a layer width"));
        if (m.widths.back() == 0) {
            r.fail(cat("width ", l, " is 0"));
        }
    }
    const auto name_length = r.get<std::uint32_t>("the activation's name length");
    if (name_length == 0 || name_length > max_name) {
        r.fail(cat("an activation name of ", name_length, " bytes; a name has from 1 to ", max_name));
    }
    m.activation = r.get_bytes(name_length, "the activation's name");
    for (const char c : m.activation) {
        if (c < '!' || c > '~') {  // it is printed in messages: printable ASCII only
            r.fail(cat("the activation's name holds byte ", static_cast<int>(static_cast<unsigned char>(c)),
                       ", which is not a printable ASCII character"));
        }
    }
    const auto n = r.get<std::uint64_t>("the number of parameters");
    // What the widths need, counted against what the file has room for (4 bytes a parameter,
    // then the checksum) before any multiplication can overflow or any allocation be made:
    // huge widths in a small file are refused here, not found by a failed allocation.
    const std::uint64_t room = r.size() - r.at() < 4 ? 0 : (r.size() - r.at() - 4) / 4;
    std::uint64_t need = 0;
    for (std::size_t l = 1; l < m.widths.size(); ++l) {
        const std::uint64_t layer = (std::uint64_t{m.widths[l - 1]} + 1) * m.widths[l];
        if (layer > room - need) {
            r.fail(cat(n, " parameters, but widths ", join(m.widths, "-"), " need more than the ", room,
                       " the rest of the file has room for: it is truncated or damaged"));
        }
        need += layer;
    }
    if (n != need) {
        r.fail(cat(n, " parameters, but widths ", join(m.widths, "-"), " need ", need));
    }
    if (r.size() - r.at() != n * 4 + 4) {
        r.fail(cat("the file is truncated, or has bytes to spare: ", n, " parameters and the checksum need ",
                   n * 4 + 4, " bytes after offset ", r.at(), ", there are ", r.size() - r.at()));
    }
    m.parameters.resize(n);
    for (std::uint64_t k = 0; k < n; ++k) {
        const auto bits = r.get<std::uint32_t>("a parameter");
        std::memcpy(&m.parameters[k], &bits, sizeof bits);
    }
    const std::size_t body = r.at();
    if (const auto crc = r.get<std::uint32_t>("the checksum"); crc != crc32_of(r.bytes(), body)) {
        r.fail("the checksum does not match: the file is damaged");
    }
    for (std::uint64_t k = 0; k < n; ++k) {
        if (!std::isfinite(m.parameters[k])) {
            r.fail(cat("parameter ", k, " is ", m.parameters[k], "; a model's weights must be finite"));
        }
    }
    return m;
}

}  // namespace nnref
