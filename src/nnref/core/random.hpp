/// \file
/// \brief A seeded random number generator whose numbers are the same on every machine.
///
/// `std::mt19937_64` is portable, but `std::uniform_real_distribution`,
/// `std::normal_distribution` and `std::shuffle` are not: each standard library may turn
/// the same bits into different numbers. So nnref draws its bits from xoshiro256**
/// (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2021), seeded
/// through SplitMix64, and converts them with the explicit recipes below.
///
/// Uniform integers, uniform reals and shuffles are bit-identical everywhere. Normal deviates
/// use `std::log` and `std::sqrt`; sqrt is exact in IEEE arithmetic, and log in glibc is
/// accurate to within one ulp, so another C library may differ in the last bit at most.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace nnref {

/// xoshiro256** seeded from one 64-bit seed. Cheap to copy; copies continue identically.
class Rng {
public:
    /// Seeds the four words of state from `seed` with SplitMix64, as the authors recommend.
    explicit Rng(std::uint64_t seed = 1) {
        for (auto& word : state_) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }

    /// The next 64 random bits.
    std::uint64_t next_u64() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    /// A double uniform in [0, 1): the top 53 bits scaled by 2^-53, so every value is exact.
    double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

    /// A number uniform in [lo, hi). In hp50 the value has 53 random bits, exactly representable.
    template <Real T>
    T uniform(const T& lo, const T& hi) {
        return lo + (hi - lo) * T(uniform01());
    }

    /// An integer uniform in [0, n), without modulo bias (Lemire's rejection method, 2019).
    std::uint64_t below(std::uint64_t n) {
        if (n == 0) {
            throw input_error("Rng::below(n): n must be positive, got 0");
        }
        const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
        for (;;) {
            const u128 m = static_cast<u128>(next_u64()) * n;
            if (static_cast<std::uint64_t>(m) >= threshold) {
                return static_cast<std::uint64_t>(m >> 64);
            }
        }
    }

    /// A standard normal deviate (mean 0, variance 1) by Marsaglia's polar method (1964).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u = 0;
        double v = 0;
        double s = 0;
        do {
            u = 2 * uniform01() - 1;
            v = 2 * uniform01() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double factor = std::sqrt(-2 * std::log(s) / s);
        spare_ = v * factor;
        has_spare_ = true;
        return u * factor;
    }

    /// Shuffles v in place (Fisher–Yates, drawing with below()).
    template <class V>
    void shuffle(V& v) {
        for (std::size_t i = v.size(); i > 1; --i) {
            const std::size_t j = below(i);
            using std::swap;
            swap(v[i - 1], v[j]);
        }
    }

private:
    // 128-bit product of two 64-bit words; a GCC/Clang extension, hence __extension__.
    __extension__ typedef unsigned __int128 u128;

    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t state_[4] = {};
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace nnref
