/// \file
/// \brief The optimizers' update rules for one parameter, on any floating-point type F. The
///        classes of optimizers.hpp apply them to every parameter in the reference's number
///        types; chapter 9's fast MLP applies the very same functions to its float
///        parameters, so the two cannot follow different rules.
///
/// Each rule updates θ and its own state in place, from the parameter's gradient g and the
/// step's constants. The formulas, their sources and where eps goes are in optimizers.hpp and
/// on the page (\ref ch07_optimizers; the tests are tests/test_ch07_optimizers.cpp). Nothing
/// here allocates or checks: the classes do that.
#pragma once

#include <cmath>

namespace nnref {

//! [sgd]
/// SGD: \f$ \theta \leftarrow \theta - \eta g \f$.
/// \param theta θ, updated
/// \param g ∂L/∂θ
/// \param lr η
template <class F>
inline void sgd_rule(F& theta, const F& g, const F& lr) {
    theta -= lr * g;
}
//! [sgd]

//! [momentum]
/// Heavy-ball momentum: \f$ v \leftarrow \mu v + g, \ \theta \leftarrow \theta - \eta v \f$.
/// \param theta θ, updated
/// \param v the velocity, updated
/// \param g ∂L/∂θ
/// \param lr η
/// \param mu μ
template <class F>
inline void momentum_rule(F& theta, F& v, const F& g, const F& lr, const F& mu) {
    v = mu * v + g;  // a decaying sum of past gradients
    theta -= lr * v;
}
//! [momentum]

//! [nesterov]
/// Nesterov: \f$ v \leftarrow \mu v + g, \ \theta \leftarrow \theta - \eta (g + \mu v) \f$.
/// \param theta θ, updated
/// \param v the velocity, updated
/// \param g ∂L/∂θ
/// \param lr η
/// \param mu μ
template <class F>
inline void nesterov_rule(F& theta, F& v, const F& g, const F& lr, const F& mu) {
    v = mu * v + g;
    theta -= lr * (g + mu * v);  // the gradient, plus where v goes next
}
//! [nesterov]

/// Adam's constants for step t: the hyper-parameters and the two bias corrections.
/// Chapter 7, \ref ch07_adam "section 7: Adam".
template <class F>
struct AdamStep {
    F lr;            ///< η
    F beta1, beta2;  ///< the decays of the averages of g and g²
    F eps;           ///< added to √v̂
    F bias1;         ///< \f$ 1 - \beta_1^t \f$
    F bias2;         ///< \f$ 1 - \beta_2^t \f$
    F weight_decay;  ///< λ, AdamW's decoupled decay (Adam ignores it)
};

//! [adam]
/// Adam (Kingma & Ba, 2015, Algorithm 1) for one parameter:
/// \f[ m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2,
///     \quad \theta \leftarrow \theta - \eta \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon}. \f]
/// \param theta θ, updated
/// \param m the average of g, updated
/// \param v the average of g², updated
/// \param g ∂L/∂θ
/// \param s the step's constants
template <class F>
inline void adam_rule(F& theta, F& m, F& v, const F& g, const AdamStep<F>& s) {
    using std::sqrt;
    m = s.beta1 * m + (F(1) - s.beta1) * g;
    v = s.beta2 * v + (F(1) - s.beta2) * g * g;
    const F m_hat = m / s.bias1;  // undo the pull towards m₀ = 0
    const F v_hat = v / s.bias2;
    theta -= s.lr * m_hat / (sqrt(v_hat) + s.eps);
}
//! [adam]

//! [adamw]
/// AdamW (Loshchilov & Hutter, 2019, Algorithm 2, in PyTorch's form) for one parameter: Adam's
/// averages of g alone, and the decay applied to θ directly,
/// \f[ \theta \leftarrow \theta - \eta \Bigl( \frac{\hat m}{\sqrt{\hat v} + \epsilon} + \lambda \theta \Bigr). \f]
/// \param theta θ, updated
/// \param m the average of g, updated
/// \param v the average of g², updated
/// \param g ∂L/∂θ
/// \param s the step's constants
template <class F>
inline void adamw_rule(F& theta, F& m, F& v, const F& g, const AdamStep<F>& s) {
    using std::sqrt;
    m = s.beta1 * m + (F(1) - s.beta1) * g;  // g alone: no λθ in it
    v = s.beta2 * v + (F(1) - s.beta2) * g * g;
    const F m_hat = m / s.bias1;
    const F v_hat = v / s.bias2;
    theta -= s.lr * (m_hat / (sqrt(v_hat) + s.eps) + s.weight_decay * theta);
}
//! [adamw]

}  // namespace nnref
