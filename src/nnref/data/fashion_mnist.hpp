/// \file
/// \brief Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017) as a Dataset: 28 × 28 grey images of
///        clothing in 10 classes, read from IDX files (Debian's dataset-fashion-mnist; where
///        they are found is fashion_mnist_dir, in locate.hpp).
///
/// Chapter 6 introduces it (\ref ch06_data "chapter 6, section 2"); chapters 7
/// (\ref ch07_network "section 11"), 8 (\ref ch08_dynamics) and 9 (\ref ch09_fast_mlp,
/// as bytes) train on it too. The tests are
/// tests/test_data.cpp and tests/test_ch06_descent.cpp.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"
#include "nnref/data/dataset.hpp"
#include "nnref/io/idx.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace nnref {

/// The ten classes, in label order.
inline const std::array<const char*, 10> fashion_mnist_classes = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

/// Fashion-MNIST as bytes, the form chapter 9 trains from: 60000 images take 47 MB as bytes,
/// against 188 MB as float; each batch is converted when it is used.
/// Chapter 9, \ref ch09_training_step "section 12: the training step".
struct ImageSet {
    std::size_t count = 0;             ///< images
    std::size_t pixels = 0;            ///< per image, rows × columns (784)
    std::vector<std::uint8_t> images;  ///< count × pixels, 0 to 255, image after image
    std::vector<std::uint8_t> labels;  ///< count classes, each below 10
};

/// An IDX file in `dir` by its name, gzip'd (name.gz) or not (name), whichever is there.
/// \param dir the folder
/// \param name e.g. "train-images-idx3-ubyte"
/// \throws input_error naming both when neither exists
inline std::filesystem::path idx_file(const std::filesystem::path& dir, const std::string& name) {
    for (const std::filesystem::path& p : {dir / (name + ".gz"), dir / name}) {
        if (std::filesystem::exists(p)) {
            return p;
        }
    }
    throw input_error(cat("'", dir.string(), "' has no ", name, ".gz and no ", name,
                          ": give the folder of Fashion-MNIST's four IDX files (see data/README.md)"));
}

/// The first `count` images of a part of Fashion-MNIST (0: all of them) and their labels,
/// checked: 28 × 28 images, as many labels as images, every label below 10.
/// \param dir the folder of the IDX files, gzip'd or not
/// \param part "train" or "t10k"
/// \param count how many images (0: all)
inline ImageSet fashion_mnist_images(const std::filesystem::path& dir, const std::string& part,
                                     std::size_t count = 0) {
    if (part != "train" && part != "t10k") {
        throw input_error("fashion_mnist_images: part must be 'train' or 't10k', not '" + part + "'");
    }
    const auto images_path = idx_file(dir, part + "-images-idx3-ubyte");
    const auto labels_path = idx_file(dir, part + "-labels-idx1-ubyte");
    IdxArray images = read_idx(images_path, count);
    IdxArray labels = read_idx(labels_path, count);
    if (images.dims.size() != 3 || images.dims[1] != 28 || images.dims[2] != 28) {
        throw input_error(cat(images_path.string(), ": Fashion-MNIST images are count x 28 x 28, this file is ",
                              join(images.dims, " x ")));
    }
    if (labels.dims.size() != 1 || labels.dims[0] != images.dims[0]) {
        throw input_error(cat(labels_path.string(), " has ", join(labels.dims, " x "), " labels but ",
                              images_path.string(), " has ", images.dims[0], " images"));
    }
    for (std::size_t n = 0; n < labels.data.size(); ++n) {
        if (labels.data[n] >= 10) {
            throw input_error(cat(labels_path.string(), ": label ", static_cast<int>(labels.data[n]), " of image ",
                                  n, " is not a class: Fashion-MNIST has 10, 0 to 9"));
        }
    }
    return {images.dims[0], std::size_t{28} * 28, std::move(images.data), std::move(labels.data)};
}

/// The first `count` examples of the training set ("train") or the test set ("t10k"), pixels
/// scaled to [0, 1], with one-hot targets: fashion_mnist_images(), converted to T. The bytes
/// are checked before they are converted, so that a file of other images is an error, not a
/// matrix eight or more times its size.
/// \param dir the folder holding the four IDX files, gzip'd or not
/// \param part "train" or "t10k"
/// \param count how many examples (at most 60000 for train, 10000 for t10k; 0: all)
template <Real T>
Dataset<T> fashion_mnist_dataset(const std::filesystem::path& dir, const std::string& part,
                                 std::size_t count) {
    if (part != "train" && part != "t10k") {
        throw input_error("fashion_mnist_dataset: part must be 'train' or 't10k', not '" + part +
                          "'");
    }
    const auto images = dir / (part + "-images-idx3-ubyte");
    if (!std::filesystem::exists(images.string() + ".gz") && !std::filesystem::exists(images)) {
        throw input_error(
            "Fashion-MNIST was not found: '" + images.string() +
            ".gz' does not exist; install it with: apt-get install dataset-fashion-mnist");
    }
    const ImageSet set = fashion_mnist_images(dir, part, count);
    Dataset<T> d{"fashion-mnist " + part, Matrix<T>(set.count, set.pixels), {}, {}};
    for (std::size_t k = 0; k < set.images.size(); ++k) {
        d.X[k] = T(set.images[k]) / T(255);
    }
    d.labels.assign(set.labels.begin(), set.labels.end());
    d.Y = one_hot<T>(d.labels, 10);
    return d;
}

}  // namespace nnref
