/// \file
/// \brief Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017) as a Dataset: 28 × 28 grey images of
///        clothing in 10 classes, read from IDX files (Debian's dataset-fashion-mnist; where
///        they are found is fashion_mnist_dir, in locate.hpp).
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/data/dataset.hpp"
#include "nnref/io/idx.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

namespace nnref {

/// The ten classes, in label order.
inline const std::array<const char*, 10> fashion_mnist_classes = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

/// The first `count` examples of the training set ("train") or the test set ("t10k"), pixels
/// scaled to [0, 1], with one-hot targets.
/// \param dir the folder holding the four .gz files
/// \param part "train" or "t10k"
/// \param count how many examples (at most 60000 for train, 10000 for t10k)
template <Real T>
Dataset<T> fashion_mnist_dataset(const std::filesystem::path& dir, const std::string& part,
                                 std::size_t count) {
    if (part != "train" && part != "t10k") {
        throw input_error("fashion_mnist_dataset: part must be 'train' or 't10k', not '" + part +
                          "'");
    }
    const auto images = dir / (part + "-images-idx3-ubyte.gz");
    const auto labels = dir / (part + "-labels-idx1-ubyte.gz");
    if (!std::filesystem::exists(images)) {
        throw input_error(
            "Fashion-MNIST was not found: '" + images.string() +
            "' does not exist; install it with: apt-get install dataset-fashion-mnist");
    }
    Dataset<T> d{"fashion-mnist " + part,
                 read_idx_images<T>(images, count),
                 read_idx_labels(labels, count),
                 {}};
    if (d.labels.size() != d.X.rows()) {
        throw input_error(labels.string() + " has " + std::to_string(d.labels.size()) +
                          " labels but " + images.string() + " has " + std::to_string(d.X.rows()) +
                          " images");
    }
    d.Y = one_hot<T>(d.labels, 10);  // also rejects a label outside 0-9
    return d;
}
}  // namespace nnref
