/// \file
/// \brief Reading IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
///
/// An IDX file (LeCun et al., "The MNIST database", 1998) is a header and a block of numbers:
///
///     bytes 0-1   0x00 0x00
///     byte  2     the element type: 0x08 = unsigned byte (the only one nnref reads)
///     byte  3     the number of dimensions, d
///     4 bytes × d each dimension's size, a big-endian unsigned 32-bit integer
///     then        the elements, row-major, one byte each for type 0x08
///
/// Images are stored as a 3-D array (count × rows × columns), labels as a 1-D array.
///
/// A file that starts with gzip's magic bytes 1f 8b is decompressed with zlib, whatever its
/// name; any other file is read as is (an IDX file starts with 00 00, so the two cannot be
/// confused). The reader trusts nothing it has not seen:
///   - each dimension is multiplied in with an overflow check, and more than 16 GiB of data
///     is refused, so a header can never wrap around to a small size;
///   - memory grows only as data actually arrives, so a small file claiming gigabytes is
///     reported as truncated without allocating them;
///   - a gzip stream is always read to its end, even for a subset, so that its CRC-32 and
///     length are checked: a damaged or truncated .gz is an error, as it is for `zcat`.
///     Several gzip members one after another are one stream, as in `zcat`;
///   - the file must end where its data ends: bytes after the declared data (or after the
///     last gzip member) are an error, not silently ignored, because they mean the header
///     and the data disagree.
/// Every error names the file and says what was expected.
///
/// Chapter 6 introduces the format and reads Fashion-MNIST with it
/// (\ref ch06_data "chapter 6, section 2"); the tests are tests/test_io_idx.cpp.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace nnref {

/// An IDX array of unsigned bytes: its dimensions and its elements, row-major.
/// Chapter 6, \ref ch06_data "section 2: Fashion-MNIST from IDX files".
struct IdxArray {
    std::vector<std::uint32_t> dims;  ///< the size of each dimension
    std::vector<std::uint8_t> data;   ///< the elements (only the first `max_items` if limited)
};

/// Reads an IDX file of unsigned bytes (type 0x08), plain or gzip-compressed: read_file(),
/// then parse_idx().
/// \param path the file
/// \param max_items keep at most this many items along the first dimension (0: all); the
///        returned dims[0] is then the number kept. The whole file is still checked.
/// \throws input_error naming the file if it is missing, not IDX, of another element type,
///         damaged, or of another length than its header says
IdxArray read_idx(const std::filesystem::path& path, std::size_t max_items = 0);

/// Parses the bytes of an IDX file held in memory (the file's comment lists the checks).
/// \param bytes the file's bytes, plain or gzip-compressed
/// \param name the file's name, for messages
/// \param max_items as for read_idx()
/// \throws input_error naming `name` and what is wrong
IdxArray parse_idx(std::string_view bytes, const std::string& name, std::size_t max_items = 0);

/// Writes an IDX file of unsigned bytes, gzip-compressed if the path ends in .gz. Written to
/// a temporary file first and then renamed, so a failure never leaves half a file.
/// \param path the file to write
/// \param array the dimensions and elements; data.size() must be the product of dims
/// \throws shape_error naming the file if the data does not fill the dimensions, input_error
///         if the file cannot be written
void write_idx(const std::filesystem::path& path, const IdxArray& array);

/// Images from an IDX file of shape count × rows × columns, one per row of the result, each
/// pixel scaled from 0…255 to [0, 1].
/// \param path the file, e.g. train-images-idx3-ubyte.gz
/// \param max_count how many images to read (0: all)
/// \return count × (rows · columns)
template <Real T>
Matrix<T> read_idx_images(const std::filesystem::path& path, std::size_t max_count = 0) {
    const IdxArray a = read_idx(path, max_count);
    if (a.dims.size() != 3) {
        throw input_error(path.string() + ": images need 3 dimensions (count x rows x columns), "
                          "this file has " + std::to_string(a.dims.size()));
    }
    const std::size_t pixels = std::size_t{a.dims[1]} * a.dims[2];
    Matrix<T> X(a.dims[0], pixels);
    for (std::size_t k = 0; k < a.data.size(); ++k) {
        X[k] = T(a.data[k]) / T(255);
    }
    return X;
}

/// Labels from a 1-D IDX file.
/// \param path the file, e.g. train-labels-idx1-ubyte.gz
/// \param max_count how many labels to read (0: all)
std::vector<int> read_idx_labels(const std::filesystem::path& path, std::size_t max_count = 0);

}  // namespace nnref
