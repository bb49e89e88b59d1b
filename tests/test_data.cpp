/// \file
/// \brief Where the datasets are found: a folder the user names wins, or is an error if it
///        lacks the data; the environment comes next; then the built-in places. The messages
///        say what to install or set. Fashion-MNIST's bytes are checked as they are read, and
///        before they are converted; iris's table is checked before its species become labels.
///
/// The code is src/nnref/data/; the datasets are introduced in
/// \ref ch05_training "chapter 5, section 6" (XOR, spirals and iris) and
/// \ref ch06_data "chapter 6, section 2" (Fashion-MNIST).
#include "nnref/core/error.hpp"
#include "nnref/data/datasets.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"
#include "nnref/io/idx.hpp"

#include "allocations.hpp"
#include "expect_error.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

using namespace nnref;
namespace fs = std::filesystem;

namespace {

/// Sets an environment variable for one scope, and puts back what was there.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

/// A fresh folder under the system's temporary folder, removed at the end of the scope.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / name) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    /// Creates an empty file `name` in the folder.
    void touch(const fs::path& name) const {
        fs::create_directories((path / name).parent_path());
        std::ofstream(path / name).put('\n');
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(data)

BOOST_AUTO_TEST_CASE(the_built_data_folder_is_found_without_help) {
    const fs::path dir = data_dir();
    BOOST_TEST(fs::exists(dir / "iris.csv"), dir.string());
}

BOOST_AUTO_TEST_CASE(a_folder_the_user_names_wins_or_is_an_error) {
    const TempDir mine("nnref-test-data-user");
    mine.touch("iris.csv");
    const ScopedEnv env("NNREF_DATA_DIR", "/nonexistent");  // the option beats the environment
    BOOST_TEST(data_dir(mine.path) == mine.path);
    const TempDir empty("nnref-test-data-empty");
    expect_error<input_error>([&] { data_dir(empty.path); },
                              "data folder '" + empty.path.string() + "' has no iris.csv");
}

BOOST_AUTO_TEST_CASE(the_environment_comes_before_the_built_in_places) {
    const TempDir mine("nnref-test-data-env");
    mine.touch("iris.csv");
    {
        const ScopedEnv env("NNREF_DATA_DIR", mine.path.string());
        BOOST_TEST(data_dir() == mine.path);
    }
    const ScopedEnv env("NNREF_DATA_DIR", "/nonexistent");
    expect_error<input_error>([] { data_dir(); }, "NNREF_DATA_DIR='/nonexistent' has no iris.csv");
}

BOOST_AUTO_TEST_CASE(fashion_mnist_follows_its_variable_then_the_data_folder) {
    const TempDir mine("nnref-test-data-fashion");
    mine.touch("fashion-mnist/train-images-idx3-ubyte.gz");
    {
        const ScopedEnv unset("NNREF_FASHION_MNIST_DIR", "");  // empty counts as not set
        BOOST_TEST(fashion_mnist_dir(mine.path) == mine.path / "fashion-mnist");
    }
    {
        const ScopedEnv env("NNREF_FASHION_MNIST_DIR", (mine.path / "fashion-mnist").string());
        BOOST_TEST(fashion_mnist_dir() == mine.path / "fashion-mnist");
    }
    const ScopedEnv env("NNREF_FASHION_MNIST_DIR", mine.path.string());  // no IDX file here
    expect_error<input_error>([&] { fashion_mnist_dir(mine.path); },
                              "Fashion-MNIST was not found: NNREF_FASHION_MNIST_DIR=");
}

BOOST_AUTO_TEST_CASE(a_missing_fashion_mnist_says_what_to_install) {
    if (fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
        // Debian's package is installed, so the search cannot fail; the message is checked
        // through a variable that points at nothing instead.
        const ScopedEnv env("NNREF_FASHION_MNIST_DIR", "/nonexistent");
        expect_error<input_error>([] { fashion_mnist_dir(); }, "or unset it to use Debian's");
        return;
    }
    const ScopedEnv unset("NNREF_FASHION_MNIST_DIR", "");
    expect_error<input_error>([] { fashion_mnist_dir("/nonexistent"); },
                              "apt-get install dataset-fashion-mnist");
}

BOOST_AUTO_TEST_CASE(an_image_set_is_checked_as_it_is_read) {
    // Fashion-MNIST as bytes (chapter 9): plain or gzip'd IDX, as many labels as images, 28 x 28
    // images, and every label a class.
    const TempDir dir("nnref-test-data-images");
    const auto write = [&](const std::string& name, std::vector<std::uint32_t> dims, std::uint8_t value) {
        std::size_t n = 1;
        for (const auto d : dims) {
            n *= d;
        }
        write_idx(dir.path / name, {std::move(dims), std::vector<std::uint8_t>(n, value)});
    };
    write("train-images-idx3-ubyte", {5, 28, 28}, 7);
    write("train-labels-idx1-ubyte.gz", {5}, 3);
    const ImageSet set = fashion_mnist_images(dir.path, "train");
    BOOST_TEST(set.count == 5u);
    BOOST_TEST(set.pixels == 784u);
    BOOST_TEST(set.images[100] == 7);
    BOOST_TEST(set.labels[4] == 3);
    BOOST_TEST(fashion_mnist_images(dir.path, "train", 2).count == 2u);
    write("train-labels-idx1-ubyte.gz", {4}, 3);
    expect_error<input_error>([&] { fashion_mnist_images(dir.path, "train"); }, "4 labels but");
    write("train-labels-idx1-ubyte.gz", {5}, 10);
    expect_error<input_error>([&] { fashion_mnist_images(dir.path, "train"); }, "label 10 of image 0 is not a class");
    write("train-images-idx3-ubyte", {5, 28, 27}, 7);
    expect_error<input_error>([&] { fashion_mnist_images(dir.path, "train"); }, "count x 28 x 28, this file is 5 x 28 x 27");
    expect_error<input_error>([&] { fashion_mnist_images(dir.path, "t10k"); },
                              "has no t10k-images-idx3-ubyte.gz and no t10k-images-idx3-ubyte");
}

BOOST_AUTO_TEST_CASE(images_of_another_shape_are_refused_before_they_are_converted) {
    // 4 images of 512 x 512 are 1 MiB as bytes and 8 MiB as doubles: the shape is checked on
    // the bytes, so the doubles are never allocated (1000 such images would be 2 GiB).
    const TempDir dir("nnref-test-data-shape");
    write_idx(dir.path / "train-images-idx3-ubyte.gz", {{4, 512, 512}, std::vector<std::uint8_t>(4 * 512 * 512, 1)});
    write_idx(dir.path / "train-labels-idx1-ubyte.gz", {{4}, {0, 1, 2, 3}});
    reset_largest_allocation();
    expect_error<input_error>([&] { fashion_mnist_dataset<f64>(dir.path, "train", 0); },
                              "count x 28 x 28, this file is 4 x 512 x 512");
    BOOST_TEST(largest_allocation() < std::size_t{4} << 20);
}

BOOST_AUTO_TEST_CASE(iris_species_are_compared_before_they_become_labels) {
    const std::string header = "sepal_length,sepal_width,petal_length,petal_width,species\n";
    const std::string rows = "5.1,3.5,1.4,0.2,0\n7,3.2,4.7,1.4,1\n";
    const Dataset<f64> d = iris_from_table(parse_csv<f64>(header + rows + "6.3,3.3,6,2.5,2\n", "iris.csv"));
    BOOST_TEST((d.labels == std::vector<int>{0, 1, 2}));
    // 1e300 as an int is undefined behaviour; it is refused as a species first, in every precision.
    for (const char* species : {"1e300", "-1e300", "3", "1.5", "-1"}) {
        const std::string text = header + rows + "# a comment\n6.3,3.3,6,2.5," + species + "\n";
        expect_error<input_error>([&] { iris_from_table(parse_csv<f64>(text, "iris.csv")); },
                                  cat("iris.csv:5: column 5 ('species') holds ", literal<f64>(species),
                                      ", which is not a species: 0, 1 or 2"));
        expect_error<input_error>([&] { iris_from_table(parse_csv<hp50>(text, "iris.csv")); },
                                  "which is not a species");
    }
}

BOOST_AUTO_TEST_CASE(iris_errors_name_the_file) {
    expect_error<input_error>([] { iris_from_table(parse_csv<f64>("sepal_length,species\n1,0\n", "iris.csv")); },
                              "iris.csv: the CSV has no column 'sepal_width'");
    const std::string same = "sepal_length,sepal_width,petal_length,petal_width,species\n1,2,3,4,0\n1,2,3,5,1\n";
    expect_error<input_error>([&] { iris_from_table(parse_csv<f64>(same, "iris.csv")); },
                              "iris.csv: column 1 ('sepal_length') has standard deviation 0, so it cannot be standardized");
    expect_error<input_error>([] { iris_dataset<f64>("/nonexistent"); },
                              "CSV file '/nonexistent/iris.csv' does not exist");
}

BOOST_AUTO_TEST_SUITE_END()
