/// \file
/// \brief The IDX reader (the file's bytes parsed in memory, gzip through zlib's inflate) and
///        the writer (through zlib's gz* functions).
#include "nnref/io/idx.hpp"

#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"
#include "nnref/io/file.hpp"

#define ZLIB_CONST  // zlib's next_in points to const bytes, as ours are
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <new>
#include <string>
#include <system_error>
#include <vector>

namespace nnref {

namespace {

/// The most data nnref reads from one IDX file, 16 GiB (Fashion-MNIST's largest holds 47 MB).
/// A header claiming more is refused before anything is allocated.
constexpr std::uint64_t max_data_bytes = std::uint64_t{1} << 34;

/// zlib counts bytes in 32 bits, so larger buffers are handed over in pieces of this size.
constexpr std::size_t zlib_piece = std::size_t{1} << 30;

/// True if the bytes start as a gzip member does (RFC 1952: 1f 8b).
bool starts_gzip(std::string_view b) {
    return b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f &&
           static_cast<unsigned char>(b[1]) == 0x8b;
}

/// The bytes of an IDX file in order: the file's own for a plain file, decompressed by zlib's
/// inflate() for a gzip file. The end of a gzip file is only reached once zlib has checked the
/// CRC-32 and the length of every member, and found nothing after the last.
class IdxInput {
public:
    IdxInput(std::string_view bytes, const std::string& name)
        : bytes_(bytes), name_(name), gzip_(starts_gzip(bytes)) {
        // 16 + MAX_WBITS: a gzip wrapper (header, CRC-32, length) around the deflate data.
        if (gzip_ && inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) {
            throw std::bad_alloc();
        }
    }
    ~IdxInput() {
        if (gzip_) {
            inflateEnd(&z_);
        }
    }
    IdxInput(const IdxInput&) = delete;
    IdxInput& operator=(const IdxInput&) = delete;

    /// Reads up to n bytes into out and returns how many were read: fewer than n only at the
    /// end. A damaged or truncated gzip stream, or bytes after it, throw input_error.
    std::size_t read(unsigned char* out, std::size_t n) {
        if (!gzip_) {
            const std::size_t got = std::min(n, bytes_.size() - at_);
            std::copy_n(bytes_.data() + at_, got, out);
            at_ += got;
            return got;
        }
        std::size_t done = 0;
        while (done < n && !ended_) {
            done += inflate_some(out + done, n - done);
        }
        return done;
    }

    /// Reads and discards up to n bytes; returns how many there were.
    std::size_t skip(std::size_t n) {
        if (!gzip_) {
            const std::size_t got = std::min(n, bytes_.size() - at_);
            at_ += got;
            return got;
        }
        scratch_.resize(std::size_t{1} << 16);
        std::size_t done = 0;
        while (done < n && !ended_) {
            done += inflate_some(scratch_.data(), std::min(n - done, scratch_.size()));
        }
        return done;
    }

    /// Throws unless the file ends here. For gzip, reaching the end also checks the checksum.
    /// \param what the part that should have been the last, for the message
    void expect_end(const std::string& what) {
        if (!gzip_) {
            if (at_ != bytes_.size()) {
                const std::size_t extra = bytes_.size() - at_;
                fail(cat("the file is longer than its header says: ", what, " is followed by ", extra,
                         extra == 1 ? " more byte" : " more bytes"));
            }
            return;
        }
        unsigned char extra = 0;
        if (read(&extra, 1) != 0) {
            fail(cat("the file is longer than its header says: ", what,
                     " is followed by more decompressed bytes"));
        }
    }

private:
    /// One call of inflate(): fills some of out[0, n) and returns how many bytes it wrote.
    std::size_t inflate_some(unsigned char* out, std::size_t n) {
        if (z_.avail_in == 0 && at_ < bytes_.size()) {
            const std::size_t piece = std::min(bytes_.size() - at_, zlib_piece);
            z_.next_in = reinterpret_cast<const Bytef*>(bytes_.data() + at_);
            z_.avail_in = static_cast<uInt>(piece);
            at_ += piece;
        }
        const auto room = static_cast<uInt>(std::min(n, zlib_piece));
        z_.next_out = out;
        z_.avail_out = room;
        const int rc = inflate(&z_, Z_NO_FLUSH);
        const std::size_t wrote = room - z_.avail_out;
        if (rc == Z_STREAM_END) {
            // The member's CRC-32 and length were right. What follows must be another member
            // (gzip files may be concatenated, and zcat reads them as one) or nothing.
            const std::size_t next = at_ - z_.avail_in;
            if (next == bytes_.size()) {
                ended_ = true;
            } else if (starts_gzip(bytes_.substr(next))) {
                inflateReset(&z_);
            } else {
                fail(cat(bytes_.size() - next, " bytes follow the end of the gzip stream, and "
                         "they are not another gzip member"));
            }
        } else if (rc == Z_BUF_ERROR && z_.avail_in == 0 && at_ == bytes_.size()) {
            fail("the gzip stream is truncated: it stops before its end and checksum "
                 "(zlib: unexpected end of file)");
        } else if (rc == Z_MEM_ERROR) {
            throw std::bad_alloc();
        } else if (rc != Z_OK) {
            // Z_DATA_ERROR: a bad header, an invalid block, or a CRC-32 or length that does
            // not match ("incorrect data check"). zlib's message says which.
            fail(cat("the gzip stream is damaged (zlib: ", z_.msg ? z_.msg : zError(rc), ")"));
        }
        return wrote;
    }

    [[noreturn]] void fail(const std::string& what) const { throw input_error(cat(name_, ": ", what)); }

    std::string_view bytes_;
    const std::string& name_;
    std::size_t at_ = 0;                  // the next byte of bytes_ to read, or to give to zlib
    bool gzip_;
    z_stream z_{};                        // zlib's state (gzip only)
    bool ended_ = false;                  // the last gzip member ended, and nothing follows it
    std::vector<unsigned char> scratch_;  // where skip() decompresses to
};

std::uint32_t big_endian(const unsigned char* b) {
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           std::uint32_t{b[3]};
}

bool ends_with_gz(const std::filesystem::path& path) { return path.extension() == ".gz"; }

/// A gzFile (the writer's) that closes itself.
struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

}  // namespace

IdxArray read_idx(const std::filesystem::path& path, std::size_t max_items) {
    return parse_idx(read_file(path, "IDX file"), path.string(), max_items);
}

IdxArray parse_idx(std::string_view bytes, const std::string& name, std::size_t max_items) {
    IdxInput in(bytes, name);
    const auto fail = [&](const std::string& what) { throw input_error(cat(name, ": ", what)); };
    const auto read_exactly = [&](unsigned char* out, std::size_t n, const std::string& what) {
        if (const std::size_t got = in.read(out, n); got < n) {
            fail(cat("the file is truncated: ", what, " needs ", n, " bytes, only ", got, " are there"));
        }
    };
    unsigned char magic[4];
    read_exactly(magic, 4, "the 4-byte header");
    if (magic[0] != 0 || magic[1] != 0) {
        fail(cat("not an IDX file: it must start with two zero bytes, found ", magic[0], " ", magic[1]));
    }
    if (magic[2] != 0x08) {
        fail(cat("element type ", magic[2], " is not supported; nnref reads IDX files of unsigned "
                 "bytes (type 8), as MNIST and Fashion-MNIST are"));
    }
    const int d = magic[3];
    if (d == 0) {
        fail("the header says 0 dimensions");
    }
    IdxArray a;
    for (int i = 0; i < d; ++i) {
        unsigned char b[4];
        read_exactly(b, 4, cat("the size of dimension ", i));
        a.dims.push_back(big_endian(b));
        if (a.dims.back() == 0) {
            fail(cat("dimension ", i, " is 0"));
        }
    }
    // Multiply the sizes with a check before each product: unchecked, 65536 x 131072 x 2^31
    // wraps around 2^64 to 0, and a "valid" file would hold no data at all.
    std::uint64_t total = 1;
    for (const std::uint32_t n : a.dims) {
        if (n > max_data_bytes / total) {
            fail(cat("the header's dimensions ", join(a.dims, " x "), " hold more than 16 GiB; "
                     "nnref reads IDX files of up to 16 GiB"));
        }
        total *= n;
    }
    const std::uint32_t items = a.dims[0];
    const std::uint64_t item_bytes = total / items;
    if (max_items != 0 && max_items < a.dims[0]) {
        a.dims[0] = static_cast<std::uint32_t>(max_items);
    }
    const std::uint64_t keep = a.dims[0] * item_bytes;
    // Read in pieces, growing the buffer only as data arrives, so that a header claiming
    // gigabytes in a small file is reported as truncated without allocating them. Past the
    // items kept, the rest is still read (and discarded): only then is a gzip file's checksum
    // checked, and the length of any file known.
    const std::string what = cat("the data (", items, " items)");
    const std::uint64_t piece = std::uint64_t{1} << 20;
    for (std::uint64_t done = 0; done < total;) {
        std::size_t got = 0, wanted = 0;
        if (done < keep) {
            wanted = static_cast<std::size_t>(std::min(piece, keep - done));
            a.data.resize(static_cast<std::size_t>(done) + wanted);
            got = in.read(a.data.data() + done, wanted);
        } else {
            wanted = static_cast<std::size_t>(std::min(piece, total - done));
            got = in.skip(wanted);
        }
        done += got;
        if (got < wanted) {
            fail(cat("the file is truncated: ", what, " needs ", total, " bytes, only ", done, " are there"));
        }
    }
    in.expect_end(what);
    return a;
}

void write_idx(const std::filesystem::path& path, const IdxArray& array) {
    std::uint64_t total = array.dims.empty() ? 0 : 1;
    for (const std::uint32_t n : array.dims) {
        total *= n;  // cannot wrap for an array in memory: data.size() is checked against it
    }
    if (array.dims.empty() || array.dims.size() > 255 || total != array.data.size()) {
        throw shape_error(cat("write_idx '", path.string(), "': ", array.data.size(),
                              " elements do not fill dimensions ", join(array.dims, " x "),
                              " (IDX has 1 to 255 dimensions)"));
    }
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    {
        GzFile f(gzopen(tmp.c_str(), ends_with_gz(path) ? "wb" : "wbT"));  // T: no compression
        if (!f) {
            throw input_error(cat("cannot write '", tmp.string(), "'"));
        }
        std::vector<unsigned char> header = {0, 0, 0x08, static_cast<unsigned char>(array.dims.size())};
        for (const std::uint32_t n : array.dims) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                header.push_back(static_cast<unsigned char>(n >> shift));
            }
        }
        auto write = [&](const unsigned char* data, std::size_t n) {
            for (std::size_t done = 0; done < n;) {
                const auto piece = static_cast<unsigned>(std::min(n - done, zlib_piece));
                if (gzwrite(f.get(), data + done, piece) != static_cast<int>(piece)) {
                    f.reset();
                    std::filesystem::remove(tmp);
                    throw input_error(cat("cannot write '", tmp.string(), "' (disk full?)"));
                }
                done += piece;
            }
        };
        write(header.data(), header.size());
        write(array.data.data(), array.data.size());
        if (gzclose(f.release()) != Z_OK) {
            std::filesystem::remove(tmp);
            throw input_error(cat("cannot finish writing '", tmp.string(), "'"));
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp);
        throw input_error(cat("cannot rename '", tmp.string(), "' to '", path.string(), "': ", ec.message()));
    }
}

std::vector<int> read_idx_labels(const std::filesystem::path& path, std::size_t max_count) {
    const IdxArray a = read_idx(path, max_count);
    if (a.dims.size() != 1) {
        throw input_error(cat(path.string(), ": labels need 1 dimension, this file has ", a.dims.size()));
    }
    return std::vector<int>(a.data.begin(), a.data.end());
}

}  // namespace nnref
