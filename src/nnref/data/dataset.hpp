/// \file
/// \brief A labelled dataset, class labels as one-hot rows, and a seeded split. The
///        datasets themselves are in datasets.hpp and fashion_mnist.hpp.
///
/// Chapter 4 (\ref ch04_losses) takes its one-hot targets from here, and chapter 5 is the
/// first to train on a Dataset (\ref ch05_training "chapter 5, section 6"). The tests are
/// tests/test_data.cpp and the chapters' own.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace nnref {

/// A labelled dataset: inputs, classes and one-hot targets.
/// Chapter 5, \ref ch05_training "section 6: training on XOR, spirals and iris".
template <Real T>
struct Dataset {
    std::string name;         ///< for messages and figures
    Matrix<T> X;              ///< inputs, B × n_inputs
    std::vector<int> labels;  ///< classes in [0, n_classes), B entries
    Matrix<T> Y;              ///< one-hot targets, B × n_classes
};

/// One-hot rows: row n is all zeros except a 1 in column labels[n], the target form of a
/// class label (chapter 4).
/// \param labels class indices, one per example, each in [0, n_classes)
/// \param n_classes K, the number of classes
/// \return B × K
template <Real T>
Matrix<T> one_hot(const std::vector<int>& labels, std::size_t n_classes) {
    if (n_classes == 0) {
        throw input_error("one_hot: n_classes is 0; a label needs at least one class");
    }
    Matrix<T> Y(labels.size(), n_classes);
    for (std::size_t n = 0; n < labels.size(); ++n) {
        if (labels[n] < 0 || static_cast<std::size_t>(labels[n]) >= n_classes) {
            throw input_error(cat("one_hot: label ", labels[n], " of example ", n,
                                  " is not a class: with ", n_classes,
                                  " classes, labels run from 0 to ", n_classes - 1));
        }
        Y(n, static_cast<std::size_t>(labels[n])) = T(1);
    }
    return Y;
}

/// Splits a dataset in two at random (seeded): the first gets `n_first` examples.
/// \param d the dataset
/// \param n_first how many examples go to the first part (the rest to the second)
/// \param seed the random seed of the shuffle
/// \return the two parts, e.g. train and test
template <Real T>
std::pair<Dataset<T>, Dataset<T>> split(const Dataset<T>& d, std::size_t n_first,
                                        std::uint64_t seed) {
    if (n_first > d.X.rows()) {
        throw input_error("split: " + std::to_string(n_first) + " examples asked of " + d.name +
                          ", which has " + std::to_string(d.X.rows()));
    }
    std::vector<std::size_t> order(d.X.rows());
    for (std::size_t n = 0; n < order.size(); ++n) {
        order[n] = n;
    }
    Rng rng(seed);
    rng.shuffle(order);
    auto take = [&](std::size_t from, std::size_t to, const std::string& suffix) {
        Dataset<T> part{d.name + suffix,
                        Matrix<T>(to - from, d.X.cols()),
                        {},
                        Matrix<T>(to - from, d.Y.cols())};
        for (std::size_t n = from; n < to; ++n) {
            for (std::size_t j = 0; j < d.X.cols(); ++j) {
                part.X(n - from, j) = d.X(order[n], j);
            }
            for (std::size_t j = 0; j < d.Y.cols(); ++j) {
                part.Y(n - from, j) = d.Y(order[n], j);
            }
            part.labels.push_back(d.labels[order[n]]);
        }
        return part;
    };
    return {take(0, n_first, " (train)"), take(n_first, order.size(), " (test)")};
}

}  // namespace nnref
