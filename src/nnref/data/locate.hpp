/// \file
/// \brief Where the datasets are: nnref's own small ones (data/: iris.csv, ...) and
///        Fashion-MNIST, found at run time so that a built, an installed and a moved nnref
///        all find them. data/README.md documents the same order.
///
/// Chapter 1 is the first to read a file from data/ (iris.csv, \ref ch01_neuron), and
/// chapter 6 the first to read Fashion-MNIST (\ref ch06_data "chapter 6, section 2"). The
/// tests are tests/test_data.cpp.
#pragma once

#include <filesystem>

namespace nnref {

/// The folder of nnref's own datasets (iris.csv, ...). It is the first of:
///  1. `dir`, when it is not empty (the command's `--data-dir`);
///  2. the environment variable `NNREF_DATA_DIR`, when it is set;
///  3. data/ in the source tree nnref was built from, if that still exists;
///  4. `<prefix>/share/nnref/data`, where `cmake --install` puts it.
///
/// A folder counts when it holds iris.csv. A folder the user named (1 or 2) that does not is
/// an error, not a reason to look elsewhere: the user meant that one.
/// \param dir the folder the user gave, or empty
/// \throws input_error naming every place tried
std::filesystem::path data_dir(const std::filesystem::path& dir = {});

/// The Fashion-MNIST folder, holding train-images-idx3-ubyte.gz and its three siblings.
/// It is the first of:
///  1. the environment variable `NNREF_FASHION_MNIST_DIR`, when it is set;
///  2. fashion-mnist/ inside `data`, when `data` is not empty;
///  3. /usr/share/datasets/fashion-mnist, where Debian's dataset-fashion-mnist installs it.
///
/// A folder counts when it holds train-images-idx3-ubyte.gz. The error message begins
/// "Fashion-MNIST was not found", which the test scripts look for to report a test as
/// skipped (the CI preset fails it instead).
/// \param data the data folder in use (see data_dir), or empty
/// \throws input_error saying where it looked, what to install and what to set
std::filesystem::path fashion_mnist_dir(const std::filesystem::path& data = {});

}  // namespace nnref
