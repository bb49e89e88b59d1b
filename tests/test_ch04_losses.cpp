/// \file
/// \brief Chapter 4's claims as tests: every loss gradient is right to 30+ digits on random
///        batches; the worked example's numbers; softmax + cross-entropy's p − y equals
///        chapter 2's softmax VJP applied to cross-entropy's gradient; the logit forms stay
///        finite where the probability forms fail; bad input is stopped with a named error.
///
/// The page is \ref ch04_losses; the suite ch04_losses checks its claims, and ch04_exercises
/// its exercises (\ref ch04_exercises).
#include "04-losses/losses.hpp"
#include "nnref/core/random.hpp"
#include "nnref/gradcheck/check.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

using namespace nnref;

namespace {

/// A B × K matrix of numbers uniform between lo (included) and hi (excluded).
template <Real T>
Matrix<T> uniform_matrix(Rng& rng, std::size_t B, std::size_t K, const T& lo, const T& hi) {
    Matrix<T> A(B, K);
    for (std::size_t k = 0; k < A.size(); ++k) {
        A[k] = rng.uniform(lo, hi);
    }
    return A;
}

/// Targets in [0, 1] with hard and soft entries: column 0 is 0, column 1 is 1, the rest soft.
template <Real T>
Matrix<T> mixed_targets(Rng& rng, std::size_t B, std::size_t K) {
    Matrix<T> y = uniform_matrix(rng, B, K, T(0), T(1));
    for (std::size_t n = 0; n < B; ++n) {
        y(n, 0) = T(0);
        y(n, 1) = T(1);
    }
    return y;
}

/// One random class per example.
std::vector<int> random_labels(Rng& rng, std::size_t B, std::size_t K) {
    std::vector<int> labels(B);
    for (auto& c : labels) {
        c = static_cast<int>(rng.below(K));
    }
    return labels;
}

/// The batch stacked on itself: 2B rows, rows n and n + B equal.
template <class T>
Matrix<T> twice(const Matrix<T>& A) {
    Matrix<T> D(2 * A.rows(), A.cols());
    for (std::size_t k = 0; k < A.size(); ++k) {
        D[k] = A[k];
        D[k + A.size()] = A[k];
    }
    return D;
}

/// Asserts that f throws E with a message containing every one of `parts`.
template <class E>
void expect_error(const std::function<void()>& f, const std::vector<std::string>& parts) {
    try {
        f();
        BOOST_ERROR("no error thrown; expected one mentioning '" << parts.front() << "'");
    } catch (const E& e) {
        const std::string what = e.what();
        for (const auto& part : parts) {
            BOOST_TEST(what.find(part) != std::string::npos, "'" << part << "' not in: " << what);
        }
    } catch (const std::exception& e) {
        BOOST_ERROR("wrong error type: " << e.what());
    }
}

/// Passed, nothing unresolvable, and at least 30 digits; logs the digits agreed.
void require_30_digits(const std::string& name, const Report<hp50>& r) {
    BOOST_TEST(r.passed(), name << ": " << r.table());
    BOOST_TEST(r.count(Status::unresolvable) == 0u, name << ": " << r.table());
    BOOST_TEST(r.digits_agreed() >= 30, name << ": " << r.summary());
    BOOST_TEST_MESSAGE(name << ": " << r.digits_agreed() << " digits agreed");
}

using M = Matrix<hp50>;
constexpr std::size_t B = 3;
constexpr std::size_t K = 4;

}  // namespace

BOOST_AUTO_TEST_SUITE(ch04_losses)

BOOST_AUTO_TEST_CASE(every_gradient_agrees_to_30_digits_in_hp50) {
    Rng rng(4);
    // Regression losses: predictions and targets of both signs; residuals up to 3 reach both
    // of Huber's pieces.
    const M y_hat = uniform_matrix(rng, B, K, hp50(-2), hp50(2));
    const M y = uniform_matrix(rng, B, K, hp50(-1), hp50(1));
    require_30_digits("mse", check_gradient([&](const M& V) { return mse(V, y); },
                                            mse_gradient(y_hat, y), y_hat));
    for (const hp50& delta : {hp50(1), hp50("0.5")}) {
        require_30_digits("huber", check_gradient([&](const M& V) { return huber(V, y, delta); },
                                                  huber_gradient(y_hat, y, delta), y_hat));
    }

    // Binary cross-entropy: probabilities away from 0 and 1, logits of both signs.
    const M y01 = mixed_targets<hp50>(rng, B, K);
    const M p = uniform_matrix(rng, B, K, hp50("0.05"), hp50("0.95"));
    require_30_digits(
        "bce", check_gradient([&](const M& V) { return bce(V, y01); }, bce_gradient(p, y01), p));
    const M Z = uniform_matrix(rng, B, K, hp50(-4), hp50(4));
    require_30_digits("bce_with_logits",
                      check_gradient([&](const M& V) { return bce_with_logits(V, y01); },
                                     bce_with_logits_gradient(Z, y01), Z));

    // Categorical cross-entropy: one-hot, labels, and soft targets (rows that need not sum
    // to 1, where the fused gradient is p Σy − y).
    const std::vector<int> labels = random_labels(rng, B, K);
    const M Y = one_hot<hp50>(labels, K);
    const M Y_soft = uniform_matrix(rng, B, K, hp50(0), hp50(1));
    // cross_entropy's gradient treats every p_nk as a free input, so any P in (0, 1) will do.
    // Away from 0: central differences of log p lose digits as (h / p)², 28 digits at p = 0.001.
    const M P = uniform_matrix(rng, B, K, hp50("0.1"), hp50("0.9"));
    require_30_digits("cross_entropy (one-hot)",
                      check_gradient([&](const M& V) { return cross_entropy(V, Y); },
                                     cross_entropy_gradient(P, Y), P));
    require_30_digits("cross_entropy (labels)",
                      check_gradient([&](const M& V) { return cross_entropy(V, labels); },
                                     cross_entropy_gradient(P, labels), P));
    require_30_digits("cross_entropy (soft)",
                      check_gradient([&](const M& V) { return cross_entropy(V, Y_soft); },
                                     cross_entropy_gradient(P, Y_soft), P));
    require_30_digits("softmax_cross_entropy (one-hot)",
                      check_gradient([&](const M& V) { return softmax_cross_entropy(V, Y); },
                                     softmax_cross_entropy_gradient(Z, Y), Z));
    require_30_digits("softmax_cross_entropy (labels)",
                      check_gradient([&](const M& V) { return softmax_cross_entropy(V, labels); },
                                     softmax_cross_entropy_gradient(Z, labels), Z));
    require_30_digits("softmax_cross_entropy (soft)",
                      check_gradient([&](const M& V) { return softmax_cross_entropy(V, Y_soft); },
                                     softmax_cross_entropy_gradient(Z, Y_soft), Z));
}

BOOST_AUTO_TEST_CASE(a_gradient_without_the_batch_mean_is_rejected) {
    // Forgetting the 1/B of the mean (or MSE's factor 2) is off by a constant factor.
    Rng rng(5);
    const M Z = uniform_matrix(rng, B, K, hp50(-3), hp50(3));
    const std::vector<int> labels = random_labels(rng, B, K);
    M no_mean = softmax_cross_entropy_gradient(Z, labels);
    for (std::size_t k = 0; k < no_mean.size(); ++k) {
        no_mean[k] *= hp50(B);
    }
    auto L = [&](const M& V) { return softmax_cross_entropy(V, labels); };
    BOOST_TEST(!check_gradient(L, no_mean, Z).passed());

    const M y = uniform_matrix(rng, B, K, hp50(-1), hp50(1));
    const M half = hp50(1) / hp50(2) * mse_gradient(Z, y);
    BOOST_TEST(!check_gradient([&](const M& V) { return mse(V, y); }, half, Z).passed());
}

BOOST_AUTO_TEST_CASE(the_worked_example_0_6_against_1) {
    // y_hat = 0.6, y = 1: MSE 0.16 and dL/dy_hat = -0.8; BCE -log 0.6 and -1/0.6.
    const M y_hat = {{hp50("0.6")}};
    const M y = {{hp50(1)}};
    const hp50 tiny = hp50("1e-48");
    BOOST_TEST(abs(mse(y_hat, y) - hp50("0.16")) < tiny);
    const hp50 minus_log_06("0.51082562376599068320551409630366193487811079644577");
    BOOST_TEST(abs(bce(y_hat, y) - minus_log_06) < tiny, to_string(bce(y_hat, y)));
    BOOST_TEST(abs(mse_gradient(y_hat, y)[0] - hp50("-0.8")) < tiny);
    BOOST_TEST(abs(bce_gradient(y_hat, y)[0] + hp50(5) / hp50(3)) < tiny);

    // Through a sigmoid output with sigmoid(z) = 0.6: sigma'(z) = 0.24, so MSE gives
    // -0.8 * 0.24 = -0.192, and BCE gives y_hat - y = -0.4.
    const hp50 z = log(hp50("0.6") / hp50("0.4"));
    BOOST_TEST(abs(sigmoid_derivative(z) - hp50("0.24")) < tiny);
    const M s = {{sigmoid(z)}};
    BOOST_TEST(abs(mse_gradient(s, y)[0] * sigmoid_derivative(z) - hp50("-0.192")) < tiny);
    BOOST_TEST(abs(bce_with_logits_gradient(M{{z}}, y)[0] - hp50("-0.4")) < tiny);

    // In double, as the demo prints them.
    BOOST_TEST(mse(Matrix<f64>{{0.6}}, Matrix<f64>{{1.0}}) == 0.16,
               boost::test_tools::tolerance(1e-14));
    BOOST_TEST(bce(Matrix<f64>{{0.6}}, Matrix<f64>{{1.0}}) == 0.5108256237659907,
               boost::test_tools::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(cross_entropy_keeps_learning_when_the_sigmoid_saturates) {
    // At y_hat = 0.01 (y = 1), MSE's dL/dz is 2(y_hat - y) sigma'(z) = -0.0196 while BCE's is
    // y_hat - y = -0.99: fifty times larger, and the gap grows as y_hat -> 0.
    const M y = {{hp50(1)}};
    for (const char* p : {"0.01", "1e-4", "1e-8"}) {
        const hp50 y_hat(p);
        const hp50 z = log(y_hat / (hp50(1) - y_hat));
        const hp50 d_mse = mse_gradient(M{{sigmoid(z)}}, y)[0] * sigmoid_derivative(z);
        const hp50 d_bce = bce_with_logits_gradient(M{{z}}, y)[0];
        BOOST_TEST(abs(d_bce - (y_hat - hp50(1))) < hp50("1e-45"), p);
        BOOST_TEST(abs(d_mse) < hp50(3) * y_hat, p);  // 2(1 - y_hat)^2 y_hat < 2 y_hat
        BOOST_TEST(abs(d_bce) / abs(d_mse) > hp50(1) / (hp50(2) * y_hat) - hp50(1), p);
    }
    const hp50 y_hat("0.01");
    const hp50 z = log(y_hat / (hp50(1) - y_hat));
    const hp50 d_mse = mse_gradient(M{{sigmoid(z)}}, y)[0] * sigmoid_derivative(z);
    BOOST_TEST(abs(d_mse - hp50("-0.019602")) < hp50("1e-45"), to_string(d_mse));
}

BOOST_AUTO_TEST_CASE(through_a_sigmoid_bce_gradient_becomes_y_hat_minus_y) {
    // bce_gradient * sigma'(z) = bce_with_logits_gradient: 1/(y_hat(1 - y_hat)) cancels sigma'.
    // And the two BCE values agree where the probability form is accurate.
    Rng rng(6);
    const M Z = uniform_matrix(rng, B, K, hp50(-5), hp50(5));
    const M y = mixed_targets<hp50>(rng, B, K);
    M y_hat(B, K);
    for (std::size_t k = 0; k < Z.size(); ++k) {
        y_hat[k] = sigmoid(Z[k]);
    }
    const M chained = bce_gradient(y_hat, y);
    const M direct = bce_with_logits_gradient(Z, y);
    for (std::size_t k = 0; k < Z.size(); ++k) {
        const hp50 via_y_hat = chained[k] * sigmoid_derivative(Z[k]);
        BOOST_TEST(abs(via_y_hat - direct[k]) <= hp50("1e-45") * abs(direct[k]),
                   to_string(direct[k]));
    }
    BOOST_TEST(abs(bce(y_hat, y) - bce_with_logits(Z, y)) <= hp50("1e-45") * bce(y_hat, y));
}

BOOST_AUTO_TEST_CASE(fused_gradient_equals_softmax_vjp_of_cross_entropy_gradient) {
    // p − y (over B) is what chapter 2's softmax backward makes of cross-entropy's −y/(B p),
    // row by row, to 45 digits or more.
    Rng rng(7);
    for (std::size_t K_ : {std::size_t(2), std::size_t(3), std::size_t(7)}) {
        const M Z = uniform_matrix(rng, 4, K_, hp50(-6), hp50(6));
        const std::vector<int> labels = random_labels(rng, 4, K_);
        const M fused = softmax_cross_entropy_gradient(Z, labels);
        const M P = softmax_rows(Z);
        const M dP = cross_entropy_gradient(P, labels);
        for (std::size_t n = 0; n < Z.rows(); ++n) {
            const std::vector<hp50> composed = softmax_vjp(row(P, n), row(dP, n));
            hp50 row_sum = 0;
            for (std::size_t k = 0; k < K_; ++k) {
                BOOST_TEST(abs(composed[k] - fused(n, k)) <= hp50("1e-45") * abs(fused(n, k)),
                           "K=" << K_ << " row " << n << " entry " << k);
                row_sum += fused(n, k);
            }
            BOOST_TEST(abs(row_sum) < hp50("1e-48"));  // p sums to 1, y sums to 1
        }
    }
}

BOOST_AUTO_TEST_CASE(logit_forms_are_finite_at_plus_minus_1000_in_double) {
    const double inf = std::numeric_limits<double>::infinity();
    // BCE from logits: softplus(z) − y z, exactly.
    BOOST_TEST(bce_with_logits(Matrix<f64>{{-1000.0}}, Matrix<f64>{{1.0}}) == 1000.0);
    BOOST_TEST(bce_with_logits(Matrix<f64>{{1000.0}}, Matrix<f64>{{0.0}}) == 1000.0);
    BOOST_TEST(bce_with_logits(Matrix<f64>{{1000.0}}, Matrix<f64>{{1.0}}) == 0.0);
    BOOST_TEST(bce_with_logits(Matrix<f64>{{-1000.0}}, Matrix<f64>{{0.0}}) == 0.0);
    BOOST_TEST(bce_with_logits(Matrix<f64>{{1000.0, -1000.0}}, Matrix<f64>{{0.0, 1.0}}) == 1000.0);
    const Matrix<f64> dz =
        bce_with_logits_gradient(Matrix<f64>{{1000.0, -1000.0}}, Matrix<f64>{{0.0, 1.0}});
    BOOST_TEST(dz[0] == 0.5);  // (σ(1000) − 0) / 2
    BOOST_TEST(dz[1] == -0.5);
    // Softmax cross-entropy from logits: lse(z) − z_c.
    const Matrix<f64> Z = {{1000.0, -1000.0}};
    BOOST_TEST(softmax_cross_entropy(Z, {1}) == 2000.0);
    BOOST_TEST(softmax_cross_entropy(Z, {0}) == 0.0);
    const Matrix<f64> dZ = softmax_cross_entropy_gradient(Z, {1});
    BOOST_TEST(dZ(0, 0) == 1.0);
    BOOST_TEST(dZ(0, 1) == -1.0);
    // The probability forms fail there: log 0 = −inf, inf / inf = NaN.
    BOOST_TEST(-std::log(sigmoid(-1000.0)) == inf);
    BOOST_TEST(bce(Matrix<f64>{{sigmoid(1000.0)}}, Matrix<f64>{{0.0}}) == inf);
    BOOST_TEST(cross_entropy(softmax_rows(Z), {1}) == inf);
    BOOST_TEST(std::isnan(softmax_naive(row(Z, 0))[0]));
}

BOOST_AUTO_TEST_CASE(a_confident_right_answer_keeps_its_digits) {
    // z = 40, y = 1: the loss is log(1 + e^−40) = 4.2e-18. Computed as softplus(z) − z it
    // would be 0 in double and lose 18 digits in hp50; max(z, 0) − y z comes first instead.
    const hp50 exact("4.2483542552915889863049778436315821818777506798229745e-18");
    const hp50 v = bce_with_logits(M{{hp50(40)}}, M{{hp50(1)}});
    BOOST_TEST(abs(v - exact) <= hp50("1e-48") * exact, to_string(v));
    BOOST_TEST(bce_with_logits(Matrix<f64>{{40.0}}, Matrix<f64>{{1.0}}) == 4.248354255291589e-18,
               boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(a_dominant_right_class_keeps_its_digits) {
    // z = (40, 0, 0), class 0: the loss is log(1 + 2e^−40) = 8.5e-18. Forming lse(z) = 40 + ...
    // and then subtracting 40 would keep only about 32 of its digits; log1p keeps them all.
    const hp50 exact("8.4967085105831779545614418088090127939871792605856664e-18");
    const std::vector<int> label = {0};
    const hp50 v = softmax_cross_entropy(M{{hp50(40), hp50(0), hp50(0)}}, label);
    BOOST_TEST(abs(v - exact) <= hp50("1e-48") * exact, to_string(v));
}

BOOST_AUTO_TEST_CASE(bce_of_a_certain_prediction) {
    // A zero-weight term is skipped: ŷ = 0 with y = 0 costs nothing, and so does ŷ = 1 with
    // y = 1. A certain prediction that is wrong costs +inf, in both directions.
    const double inf = std::numeric_limits<double>::infinity();
    BOOST_TEST(bce(Matrix<f64>{{0.0}}, Matrix<f64>{{0.0}}) == 0.0);
    BOOST_TEST(bce(Matrix<f64>{{1.0}}, Matrix<f64>{{1.0}}) == 0.0);
    BOOST_TEST(bce(Matrix<f64>{{0.0}}, Matrix<f64>{{1.0}}) == inf);
    BOOST_TEST(bce(Matrix<f64>{{1.0}}, Matrix<f64>{{0.0}}) == inf);
    BOOST_TEST(bce(M{{hp50(0)}}, M{{hp50(0)}}) == 0);
    BOOST_TEST(bce(M{{hp50(1)}}, M{{hp50(1)}}) == 0);
    BOOST_TEST(isinf(bce(M{{hp50(0)}}, M{{hp50(1)}})));
    BOOST_TEST(isinf(bce(M{{hp50(1)}}, M{{hp50(0)}})));
    BOOST_TEST(isinf(bce(M{{hp50(1)}}, M{{hp50("0.5")}})));
    // Where the loss is finite, so is the gradient: −y/ŷ is skipped when y = 0.
    BOOST_TEST(bce_gradient(Matrix<f64>{{0.0}}, Matrix<f64>{{0.0}})[0] == 1.0);
    BOOST_TEST(bce_gradient(Matrix<f64>{{1.0}}, Matrix<f64>{{1.0}})[0] == -1.0);
    // log(1 − ŷ) keeps its digits for a tiny ŷ: ŷ = 1e-30 with y = 0 costs 1e-30 + 5e-61 + ...
    // (log(1 − ŷ) computed as written would keep only 20 digits: 1 − ŷ rounds).
    const hp50 small = bce(M{{hp50("1e-30")}}, M{{hp50(0)}});
    BOOST_TEST(abs(small - hp50("1.0000000000000000000000000000005e-30")) < hp50("1e-75"),
               to_string(small));
}

BOOST_AUTO_TEST_CASE(huber_pieces_and_their_join) {
    const M zero = {{hp50(0)}};
    auto h = [&zero](const hp50& r, const hp50& delta) { return huber(M{{r}}, zero, delta); };
    auto dh = [&zero](const hp50& r, const hp50& delta) {
        return huber_gradient(M{{r}}, zero, delta)[0];
    };
    // Quadratic inside, linear outside, on both sides.
    BOOST_TEST(h(hp50("0.5"), hp50(1)) == hp50("0.125"));
    BOOST_TEST(h(hp50(3), hp50(1)) == hp50("2.5"));
    BOOST_TEST(h(hp50(-3), hp50(1)) == hp50("2.5"));
    BOOST_TEST(h(hp50(5), hp50(2)) == hp50(8));
    BOOST_TEST(dh(hp50("0.5"), hp50(1)) == hp50("0.5"));
    BOOST_TEST(dh(hp50(3), hp50(1)) == hp50(1));
    BOOST_TEST(dh(hp50(-3), hp50(1)) == hp50(-1));
    // At |r| = δ the pieces meet with equal value δ²/2 and slope ±δ.
    for (const hp50& delta : {hp50(1), hp50("0.5"), hp50(2)}) {
        const hp50 quadratic = delta * delta / hp50(2);
        const hp50 linear = delta * (delta - delta / hp50(2));
        BOOST_TEST(quadratic == linear);
        BOOST_TEST(h(delta, delta) == quadratic);
        BOOST_TEST(h(-delta, delta) == quadratic);
        BOOST_TEST(dh(delta, delta) == delta);
        BOOST_TEST(dh(-delta, delta) == -delta);
        // Just inside and just outside, value and slope differ only by the distance moved.
        const hp50 d("1e-30");
        BOOST_TEST(abs(h(delta + d, delta) - h(delta - d, delta)) < hp50(3) * delta * d);
        BOOST_TEST(abs(dh(delta + d, delta) - dh(delta - d, delta)) <= d);
        // The checker agrees: the derivative is right on both pieces and at the joins.
        auto f = [&h, &delta](const hp50& r) { return h(r, delta); };
        auto df = [&dh, &delta](const hp50& r) { return dh(r, delta); };
        const Report<hp50> r = check_derivative(
            f, df,
            std::vector<hp50>{-hp50(3) * delta, -delta, delta / hp50(3), delta, hp50(4) * delta});
        BOOST_TEST(r.passed(), r.table());
    }
}

BOOST_AUTO_TEST_CASE(label_and_one_hot_forms_agree) {
    Rng rng(8);
    const M Z = uniform_matrix(rng, 5, K, hp50(-3), hp50(3));
    const std::vector<int> labels = random_labels(rng, 5, K);
    const M Y = one_hot<hp50>(labels, K);
    for (std::size_t n = 0; n < 5; ++n) {
        for (std::size_t k = 0; k < K; ++k) {
            BOOST_TEST(Y(n, k) == (static_cast<int>(k) == labels[n] ? 1 : 0));
        }
    }
    const M P = softmax_rows(Z);
    BOOST_TEST(cross_entropy(P, labels) == cross_entropy(P, Y));
    BOOST_TEST((cross_entropy_gradient(P, labels) == cross_entropy_gradient(P, Y)));
    BOOST_TEST(softmax_cross_entropy(Z, labels) == softmax_cross_entropy(Z, Y));
    BOOST_TEST((softmax_cross_entropy_gradient(Z, labels) == softmax_cross_entropy_gradient(Z, Y)));
    // And fused equals unfused: CE of softmax's probabilities, to rounding.
    BOOST_TEST(abs(softmax_cross_entropy(Z, labels) - cross_entropy(P, labels)) < hp50("1e-48"));
}

BOOST_AUTO_TEST_CASE(the_batch_mean_does_not_depend_on_the_batch_size) {
    // A batch stacked on itself has the same loss, and half the gradient on every row: each
    // example now weighs 1/(2B) instead of 1/B.
    Rng rng(9);
    const M y_hat = uniform_matrix(rng, B, K, hp50(-2), hp50(2));
    const M y = uniform_matrix(rng, B, K, hp50(-1), hp50(1));
    const M p = uniform_matrix(rng, B, K, hp50("0.05"), hp50("0.95"));
    const M y01 = mixed_targets<hp50>(rng, B, K);
    const M Z = uniform_matrix(rng, B, K, hp50(-4), hp50(4));
    const std::vector<int> labels = random_labels(rng, B, K);
    std::vector<int> labels2 = labels;
    labels2.insert(labels2.end(), labels.begin(), labels.end());
    const M P = softmax_rows(Z);

    struct Case {
        const char* name;
        hp50 loss, loss2;
        M grad, grad2;
    };
    const std::vector<Case> cases = {
        {"mse", mse(y_hat, y), mse(twice(y_hat), twice(y)), mse_gradient(y_hat, y),
         mse_gradient(twice(y_hat), twice(y))},
        {"huber", huber(y_hat, y), huber(twice(y_hat), twice(y)), huber_gradient(y_hat, y),
         huber_gradient(twice(y_hat), twice(y))},
        {"bce", bce(p, y01), bce(twice(p), twice(y01)), bce_gradient(p, y01),
         bce_gradient(twice(p), twice(y01))},
        {"bce_with_logits", bce_with_logits(Z, y01), bce_with_logits(twice(Z), twice(y01)),
         bce_with_logits_gradient(Z, y01), bce_with_logits_gradient(twice(Z), twice(y01))},
        {"cross_entropy", cross_entropy(P, labels), cross_entropy(twice(P), labels2),
         cross_entropy_gradient(P, labels), cross_entropy_gradient(twice(P), labels2)},
        {"softmax_cross_entropy", softmax_cross_entropy(Z, labels),
         softmax_cross_entropy(twice(Z), labels2), softmax_cross_entropy_gradient(Z, labels),
         softmax_cross_entropy_gradient(twice(Z), labels2)},
    };
    for (const auto& c : cases) {
        BOOST_TEST(abs(c.loss2 - c.loss) <= hp50("1e-48") * abs(c.loss), c.name);
        for (std::size_t k = 0; k < c.grad.size(); ++k) {
            const hp50 half = c.grad[k] / hp50(2);
            BOOST_TEST(abs(c.grad2[k] - half) <= hp50("1e-49") * abs(half),
                       c.name << " [" << k << "]");
            BOOST_TEST(abs(c.grad2[k + c.grad.size()] - half) <= hp50("1e-49") * abs(half), c.name);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_input_throws_an_error_that_names_it) {
    const Matrix<f64> Z = {{2.0, 1.0, 0.1}, {-1.0, 0.5, 3.0}};
    // Labels out of range, on both ends, for every loss that takes labels.
    expect_error<input_error>(
        [&] {
            softmax_cross_entropy(Z, std::vector<int>{0, 3});
        },
        {"softmax_cross_entropy", "label 3", "example 1", "0 to 2"});
    expect_error<input_error>(
        [&] {
            softmax_cross_entropy_gradient(Z, std::vector<int>{-1, 0});
        },
        {"softmax_cross_entropy_gradient", "label -1", "example 0"});
    expect_error<input_error>(
        [&] {
            cross_entropy(softmax_rows(Z), std::vector<int>{1, 7});
        },
        {"cross_entropy", "label 7", "example 1"});
    expect_error<input_error>(
        [&] {
            cross_entropy_gradient(softmax_rows(Z), std::vector<int>{3, 0});
        },
        {"cross_entropy_gradient", "label 3"});
    expect_error<input_error>([] { one_hot<f64>({0, 2}, 2); }, {"one_hot", "label 2"});
    // One label per example.
    expect_error<shape_error>(
        [&] {
            softmax_cross_entropy(Z, std::vector<int>{0, 1, 2});
        },
        {"3 labels for 2 examples", "one label per row of Z"});
    expect_error<shape_error>([&] { cross_entropy(softmax_rows(Z), {0}); },
                              {"1 labels for 2 examples", "row of P"});
    // Shapes must match.
    expect_error<shape_error>([&] { mse(Z, Matrix<f64>(3, 2)); },
                              {"mse", "y_hat is 2x3", "y is 3x2"});
    expect_error<shape_error>([&] { huber_gradient(Z, Matrix<f64>(2, 2)); },
                              {"huber_gradient", "2x3", "2x2"});
    expect_error<shape_error>([&] { bce_with_logits(Z, Matrix<f64>(1, 3)); },
                              {"bce_with_logits", "Z is 2x3", "y is 1x3"});
    expect_error<shape_error>([&] { softmax_cross_entropy_gradient(Z, Matrix<f64>(2, 4)); },
                              {"softmax_cross_entropy_gradient", "Z is 2x3"});
    expect_error<shape_error>([&] { cross_entropy(Z, Matrix<f64>(3, 3)); }, {"P is 2x3"});
    // An empty batch.
    expect_error<shape_error>([] { mse(Matrix<f64>(), Matrix<f64>()); }, {"mse", "empty"});
    expect_error<shape_error>([] { softmax_cross_entropy(Matrix<f64>(0, 3), std::vector<int>{}); },
                              {"softmax_cross_entropy", "empty"});
    expect_error<shape_error>([] { bce(Matrix<f64>(0, 1), Matrix<f64>(0, 1)); }, {"bce", "empty"});
    // Targets and probabilities outside [0, 1].
    expect_error<input_error>(
        [] {
            bce(Matrix<f64>{{0.5, 0.5}}, Matrix<f64>{{1.0, 1.5}});
        },
        {"bce", "y[0,1] = 1.5", "[0, 1]"});
    expect_error<input_error>([] { bce_gradient(Matrix<f64>{{-0.1}}, Matrix<f64>{{1.0}}); },
                              {"bce_gradient", "y_hat[0,0] = -0.1"});
    expect_error<input_error>([] { bce_with_logits(Matrix<f64>{{3.0}}, Matrix<f64>{{-1.0}}); },
                              {"bce_with_logits", "y[0,0] = -1"});
    expect_error<input_error>([&] { softmax_cross_entropy(Z, Matrix<f64>(2, 3, 2.0)); },
                              {"softmax_cross_entropy", "Y[0,0] = 2"});
    expect_error<input_error>([&] { cross_entropy(Z, softmax_rows(Z)); }, {"P[0,0] = 2"});
    // NaN and infinite logits.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    expect_error<numeric_error>(
        [&] {
            bce_with_logits(Matrix<f64>{{0.5}, {nan}}, Matrix<f64>{{1.0}, {0.0}});
        },
        {"bce_with_logits", "Z[1,0] is nan"});
    expect_error<numeric_error>(
        [&] { bce_with_logits_gradient(Matrix<f64>{{inf}}, Matrix<f64>{{1.0}}); },
        {"bce_with_logits_gradient", "Z[0,0] is inf"});
    expect_error<numeric_error>(
        [&] {
            softmax_cross_entropy(Matrix<f64>{{1.0, nan}}, {0});
        },
        {"softmax_cross_entropy", "Z[0,1] is nan"});
    expect_error<numeric_error>(
        [&] {
            softmax_cross_entropy_gradient(Matrix<f64>{{1.0, -inf}}, {0});
        },
        {"softmax_cross_entropy_gradient", "Z[0,1] is -inf"});
    // A NaN probability is outside [0, 1] too.
    expect_error<input_error>([&] { bce(Matrix<f64>{{nan}}, Matrix<f64>{{1.0}}); },
                              {"bce", "y_hat[0,0] = nan"});
    // Huber's δ must be positive.
    expect_error<input_error>([&] { huber(Z, Z, 0.0); }, {"huber", "delta = 0", "positive"});
    expect_error<input_error>([&] { huber_gradient(Z, Z, -1.0); },
                              {"huber_gradient", "delta = -1"});
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Chapter 4's exercise checks: right answers pass, the classic mistakes are caught. ----
#include "04-losses/exercises.hpp"

namespace {
using R = nnref::ch04::real;
using RVec = std::vector<R>;

RVec softmax_of(const RVec& z) {
    return softmax(z);
}

Matrix<R> one_row(const RVec& z) {
    Matrix<R> Z(1, z.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        Z(0, k) = z[k];
    }
    return Z;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ch04_exercises)

BOOST_AUTO_TEST_CASE(right_answers_pass) {
    using exercise::Outcome;
    // Answers built from the chapter's losses, independent of solutions.cpp.
    const auto results = {
        ch04::check_bce_derivative(
            [](const R& y_hat, const R& y) { return bce_gradient(M{{y_hat}}, M{{y}})[0]; }),
        ch04::check_softmax_ce_gradient([](const RVec& z, int c) {
            return row(softmax_cross_entropy_gradient(one_row(z), {c}), 0);
        }),
        ch04::check_huber_derivative(
            [](const R& r, const R& delta) { return huber_gradient(M{{r}}, M{{R(0)}}, delta)[0]; }),
        ch04::check_bce_from_logit(
            [](const R& z, const R& y) { return bce_with_logits(M{{z}}, M{{y}}); }),
    };
    for (const auto& r : results) {
        BOOST_TEST((r.outcome == Outcome::passed), r.detail);
        BOOST_TEST(r.digits >= 30, r.detail);
        BOOST_TEST_MESSAGE("exercise passed with " << r.digits << " digits");
    }
}

BOOST_AUTO_TEST_CASE(classic_mistakes_are_caught) {
    using exercise::Outcome;
    // 4.1 without the (1 − y) term: right only where y = 1.
    const auto only_first =
        ch04::check_bce_derivative([](const R& y_hat, const R& y) { return -y / y_hat; });
    BOOST_TEST((only_first.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("only_first: " << only_first.detail);
    BOOST_TEST(only_first.detail.find("y_hat=") != std::string::npos, only_first.detail);
    BOOST_TEST(only_first.detail.find("y=0") != std::string::npos, only_first.detail);
    BOOST_TEST(only_first.detail.find("yours") != std::string::npos, only_first.detail);
    // 4.1 with the chain rule's −1 lost on log(1 − ŷ).
    const auto lost_sign = ch04::check_bce_derivative(
        [](const R& y_hat, const R& y) { return -y / y_hat - (R(1) - y) / (R(1) - y_hat); });
    BOOST_TEST((lost_sign.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("lost_sign: " << lost_sign.detail);
    // 4.1 with every sign flipped.
    const auto flipped = ch04::check_bce_derivative(
        [](const R& y_hat, const R& y) { return y / y_hat - (R(1) - y) / (R(1) - y_hat); });
    BOOST_TEST((flipped.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("flipped: " << flipped.detail);
    BOOST_TEST(flipped.detail.find("sign is flipped") != std::string::npos, flipped.detail);

    // 4.2 answered with dL/dp instead of dL/dz: −1/p_c at the true class, 0 elsewhere.
    const auto dp = ch04::check_softmax_ce_gradient([](const RVec& z, int c) {
        RVec g(z.size(), R(0));
        g[static_cast<std::size_t>(c)] = -R(1) / softmax_of(z)[static_cast<std::size_t>(c)];
        return g;
    });
    BOOST_TEST((dp.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("dp: " << dp.detail);
    BOOST_TEST(dp.detail.find("z=(") != std::string::npos, dp.detail);
    BOOST_TEST(dp.detail.find("c=") != std::string::npos, dp.detail);
    // 4.2 with only the true class's entry p_c − 1: the other classes' p_k are missing.
    const auto diagonal = ch04::check_softmax_ce_gradient([](const RVec& z, int c) {
        RVec g(z.size(), R(0));
        const auto cc = static_cast<std::size_t>(c);
        g[cc] = softmax_of(z)[cc] - R(1);
        return g;
    });
    BOOST_TEST((diagonal.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("diagonal: " << diagonal.detail);
    // 4.2 with y − p: the sign flipped.
    const auto y_minus_p = ch04::check_softmax_ce_gradient([](const RVec& z, int c) {
        RVec g = softmax_of(z);
        for (auto& v : g) {
            v = -v;
        }
        g[static_cast<std::size_t>(c)] += R(1);
        return g;
    });
    BOOST_TEST((y_minus_p.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("y_minus_p: " << y_minus_p.detail);
    BOOST_TEST(y_minus_p.detail.find("sign is flipped") != std::string::npos, y_minus_p.detail);
    // 4.2 with the wrong number of entries: the student's mistake, with both sizes (the
    // check stops there, so the verdict comes from exercise::run).
    const auto short_answer = exercise::run({"4.2", "", "", [] {
                                                 return ch04::check_softmax_ce_gradient(
                                                     [](const RVec&, int) { return RVec{R(0)}; });
                                             }});
    BOOST_TEST((short_answer.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("short_answer: " << short_answer.detail);
    BOOST_TEST(short_answer.detail.find(
                   "at z=(0.3, -1, 2, -0.5), c=0: your answer has 1 entry, expected 4") !=
                   std::string::npos,
               short_answer.detail);

    // 4.3 with squared error's derivative r everywhere: wrong beyond δ.
    const auto unclipped = ch04::check_huber_derivative([](const R& r, const R&) { return r; });
    BOOST_TEST((unclipped.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("unclipped: " << unclipped.detail);
    BOOST_TEST(unclipped.detail.find("at r=") != std::string::npos, unclipped.detail);
    BOOST_TEST(unclipped.detail.find("delta=") != std::string::npos, unclipped.detail);
    // 4.3 with the linear pieces' slope everywhere: wrong inside.
    const auto linear = ch04::check_huber_derivative(
        [](const R& r, const R& delta) { return r > 0 ? delta : -delta; });
    BOOST_TEST((linear.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("linear: " << linear.detail);
    // 4.3 clipped to +δ on both sides.
    const auto one_sided = ch04::check_huber_derivative(
        [](const R& r, const R& delta) { return abs(r) > delta ? delta : r; });
    BOOST_TEST((one_sided.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("one_sided: " << one_sided.detail);

    // 4.4 straight from the definition: e^z overflows at z = 1e10.
    const auto naive = ch04::check_bce_from_logit(
        [](const R& z, const R& y) { return log(R(1) + exp(z)) - y * z; });
    BOOST_TEST((naive.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("naive: " << naive.detail);
    BOOST_TEST(naive.detail.find("z=1e+10") != std::string::npos, naive.detail);
    BOOST_TEST(naive.detail.find("inf") != std::string::npos, naive.detail);
    // 4.4 through the probability σ(z): σ(−1e10) is 0, and log 0 = −inf.
    const auto through_sigma = ch04::check_bce_from_logit([](const R& z, const R& y) {
        const R s = sigmoid(z);
        return -y * log(s) - (R(1) - y) * log(R(1) - s);
    });
    BOOST_TEST((through_sigma.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("through_sigma: " << through_sigma.detail);
    BOOST_TEST(through_sigma.detail.find("inf") != std::string::npos, through_sigma.detail);
    // 4.4 with a finite but wrong value: log(1 + e^−|z|) without the max(z, 0).
    const auto no_max = ch04::check_bce_from_logit(
        [](const R& z, const R& y) { return -y * z + boost::math::log1p(exp(-abs(z))); });
    BOOST_TEST((no_max.outcome == Outcome::wrong));
    BOOST_TEST_MESSAGE("no_max: " << no_max.detail);
    BOOST_TEST(no_max.detail.find("expected") != std::string::npos, no_max.detail);
}

BOOST_AUTO_TEST_CASE(an_infinite_answer_is_never_close_enough) {
    // inf against a finite value makes the relative error inf / inf = NaN; the harness must
    // count that as wrong, not skip it.
    const R inf = std::numeric_limits<R>::infinity();
    const auto r = exercise::compare({{"z=1", {R(1)}, {R(1)}}, {"z=2", {inf}, {R(2)}}});
    BOOST_TEST((r.outcome == exercise::Outcome::wrong));
    BOOST_TEST(r.detail.find("z=2") != std::string::npos, r.detail);
    const auto same = exercise::compare({{"z=3", {inf}, {inf}}});
    BOOST_TEST((same.outcome == exercise::Outcome::passed), same.detail);
}

BOOST_AUTO_TEST_SUITE_END()
