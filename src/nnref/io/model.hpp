/// \file
/// \brief Model files: an MLP's layer widths, its hidden activation and its float weights, in
///        a small documented binary format with a checksum, written atomically.
///
/// The format (every integer little-endian):
///
///     bytes  0-7    magic "NNREFMLP"
///     u32           version, 1
///     u32           L + 1, the number of widths; then L + 1 × u32, n_inputs first
///     u32           length of the hidden activation's name; then its bytes ("relu", ...)
///     u64           the number of parameters P; then P × float32 (IEEE, little-endian),
///                   θ in chapter 5's order: W⁽¹⁾ row by row, b⁽¹⁾, W⁽²⁾, b⁽²⁾, …
///     u32           CRC-32 (zlib's) of every byte before it
///
/// A file is written to `<path>.tmp` and renamed, so that it is never half-written, and checked
/// whole when it is read: a truncated file, another magic or version, a bad checksum, widths
/// that do not match the number of weights, or a weight that is not finite is an input_error
/// naming the file and the problem. Every count the file claims is checked against the bytes
/// really there before anything is allocated for it, so a small file cannot ask for gigabytes.
///
/// `nnref train` and `nnref eval` write and read them
/// (\ref ch09_train_eval "chapter 9, section 16"); the tests are tests/test_io_model.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace nnref {

/// What a model file holds.
/// Chapter 9, \ref ch09_train_eval "section 16: nnref train and nnref eval".
struct ModelFile {
    std::vector<std::uint32_t> widths;  ///< n_inputs, then each layer's width (at least 2)
    std::string activation;             ///< the hidden layers' activation, e.g. "relu"
    std::vector<float> parameters;      ///< θ, in chapter 5's order
};

/// The number of parameters an MLP with these widths has: \f$ \sum_l (n_{l-1} + 1)\, n_l \f$.
/// \param widths n_inputs, then each layer's width
/// \throws shape_error if the count does not fit in 64 bits
std::uint64_t parameter_count(const std::vector<std::uint32_t>& widths);

/// Writes a model file atomically (see the file's comment for the format).
/// \param path the file
/// \param model what to write; its parameters must number parameter_count(widths)
/// \throws input_error if the file cannot be written, shape_error for a model whose
///         parameters do not fit its widths
void save_model(const std::filesystem::path& path, const ModelFile& model);

/// Reads and checks a model file: read_file(), then parse_model().
/// \param path the file
/// \throws input_error naming the file and what is wrong with it
ModelFile load_model(const std::filesystem::path& path);

/// Checks and decodes the bytes of a model file held in memory.
/// \param bytes the file's bytes
/// \param name the file's name, for messages
/// \throws input_error naming `name` and what is wrong
ModelFile parse_model(std::string_view bytes, const std::string& name);

}  // namespace nnref
