/// \file
/// \brief Tests of the core: number types, Matrix shape checks, the portable RNG. (CSV input is
///        in test_io_csv.cpp.)
#include "nnref/core/matrix.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"

#include <boost/test/unit_test.hpp>


using namespace nnref;

BOOST_AUTO_TEST_SUITE(core)

BOOST_AUTO_TEST_CASE(number_types_have_the_promised_precision) {
    BOOST_TEST(decimal_digits<f64>() == 15);
    BOOST_TEST(decimal_digits<hp50>() == 50);
    BOOST_TEST(decimal_digits<hp100>() == 100);
    BOOST_TEST(epsilon<hp50>() < hp50("1e-49"));
    BOOST_TEST(epsilon<hp100>() < hp100("1e-99"));
    BOOST_TEST(number_name<hp50>() == "hp50");
}

BOOST_AUTO_TEST_CASE(literal_is_exact_where_a_double_literal_is_not) {
    // 0.1 as a double is 0.1000000000000000055511...; as a decimal string it is exact in hp50.
    const hp50 exact = literal<hp50>("0.1");
    const hp50 leaked = hp50(0.1);
    BOOST_TEST(exact * 10 == hp50(1));
    BOOST_TEST(abs(leaked - exact) > hp50("5e-18"));
    BOOST_TEST(literal<f64>("0.1") == 0.1);
}

BOOST_AUTO_TEST_CASE(matmul_matches_a_hand_computed_product) {
    const Matrix<f64> A = {{1, 2, 3}, {4, 5, 6}};
    const Matrix<f64> B = {{1, 0}, {0, 1}, {2, -1}};
    const Matrix<f64> C = matmul(A, B);
    BOOST_TEST(C == (Matrix<f64>{{7, -1}, {16, -1}}));
    BOOST_TEST(transpose(A) == (Matrix<f64>{{1, 4}, {2, 5}, {3, 6}}));
    BOOST_TEST((A + A) == 2.0 * A);
    BOOST_TEST(hadamard(A, A)(1, 2) == 36);
    BOOST_TEST(dot(std::vector<f64>{1, 2}, std::vector<f64>{3, 4}) == 11);
}

BOOST_AUTO_TEST_CASE(shape_errors_name_the_operation_and_both_shapes) {
    const Matrix<f64> A(2, 3);
    const Matrix<f64> B(4, 1);
    try {
        matmul(A, B);
        BOOST_FAIL("matmul of 2x3 by 4x1 must throw");
    } catch (const shape_error& e) {
        const std::string msg = e.what();
        BOOST_TEST(msg.find("matmul") != std::string::npos);
        BOOST_TEST(msg.find("2x3") != std::string::npos);
        BOOST_TEST(msg.find("4x1") != std::string::npos);
    }
    BOOST_CHECK_THROW(A + B, shape_error);
    BOOST_CHECK_THROW(A.at(2, 0), shape_error);
    BOOST_CHECK_THROW((Matrix<f64>{{1, 2}, {3}}), shape_error);
    BOOST_CHECK_THROW(dot(std::vector<f64>{1}, std::vector<f64>{1, 2}), shape_error);
}

BOOST_AUTO_TEST_CASE(rng_is_the_same_on_every_machine) {
    // Golden values of xoshiro256** seeded by SplitMix64 from 42, computed independently from
    // the authors' reference algorithm. Any change to the generator
    // or the seeding changes them, and with them every seeded result in the book.
    Rng rng(42);
    const std::uint64_t first = rng.next_u64();
    const std::uint64_t second = rng.next_u64();
    Rng again(42);
    BOOST_TEST(again.next_u64() == first);
    BOOST_TEST(again.next_u64() == second);
    BOOST_TEST(first == 0x15780b2e0c2ec716ULL);
    BOOST_TEST(second == 0x6104d9866d113a7eULL);
    BOOST_TEST(Rng(43).next_u64() != first);
}

BOOST_AUTO_TEST_CASE(rng_uniform_and_normal_have_the_right_moments) {
    Rng rng(7);
    const int n = 200000;
    double sum = 0, sum2 = 0, nsum = 0, nsum2 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform01();
        BOOST_REQUIRE(u >= 0.0);
        BOOST_REQUIRE(u < 1.0);
        sum += u;
        sum2 += u * u;
        const double z = rng.normal();
        nsum += z;
        nsum2 += z * z;
    }
    // Standard errors: uniform mean sqrt(1/12/n) ≈ 6.5e-4; normal mean 1/sqrt(n) ≈ 2.2e-3,
    // normal variance sqrt(2/n) ≈ 3.2e-3. Five standard errors each.
    BOOST_TEST(std::abs(sum / n - 0.5) < 5 * 6.5e-4);
    BOOST_TEST(std::abs(sum2 / n - 1.0 / 3) < 5 * 6.7e-4);
    BOOST_TEST(std::abs(nsum / n) < 5 * 2.3e-3);
    BOOST_TEST(std::abs(nsum2 / n - 1) < 5 * 3.2e-3);
}

BOOST_AUTO_TEST_CASE(rng_below_is_unbiased_and_shuffle_is_a_permutation) {
    Rng rng(3);
    std::vector<int> counts(6, 0);
    const int n = 60000;
    for (int i = 0; i < n; ++i) {
        ++counts[rng.below(6)];
    }
    // Chi-square with 5 degrees of freedom; P(chi2 > 20.5) ≈ 0.001.
    double chi2 = 0;
    for (int c : counts) {
        chi2 += (c - n / 6.0) * (c - n / 6.0) / (n / 6.0);
    }
    BOOST_TEST(chi2 < 20.5);
    BOOST_CHECK_THROW(rng.below(0), input_error);

    std::vector<int> v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    rng.shuffle(v);
    std::vector<int> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    BOOST_TEST(sorted == (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    BOOST_TEST(v != sorted);
}

BOOST_AUTO_TEST_SUITE_END()
