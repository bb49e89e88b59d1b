/// \file
/// \brief The small datasets the chapters train on: XOR, two interleaved spirals drawn from
///        a seed, and iris from data/iris.csv. Each is a batch X with integer labels and
///        one-hot targets Y (a Dataset). Fashion-MNIST is in fashion_mnist.hpp.
///
/// Chapter 5 trains on all three (\ref ch05_training "chapter 5, section 6"); the tests are
/// tests/test_ch05_backprop.cpp (the datasets from their seed, and solved) and
/// tests/test_data.cpp (iris's file checked).
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"
#include "nnref/data/dataset.hpp"
#include "nnref/io/csv.hpp"

#include <boost/math/constants/constants.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace nnref {

/// XOR: the four corners of the unit square; the class is x₁ XOR x₂. No single neuron can
/// separate it (chapter 1); one hidden layer can.
template <Real T>
Dataset<T> xor_dataset() {
    Dataset<T> d{
        "xor", Matrix<T>{{T(0), T(0)}, {T(0), T(1)}, {T(1), T(0)}, {T(1), T(1)}}, {0, 1, 1, 0}, {}};
    d.Y = one_hot<T>(d.labels, 2);
    return d;
}

//! [spirals]
/// Two interleaved spirals (Lang & Witbrock, 1988), a classic that no straight or gently
/// curved boundary can separate. Point i of class c sits at angle and radius
/// \f[ t_i = \frac{i}{n}\,\tau, \qquad \theta = t_i + c\,\pi, \qquad r = \frac{t_i}{\tau}
///     \qquad x = (r \cos\theta, r \sin\theta) + \text{noise} \f]
/// with τ = 2π·turns, so the two arms are rotated half a turn from each other. The noise is
/// Gaussian with the given standard deviation, drawn from `seed`.
/// \param n_per_class points per spiral arm
/// \param turns how many times each arm winds around the centre
/// \param noise standard deviation of the noise added to each coordinate
/// \param seed the random seed
template <Real T>
Dataset<T> spirals_dataset(std::size_t n_per_class, double turns, double noise,
                           std::uint64_t seed) {
    if (n_per_class == 0 || !(turns > 0) || !(noise >= 0)) {
        throw input_error("spirals_dataset: need n_per_class > 0, turns > 0 and noise >= 0");
    }
    Rng rng(seed);
    const double pi = boost::math::constants::pi<double>();
    const double tau = 2 * pi * turns;
    Dataset<T> d{"spirals", Matrix<T>(2 * n_per_class, 2), {}, {}};
    for (int c = 0; c < 2; ++c) {
        for (std::size_t i = 0; i < n_per_class; ++i) {
            // Start a little away from the centre, where the arms would touch.
            const double t =
                tau * (0.08 + 0.92 * static_cast<double>(i) / static_cast<double>(n_per_class));
            const double r = t / tau;
            const double theta = t + c * pi;
            const std::size_t n = c * n_per_class + i;
            d.X(n, 0) = T(r * std::cos(theta) + noise * rng.normal());
            d.X(n, 1) = T(r * std::sin(theta) + noise * rng.normal());
            d.labels.push_back(c);
        }
    }
    d.Y = one_hot<T>(d.labels, 2);
    return d;
}
//! [spirals]

/// Fisher's iris (1936) from a table with columns sepal_length, sepal_width, petal_length,
/// petal_width (in cm) and species (0, 1 or 2). Each feature is standardized to mean 0 and
/// standard deviation 1, so that no feature dominates the first layer only because of its units.
/// \param table the table, as read_csv() or parse_csv() returns it
/// \throws input_error naming the file, line and column for a missing column, a feature with
///         the same value in every row, or a species that is not 0, 1 or 2
template <Real T>
Dataset<T> iris_from_table(const CsvTable<T>& table) {
    const std::vector<std::string> features = {"sepal_length", "sepal_width", "petal_length",
                                               "petal_width"};
    const std::size_t B = table.values.rows();
    std::vector<std::size_t> columns;  // found first, so that a missing one is the error reported
    for (const std::string& feature : features) {
        columns.push_back(table.column(feature));
    }
    const std::size_t species = table.column("species");
    Dataset<T> d{"iris", Matrix<T>(B, features.size()), {}, {}};
    using std::sqrt;
    for (std::size_t f = 0; f < features.size(); ++f) {
        const std::size_t j = columns[f];
        std::vector<T> v(B);
        for (std::size_t n = 0; n < B; ++n) {
            v[n] = table.values(n, j);
        }
        T mean = 0;
        for (const T& x : v) {
            mean += x;
        }
        mean /= T(v.size());
        T var = 0;
        for (const T& x : v) {
            var += (x - mean) * (x - mean);
        }
        const T sd = sqrt(var / T(v.size()));
        using std::isfinite;
        if (!(sd > T(0)) || !isfinite(sd)) {  // the same value everywhere, or sums that overflow
            throw input_error(cat(table.source, ": column ", j + 1, " ('", features[f], "') has standard "
                                  "deviation ", sd, ", so it cannot be standardized"));
        }
        for (std::size_t n = 0; n < v.size(); ++n) {
            d.X(n, f) = (v[n] - mean) / sd;
        }
    }
    for (std::size_t n = 0; n < B; ++n) {
        const T s = table.values(n, species);
        // Compared in T, never cast first: converting 1e300 to int is undefined behaviour.
        int c = 0;
        while (c < 3 && s != T(c)) {
            ++c;
        }
        if (c == 3) {
            throw input_error(cat(table.source, ":", table.lines[n], ": column ", species + 1,
                                  " ('species') holds ", s, ", which is not a species: 0, 1 or 2"));
        }
        d.labels.push_back(c);
    }
    d.Y = one_hot<T>(d.labels, 3);
    return d;
}

/// Fisher's iris, read from data/iris.csv (see iris_from_table()).
/// \param data_dir the folder holding iris.csv
template <Real T>
Dataset<T> iris_dataset(const std::filesystem::path& data_dir) {
    return iris_from_table(read_csv<T>(data_dir / "iris.csv"));
}

}  // namespace nnref
