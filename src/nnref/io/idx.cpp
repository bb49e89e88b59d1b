/// \file
/// \brief The IDX reader and writer, through zlib's gz* functions (which also read plain files).
#include "nnref/io/idx.hpp"

#include "nnref/core/error.hpp"

#include <zlib.h>

#include <memory>
#include <string>
#include <system_error>

namespace nnref {

namespace {

/// A gzFile that closes itself.
struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

/// Reads up to n bytes and returns how many there were: fewer than n only at the end of the
/// file. A zlib error (a damaged gzip stream) throws, naming the file and what was being read.
std::size_t read_up_to(gzFile f, const std::filesystem::path& path, unsigned char* out,
                       std::size_t n, const std::string& what) {
    std::size_t done = 0;
    while (done < n) {
        const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, 1u << 30));
        const int got = gzread(f, out + done, chunk);
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(f, &code);
            throw input_error(path.string() + ": cannot read " + what + ": " +
                              (message ? message : "zlib error") + " (a damaged gzip file?)");
        }
        if (got == 0) {
            break;
        }
        done += static_cast<std::size_t>(got);
    }
    return done;
}

/// Reads exactly n bytes, or throws saying the file is truncated and how much was there.
void read_exactly(gzFile f, const std::filesystem::path& path, unsigned char* out, std::size_t n,
                  const std::string& what) {
    const std::size_t got = read_up_to(f, path, out, n, what);
    if (got < n) {
        throw input_error(path.string() + ": the file is truncated: " + what + " needs " +
                          std::to_string(n) + " bytes, only " + std::to_string(got) +
                          " are there");
    }
}

std::uint32_t big_endian(const unsigned char* b) {
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           std::uint32_t{b[3]};
}

bool ends_with_gz(const std::filesystem::path& path) { return path.extension() == ".gz"; }

}  // namespace

IdxArray read_idx(const std::filesystem::path& path, std::size_t max_items) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw input_error("IDX file '" + path.string() + "' does not exist or is not a file");
    }
    GzFile f(gzopen(path.c_str(), "rb"));
    if (!f) {
        throw input_error("cannot open IDX file '" + path.string() + "'");
    }
    unsigned char magic[4];
    read_exactly(f.get(), path, magic, 4, "the 4-byte header");
    if (magic[0] != 0 || magic[1] != 0) {
        throw input_error(path.string() + ": not an IDX file: it must start with two zero bytes, "
                          "found " + std::to_string(magic[0]) + " " + std::to_string(magic[1]));
    }
    if (magic[2] != 0x08) {
        throw input_error(path.string() + ": element type " + std::to_string(magic[2]) +
                          " is not supported; nnref reads IDX files of unsigned bytes (type 8), "
                          "as MNIST and Fashion-MNIST are");
    }
    const int d = magic[3];
    if (d == 0) {
        throw input_error(path.string() + ": the header says 0 dimensions");
    }
    IdxArray a;
    std::size_t total = 1;
    for (int i = 0; i < d; ++i) {
        unsigned char b[4];
        read_exactly(f.get(), path, b, 4, "the size of dimension " + std::to_string(i));
        a.dims.push_back(big_endian(b));
        if (a.dims.back() == 0) {
            throw input_error(path.string() + ": dimension " + std::to_string(i) + " is 0");
        }
    }
    if (max_items != 0 && max_items < a.dims[0]) {
        a.dims[0] = static_cast<std::uint32_t>(max_items);
    }
    for (std::uint32_t n : a.dims) {
        total *= n;
        if (total > (std::size_t{1} << 34)) {
            throw input_error(path.string() + ": the dimensions in the header are implausibly "
                              "large (more than 16 GiB of data)");
        }
    }
    // Read in chunks, growing the buffer as the data arrives, so that a header claiming
    // gigabytes in a short file is reported as truncated without allocating them first.
    const std::string what = "the data (" + std::to_string(a.dims[0]) + " items)";
    const std::size_t chunk = std::size_t{1} << 20;
    while (a.data.size() < total) {
        const std::size_t done = a.data.size();
        const std::size_t n = std::min(chunk, total - done);
        a.data.resize(done + n);
        const std::size_t got = read_up_to(f.get(), path, a.data.data() + done, n, what);
        if (got < n) {
            throw input_error(path.string() + ": the file is truncated: " + what + " needs " +
                              std::to_string(total) + " bytes, only " +
                              std::to_string(done + got) + " are there");
        }
    }
    return a;
}

void write_idx(const std::filesystem::path& path, const IdxArray& array) {
    std::size_t total = array.dims.empty() ? 0 : 1;
    for (std::uint32_t n : array.dims) {
        total *= n;
    }
    if (array.dims.empty() || array.dims.size() > 255 || total != array.data.size()) {
        throw shape_error("write_idx: " + std::to_string(array.data.size()) +
                          " elements do not fill dimensions whose product is " +
                          std::to_string(total));
    }
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    {
        GzFile f(gzopen(tmp.c_str(), ends_with_gz(path) ? "wb" : "wbT"));  // T: no compression
        if (!f) {
            throw input_error("cannot write '" + tmp.string() + "'");
        }
        std::vector<unsigned char> header = {0, 0, 0x08, static_cast<unsigned char>(array.dims.size())};
        for (std::uint32_t n : array.dims) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                header.push_back(static_cast<unsigned char>(n >> shift));
            }
        }
        auto write = [&](const void* data, std::size_t n) {
            if (n != 0 && gzwrite(f.get(), data, static_cast<unsigned>(n)) != static_cast<int>(n)) {
                throw input_error("cannot write '" + tmp.string() + "' (disk full?)");
            }
        };
        write(header.data(), header.size());
        write(array.data.data(), array.data.size());
        if (gzclose(f.release()) != Z_OK) {
            throw input_error("cannot finish writing '" + tmp.string() + "'");
        }
    }
    std::filesystem::rename(tmp, path);
}

std::vector<int> read_idx_labels(const std::filesystem::path& path, std::size_t max_count) {
    const IdxArray a = read_idx(path, max_count);
    if (a.dims.size() != 1) {
        throw input_error(path.string() + ": labels need 1 dimension, this file has " +
                          std::to_string(a.dims.size()));
    }
    return std::vector<int>(a.data.begin(), a.data.end());
}

}  // namespace nnref
