/// \file
/// \brief Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017) as a chapter-5 Dataset: 28 × 28
///        grey images of clothing in 10 classes, read from Debian's dataset-fashion-mnist.
#pragma once

#include "04-losses/losses.hpp"      // one_hot
#include "05-backprop/datasets.hpp"  // Dataset
#include "05-backprop/mlp.hpp"       // MLP
#include "nnref/core/error.hpp"
#include "nnref/io/idx.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

namespace nnref {

/// Where Debian's package dataset-fashion-mnist installs the data.
inline const std::filesystem::path fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";

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
        throw input_error("fashion_mnist_dataset: part must be 'train' or 't10k', not '" + part + "'");
    }
    const auto images = dir / (part + "-images-idx3-ubyte.gz");
    const auto labels = dir / (part + "-labels-idx1-ubyte.gz");
    if (!std::filesystem::exists(images)) {
        throw input_error("Fashion-MNIST is not at '" + images.string() +
                          "'; install it with: apt-get install dataset-fashion-mnist");
    }
    Dataset<T> d{"fashion-mnist " + part, read_idx_images<T>(images, count),
                 read_idx_labels(labels, count), {}};
    if (d.labels.size() != d.X.rows()) {
        throw input_error(labels.string() + " has " + std::to_string(d.labels.size()) +
                          " labels but " + images.string() + " has " +
                          std::to_string(d.X.rows()) + " images");
    }
    d.Y = one_hot<T>(d.labels, 10);  // also rejects a label outside 0-9
    return d;
}

/// The small network chapters 6 and 7 train on Fashion-MNIST: 784 pixels, 32 ReLU units and
/// 10 class scores, with softmax cross-entropy, initialized from `seed` (chapter 5's MLP::init).
/// Small enough to train on 1000 images in a second in double, large enough to reach about
/// 80% on the test images.
/// \param seed seeds the initial weights
template <Real T>
MLP<T> fashion_mnist_mlp(std::uint64_t seed = 1) {
    MLP<T> net({784, 32, 10}, {Activation::relu, Activation::identity},
               Loss::softmax_cross_entropy);
    Rng rng(seed);
    net.init(rng);
    return net;
}

}  // namespace nnref
