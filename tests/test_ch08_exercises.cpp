/// \file
/// \brief Chapter 8's exercise checks: right answers pass with their digits; the classic
///        mistakes (a layer too few, max σ' = 1/2, the standard deviation for the limit,
///        forgetting the zeroed half, clipping by value, ...) are rejected at a named case.
///
/// The page is \ref ch08_dynamics; its exercises are \ref ch08_exercises.
#include "06-descent/descent.hpp"
#include "08-dynamics/exercises.hpp"

#include <boost/test/unit_test.hpp>

#include <boost/math/constants/constants.hpp>

#include <string>
#include <vector>

using namespace nnref;

BOOST_AUTO_TEST_SUITE(ch08_exercises)

using exercise::Outcome;
using ch08::real;
using Vec = std::vector<real>;

/// Requires a wrong verdict whose detail names `where`, and shows the report in the log.
void expect_caught(const exercise::Result& r, const std::string& where) {
    BOOST_TEST_MESSAGE(r.detail);
    BOOST_TEST((r.outcome == Outcome::wrong));
    BOOST_TEST(r.detail.find(where) != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(right_answers_pass) {
    // Answers written from the formulas and chapter 6's code, independent of solutions.cpp.
    const auto results = {
        ch08::check_sigmoid_chain_bound([](std::size_t n, const real& w) {
            real bound = 1;
            for (std::size_t l = 0; l < n; ++l) {
                bound *= w / real(4);
            }
            return bound;
        }),
        ch08::check_xavier_uniform_limit([](std::size_t fan_in, std::size_t fan_out) {
            return sqrt(real(6) / real(fan_in + fan_out));
        }),
        ch08::check_relu_second_moment([](const real& v) { return v / real(2); }),
        ch08::check_clip_by_norm([](const Vec& g, const real& c) {
            Vec clipped = g;
            clip_by_norm(clipped, c);
            return clipped;
        }),
    };
    for (const auto& r : results) {
        BOOST_TEST((r.outcome == Outcome::passed), r.detail);
        BOOST_TEST(r.digits >= 45, r.detail);
    }
}

BOOST_AUTO_TEST_CASE(classic_mistakes_are_caught) {
    // 8.1: a layer too few, (w/4)^(n−1): already wrong with no layers at all, 4 instead of 1.
    expect_caught(ch08::check_sigmoid_chain_bound([](std::size_t n, const real& w) {
                      return pow(w / real(4), real(n) - real(1));
                  }),
                  "at n=0, weight_norm=1: yours 4");
    // max σ' taken as 1/2: right for n = 0, off by 2^n after that, most at n = 10.
    expect_caught(ch08::check_sigmoid_chain_bound([](std::size_t n, const real& w) {
                      return pow(w / real(2), real(n));
                  }),
                  "n=10");
    // σ'(0) = 1/4 applied once instead of once per layer.
    expect_caught(ch08::check_sigmoid_chain_bound([](std::size_t n, const real& w) {
                      return pow(w, real(n)) / real(4);
                  }),
                  "n=10");

    // 8.2: the standard deviation √(2/(n_in + n_out)), not the limit: √3 too small everywhere.
    expect_caught(ch08::check_xavier_uniform_limit([](std::size_t fan_in, std::size_t fan_out) {
                      return sqrt(real(2) / real(fan_in + fan_out));
                  }),
                  "ratio 0.57735");
    // LeCun's √(3/n_in): right for a square layer only, worst when fan_out ≫ fan_in.
    expect_caught(ch08::check_xavier_uniform_limit([](std::size_t fan_in, std::size_t) {
                      return sqrt(real(3) / real(fan_in));
                  }),
                  "at fan_in=10, fan_out=100");
    // He's √(6/n_in), meant for ReLU layers.
    expect_caught(ch08::check_xavier_uniform_limit([](std::size_t fan_in, std::size_t) {
                      return sqrt(real(6) / real(fan_in));
                  }),
                  "at fan_in=10, fan_out=100");

    // 8.3: v, forgetting that relu zeroes half the z.
    expect_caught(ch08::check_relu_second_moment([](const real& v) { return v; }), "ratio 2");
    // v/4: halving twice.
    expect_caught(ch08::check_relu_second_moment([](const real& v) { return v / real(4); }),
                  "ratio 0.5");
    // √(v/(2π)) = E[relu(z)], the mean instead of the second moment: worst at the largest v.
    expect_caught(ch08::check_relu_second_moment([](const real& v) {
                      return sqrt(v / (real(2) * boost::math::constants::pi<real>()));
                  }),
                  "at variance=100");

    // 8.4: clipping each entry to [−c, c] turns the direction.
    expect_caught(ch08::check_clip_by_norm([](const Vec& g, const real& c) {
                      Vec clipped = g;
                      for (real& x : clipped) {
                          x = x > c ? c : (x < -c ? -c : x);
                      }
                      return clipped;
                  }),
                  "at g=(1, -2, 2, 4), max_norm=0.5, entry [0]");
    // Always rescaling to length c lengthens a short gradient.
    expect_caught(ch08::check_clip_by_norm([](const Vec& g, const real& c) {
                      Vec scaled = g;
                      for (real& x : scaled) {
                          x *= c / euclidean_norm(g);
                      }
                      return scaled;
                  }),
                  "at g=(0.3, -0.4), max_norm=1");
    // Dividing by the squared norm Σ g_k², forgetting the square root.
    expect_caught(ch08::check_clip_by_norm([](const Vec& g, const real& c) {
                      real squared = 0;
                      for (const real& x : g) {
                          squared += x * x;
                      }
                      Vec clipped = g;
                      if (squared > c * c) {
                          for (real& x : clipped) {
                              x *= c / squared;
                          }
                      }
                      return clipped;
                  }),
                  "at g=(3, 4, 12), max_norm=5");
}

BOOST_AUTO_TEST_SUITE_END()
