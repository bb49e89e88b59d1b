/// \file
/// \brief Weight initialization: a fixed scale (uniform or normal), Xavier/Glorot (2010) and
///        He (2015), each with the variance it gives and the reason for it.
///
/// The page is \ref ch08_dynamics; the tests are tests/test_ch08_dynamics.cpp.
#pragma once

#include "05-backprop/mlp.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/random.hpp"

#include <array>
#include <cmath>
#include <string>
#include <string_view>

namespace nnref {

/// How the weights of a layer with \f$ n_{in} \f$ inputs and \f$ n_{out} \f$ outputs are drawn.
/// Biases start at 0 in every scheme, as in both papers.
/// Chapter 8, \ref ch08_init "section 3: initialization".
enum class Init {
    uniform,         ///< U(−s, s) for a fixed scale s, whatever the layer's size
    normal,          ///< N(0, s²) for a fixed scale s
    xavier_uniform,  ///< Glorot & Bengio (2010), eq. 16: Var = 2 / (n_in + n_out)
    xavier_normal,   ///< the same variance, drawn from a normal distribution
    he_uniform,      ///< He, Zhang, Ren & Sun (2015), eq. 10: Var = 2 / n_in, drawn uniformly
    he_normal,       ///< the same variance from a normal distribution, as in the paper
};

/// Every scheme, in the order of the enum.
inline constexpr std::array<Init, 6> all_inits = {Init::uniform,        Init::normal,
                                                  Init::xavier_uniform, Init::xavier_normal,
                                                  Init::he_uniform,     Init::he_normal};

/// The scheme's name, e.g. "xavier_uniform".
inline std::string_view name(Init scheme) {
    constexpr std::array<std::string_view, 6> names = {
        "uniform", "normal", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal"};
    return names.at(static_cast<std::size_t>(scheme));
}

/// True for the schemes that draw from U(−a, a).
inline bool is_uniform(Init scheme) {
    return scheme == Init::uniform || scheme == Init::xavier_uniform || scheme == Init::he_uniform;
}

//! [init-variance]
/// The variance of one weight under each scheme:
/// \f[ \mathrm{Var}(w) = \begin{cases}
///       s^2 / 3 & \text{uniform: } U(-s, s)
///    \\ s^2 & \text{normal: } N(0, s^2)
///    \\ 2 / (n_{in} + n_{out}) & \text{Xavier}
///    \\ 2 / n_{in} & \text{He.} \end{cases} \f]
/// Why these: a unit's pre-activation \f$ z = \sum_{i=1}^{n_{in}} w_i a_i \f$ sums \f$ n_{in} \f$
/// independent terms, so \f$ \mathrm{Var}(z) = n_{in} \mathrm{Var}(w)\, \mathrm{E}[a^2] \f$.
/// The forward signal keeps its size from layer to layer when \f$ n_{in}\mathrm{Var}(w) = 1 \f$
/// (for an activation with \f$ \varphi'(0) = 1 \f$, like tanh near 0), and the backward signal
/// when \f$ n_{out}\mathrm{Var}(w) = 1 \f$; Xavier takes the harmonic compromise of the two. A
/// ReLU zeroes half of a symmetric \f$ z \f$, so \f$ \mathrm{E}[a^2] = \mathrm{Var}(z)/2 \f$, and
/// He doubles the variance to make up for it. A fixed scale ignores \f$ n_{in} \f$ altogether.
/// \param scheme the scheme
/// \param fan_in \f$ n_{in} \f$, the layer's inputs
/// \param fan_out \f$ n_{out} \f$, the layer's outputs
/// \param scale s, used by the fixed schemes only (must be positive)
template <Real T>
T init_variance(Init scheme, std::size_t fan_in, std::size_t fan_out, const T& scale) {
    if (fan_in == 0 || fan_out == 0) {
        throw input_error("init_variance: a layer of " + std::to_string(fan_in) + " x " +
                          std::to_string(fan_out) + " has no weights");
    }
    switch (scheme) {
        case Init::uniform:
        case Init::normal:
            if (!(scale > 0)) {
                throw input_error("init " + std::string(name(scheme)) + ": scale = " +
                                  to_short_string(scale) + " must be positive");
            }
            return scheme == Init::uniform ? scale * scale / T(3) : scale * scale;
        case Init::xavier_uniform:
        case Init::xavier_normal: return T(2) / T(fan_in + fan_out);
        case Init::he_uniform:
        case Init::he_normal: return T(2) / T(fan_in);
    }
    throw input_error("init_variance: unknown scheme");
}
//! [init-variance]

/// The half-width a of U(−a, a) for the uniform schemes: a uniform variable on (−a, a) has
/// variance \f$ a^2/3 \f$, so \f$ a = \sqrt{3 \mathrm{Var}(w)} \f$ (Xavier's
/// \f$ \sqrt{6/(n_{in}+n_{out})} \f$, He's \f$ \sqrt{6/n_{in}} \f$, the fixed scheme's s).
/// Throws input_error for a normal scheme, which has no such bound.
template <Real T>
T init_limit(Init scheme, std::size_t fan_in, std::size_t fan_out, const T& scale) {
    if (!is_uniform(scheme)) {
        throw input_error("init_limit: " + std::string(name(scheme)) +
                          " draws from a normal distribution, which has no limit");
    }
    using std::sqrt;
    return scheme == Init::uniform ? scale : sqrt(T(3) * init_variance(scheme, fan_in, fan_out, scale));
}

//! [initialize]
/// Draws every weight of `net` by the scheme, layer by layer, and sets every bias to 0.
/// Layer \f$ \ell \f$ has \f$ n_{in} \f$ = W's rows and \f$ n_{out} \f$ = W's columns.
/// Normal deviates come from Rng::normal in double, then are scaled in T.
/// \param net the network, changed in place
/// \param scheme how to draw
/// \param rng the random numbers (the same seed gives the same network)
/// \param scale s for the fixed schemes (ignored by Xavier and He)
template <Real T>
void initialize(MLP<T>& net, Init scheme, Rng& rng, const T& scale = T(1) / T(10)) {
    using std::sqrt;
    for (auto& layer : net.layers()) {
        const std::size_t fan_in = layer.W.rows(), fan_out = layer.W.cols();
        const T variance = init_variance(scheme, fan_in, fan_out, scale);
        if (is_uniform(scheme)) {
            const T a = init_limit(scheme, fan_in, fan_out, scale);
            for (std::size_t k = 0; k < layer.W.size(); ++k) {
                layer.W[k] = rng.uniform(-a, a);
            }
        } else {
            const T sd = sqrt(variance);
            for (std::size_t k = 0; k < layer.W.size(); ++k) {
                layer.W[k] = sd * T(rng.normal());
            }
        }
        for (T& b : layer.b) {
            b = T(0);
        }
    }
}
//! [initialize]

}  // namespace nnref
