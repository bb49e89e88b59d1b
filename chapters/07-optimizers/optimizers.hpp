/// \file
/// \brief Chapter 7: the optimizers. Plain SGD, heavy-ball momentum, Nesterov, AdaGrad,
///        RMSprop, Adam and AdamW, each with its paper's update rule, behind one interface,
///        `step(params, grads)`.
///
/// Every optimizer keeps its state per parameter (allocated on the first step), checks its
/// hyper-parameters when it is made, and says in its documentation which form of its rule it
/// implements, where eps goes, and the source. The rule for one parameter is in rules.hpp,
/// where chapter 9's fast MLP takes it from too.
/// The page is \ref ch07_optimizers; the tests are tests/test_ch07_optimizers.cpp.
#pragma once

#include "nnref/core/error.hpp"
#include "nnref/core/number.hpp"
#include "nnref/core/text.hpp"
#include "07-optimizers/rules.hpp"

#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nnref {

//! [optimizer]
/// The interface every optimizer shares: one update of all the parameters from their
/// gradients. In symbols:
/// \f[ \theta_t = \theta_{t-1} - \Delta_t\bigl(g_1, \dots, g_t\bigr), \qquad
///     g_t = \nabla_\theta L(\theta_{t-1}), \f]
/// where the step \f$ \Delta_t \f$ may depend on every gradient so far through the
/// optimizer's state (a velocity, a running average). The state is per parameter: entry
/// \f$ i \f$ of each state vector belongs to `params[i]` alone, so every parameter behaves as
/// its own one-dimensional run. It is allocated on the first step, sized like `params`.
/// Chapter 7, \ref ch07_interface "section 1: one interface".
template <Real T>
class Optimizer {
public:
    virtual ~Optimizer() = default;

    /// One update, in place: \f$ \theta \leftarrow \theta - \Delta_t \f$, counting the step
    /// \f$ t \f$ from 1. Throws shape_error if `grads` is not sized like `params`, or if
    /// `params` is not sized as on the first step (the state belongs to that vector);
    /// numeric_error if a gradient is not finite.
    /// \param params θ, n numbers, updated in place
    /// \param grads ∂L/∂θ at the current θ, n numbers
    void step(std::vector<T>& params, const std::vector<T>& grads) {
        check(params, grads);
        ++t_;
        update(params, grads);
    }

    /// The optimizer's name, e.g. "Adam".
    const std::string& name() const { return name_; }
    /// The hyper-parameters, e.g. "lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08".
    virtual std::string hyper_parameters() const = 0;
    /// Steps taken so far: t after the t-th step.
    std::size_t steps() const { return t_; }
    /// Forgets the state: the next step is a first step again, for any number of parameters.
    void reset() { t_ = 0; }

protected:
    /// Names the optimizer in its messages.
    /// \param name e.g. "Adam"
    explicit Optimizer(std::string name) : name_(std::move(name)) {}

    /// The rule itself. step() has checked the sizes and counted this step: steps() is
    /// t, and steps() == 1 on the first step, when the state must be (re)allocated.
    /// \param params θ, updated in place
    /// \param grads ∂L/∂θ, sized like params
    virtual void update(std::vector<T>& params, const std::vector<T>& grads) = 0;
    //! [optimizer]

    /// Throws input_error unless lr > 0 (a NaN fails too).
    /// \param lr the learning rate
    void require_lr(const T& lr) const {
        if (!(lr > 0)) {
            throw input_error(name_ + ": lr = " + to_short_string(lr) +
                              ", but the learning rate must be positive");
        }
    }
    /// Throws input_error unless 0 ≤ beta < 1. At 1 an average would never forget its zero
    /// start (and Adam's bias correction would divide by zero); below 0 it would flip signs.
    /// \param what the hyper-parameter's name, e.g. "beta2"
    /// \param beta its value
    void require_decay(const char* what, const T& beta) const {
        if (!(beta >= 0 && beta < 1)) {
            throw input_error(name_ + ": " + what + " = " + to_short_string(beta) +
                              ", but a decay rate must be in [0, 1)");
        }
    }
    /// Throws input_error unless eps > 0: it keeps the division away from zero.
    /// \param eps the denominator's guard
    void require_eps(const T& eps) const {
        if (!(eps > 0)) {
            throw input_error(name_ + ": eps = " + to_short_string(eps) +
                              ", but eps must be positive: it keeps the division away from zero");
        }
    }
    /// Throws input_error unless weight_decay ≥ 0 (a negative decay would grow the weights).
    /// \param weight_decay λ
    void require_weight_decay(const T& weight_decay) const {
        if (!(weight_decay >= 0)) {
            throw input_error(name_ + ": weight_decay = " + to_short_string(weight_decay) +
                              ", but weight decay must be 0 or more");
        }
    }

private:
    void check(const std::vector<T>& params, const std::vector<T>& grads) {
        if (params.size() != grads.size()) {
            throw shape_error(name_ + "::step: " + std::to_string(params.size()) + " params but " +
                              std::to_string(grads.size()) + " grads; pass one gradient per parameter");
        }
        if (t_ == 0) {
            n_ = params.size();
        } else if (params.size() != n_) {
            throw shape_error(name_ + "::step: the state was made for " + std::to_string(n_) +
                              " parameters on the first step, but this step has " +
                              std::to_string(params.size()) +
                              "; use one optimizer per parameter vector, or reset() it");
        }
        using std::isfinite;
        for (std::size_t i = 0; i < grads.size(); ++i) {
            if (!isfinite(grads[i])) {
                throw numeric_error(name_ + "::step: grads[" + std::to_string(i) + "] = " +
                                    to_short_string(grads[i]) + " at step " + std::to_string(t_ + 1) +
                                    "; a non-finite gradient would spread into every later step");
            }
        }
    }

    std::string name_;
    std::size_t t_ = 0;  // steps taken
    std::size_t n_ = 0;  // parameters, fixed by the first step
};

/// Plain stochastic gradient descent, the baseline every other optimizer improves on:
/// \f[ \theta_t = \theta_{t-1} - \eta\, g_t. \f]
/// No state, no eps. One learning rate for every parameter and every step: too small for
/// the flat directions of an ill-conditioned problem, or too large for the steep ones.
/// Source: Robbins & Monro (1951); the rule of chapters 1 and 5.
/// Chapter 7, \ref ch07_sgd "section 2: the baseline".
template <Real T>
class SGD : public Optimizer<T> {
public:
    /// \param lr the learning rate η > 0
    explicit SGD(const T& lr) : Optimizer<T>("SGD"), lr_(lr) { this->require_lr(lr); }

    std::string hyper_parameters() const override { return "lr=" + to_short_string(lr_); }

protected:
    void update(std::vector<T>& theta, const std::vector<T>& grads) override {
        for (std::size_t i = 0; i < theta.size(); ++i) {
            sgd_rule(theta[i], grads[i], lr_);  // rules.hpp
        }
    }

private:
    T lr_;
};

/// SGD with heavy-ball momentum (Polyak, 1964), in PyTorch's form:
/// \f[ v_t = \mu\, v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta\, v_t, \qquad v_0 = 0. \f]
/// The velocity \f$ v \f$ sums past gradients with weights \f$ 1, \mu, \mu^2, \dots \f$: along a
/// direction where they agree, the step grows towards \f$ \eta\, g / (1 - \mu) \f$; where
/// they alternate in sign (a zigzag across a valley), they cancel.
///
/// Polyak and Sutskever et al. (2013) write it as \f$ u_t = \mu u_{t-1} - \eta g_t \f$,
/// \f$ \theta_t = \theta_{t-1} + u_t \f$. With a constant \f$ \eta \f$ the two are the same
/// method, \f$ u_t = -\eta v_t \f$, and give the same θ; they differ only when η changes during
/// training (PyTorch's velocity does not carry the old η). No eps.
/// Chapter 7, \ref ch07_momentum "section 3: momentum".
template <Real T>
class Momentum : public Optimizer<T> {
public:
    /// \param lr the learning rate η > 0
    /// \param mu the momentum coefficient μ in [0, 1); 0 is plain SGD
    explicit Momentum(const T& lr, const T& mu = T(9) / T(10)) : Momentum("Momentum", lr, mu) {}

    std::string hyper_parameters() const override { return cat("lr=", lr_, ", mu=", mu_); }
    /// The velocity v, one entry per parameter (empty before the first step).
    const std::vector<T>& velocity() const { return v_; }

protected:
    /// For Nesterov, which keeps the same velocity and changes only the step.
    /// \param name the optimizer's name
    /// \param lr the learning rate η > 0
    /// \param mu the momentum coefficient μ in [0, 1)
    Momentum(std::string name, const T& lr, const T& mu)
        : Optimizer<T>(std::move(name)), lr_(lr), mu_(mu) {
        this->require_lr(lr);
        this->require_decay("mu", mu);
    }

    void update(std::vector<T>& theta, const std::vector<T>& grads) override {
        start_step(theta.size());
        for (std::size_t i = 0; i < theta.size(); ++i) {
            momentum_rule(theta[i], v_[i], grads[i], lr_, mu_);  // rules.hpp
        }
    }

    /// Starts a step: a zero velocity on the first step.
    /// \param n the number of parameters
    void start_step(std::size_t n) {
        if (this->steps() == 1) {
            v_.assign(n, T(0));
        }
    }

    T lr_, mu_;         ///< η and μ
    std::vector<T> v_;  ///< the velocity, sized on the first step
};

/// Nesterov's accelerated gradient (Nesterov, 1983), as Sutskever et al. (2013) brought it
/// to neural networks, in PyTorch's form (`nesterov=True`):
/// \f[ v_t = \mu\, v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta\,(g_t + \mu\, v_t). \f]
/// Sutskever et al. evaluate the gradient at a look-ahead point,
/// \f$ u_t = \mu u_{t-1} - \eta \nabla L(\tilde\theta_{t-1} + \mu u_{t-1}) \f$,
/// \f$ \tilde\theta_t = \tilde\theta_{t-1} + u_t \f$, where \f$ \tilde\theta \f$ is their
/// parameter vector. Storing the look-ahead point \f$ \theta = \tilde\theta + \mu u \f$
/// instead of \f$ \tilde\theta \f$ turns that into the rule above, with
/// \f$ u = -\eta v \f$ (for a constant η), so the gradient is taken at the stored θ as usual:
/// the correction \f$ \mu v_t \f$ is where momentum is about to carry θ. No eps.
///
/// It keeps momentum's velocity (the class derives from Momentum for it); only the step differs.
/// Chapter 7, \ref ch07_nesterov "section 4: Nesterov".
template <Real T>
class Nesterov : public Momentum<T> {
public:
    /// \param lr the learning rate η > 0
    /// \param mu the momentum coefficient μ in [0, 1)
    explicit Nesterov(const T& lr, const T& mu = T(9) / T(10)) : Momentum<T>("Nesterov", lr, mu) {}

protected:
    using Momentum<T>::lr_, Momentum<T>::mu_, Momentum<T>::v_;

    void update(std::vector<T>& theta, const std::vector<T>& grads) override {
        this->start_step(theta.size());
        for (std::size_t i = 0; i < theta.size(); ++i) {
            nesterov_rule(theta[i], v_[i], grads[i], lr_, mu_);  // rules.hpp
        }
    }
};

/// AdaGrad (Duchi, Hazan & Singer, 2011), its diagonal form: each parameter's step is
/// divided by the root of the sum of all its squared gradients so far. The rule:
/// \f[ G_t = G_{t-1} + g_t^2, \qquad
///     \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{G_t} + \epsilon}, \qquad G_0 = 0. \f]
/// A parameter with large gradients takes small steps and one with small gradients large
/// ones: one learning rate fits every direction. But \f$ G \f$ only grows, so the steps shrink
/// for ever. **eps is outside the square root**, as in the paper (its δ in
/// \f$ H_t = \delta I + \mathrm{diag}(G_t)^{1/2} \f$) and in PyTorch.
/// Chapter 7, \ref ch07_adagrad "section 5: AdaGrad".
template <Real T>
class AdaGrad : public Optimizer<T> {
public:
    /// \param lr the learning rate η > 0
    /// \param eps added to √G, > 0 (PyTorch's default 1e-10)
    explicit AdaGrad(const T& lr, const T& eps = literal<T>("1e-10"))
        : Optimizer<T>("AdaGrad"), lr_(lr), eps_(eps) {
        this->require_lr(lr);
        this->require_eps(eps);
    }

    std::string hyper_parameters() const override {
        return "lr=" + to_short_string(lr_) + ", eps=" + to_short_string(eps_);
    }
    /// G, the sum of squared gradients, one entry per parameter.
    const std::vector<T>& sum_of_squares() const { return G_; }

protected:
    //! [adagrad]
    void update(std::vector<T>& theta, const std::vector<T>& grads) override {
        if (this->steps() == 1) {
            G_.assign(theta.size(), T(0));
        }
        using std::sqrt;
        for (std::size_t i = 0; i < theta.size(); ++i) {
            G_[i] += grads[i] * grads[i];  // never forgets: the steps only shrink
            theta[i] -= lr_ * grads[i] / (sqrt(G_[i]) + eps_);
        }
    }
    //! [adagrad]

private:
    T lr_, eps_;
    std::vector<T> G_;
};

/// RMSprop (Hinton, Srivastava & Swersky, Neural Networks for Machine Learning, lecture 6e,
/// 2012): AdaGrad with a moving average instead of a sum, so old gradients fade. The rule:
/// \f[ v_t = \beta_2\, v_{t-1} + (1 - \beta_2)\, g_t^2, \qquad
///     \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{v_t} + \epsilon}, \qquad v_0 = 0. \f]
/// The lecture uses a decay of 0.9 and no eps. The decay is Adam's \f$ \beta_2 \f$, and is
/// called that here (PyTorch calls it alpha, Keras rho). **eps is outside the square root**,
/// as in PyTorch; TensorFlow's RMSProp puts it inside, \f$ g / \sqrt{v + \epsilon} \f$.
/// Chapter 7, \ref ch07_rmsprop "section 6: RMSprop".
template <Real T>
class RMSprop : public Optimizer<T> {
public:
    /// \param lr the learning rate η > 0
    /// \param beta2 the decay of the average of g², in [0, 1) (the lecture's 0.9)
    /// \param eps added to √v, > 0 (PyTorch's default 1e-8)
    explicit RMSprop(const T& lr, const T& beta2 = T(9) / T(10), const T& eps = literal<T>("1e-8"))
        : Optimizer<T>("RMSprop"), lr_(lr), beta2_(beta2), eps_(eps) {
        this->require_lr(lr);
        this->require_decay("beta2", beta2);
        this->require_eps(eps);
    }

    std::string hyper_parameters() const override {
        return "lr=" + to_short_string(lr_) + ", beta2=" + to_short_string(beta2_) +
               ", eps=" + to_short_string(eps_);
    }
    /// v, the moving average of g², one entry per parameter.
    const std::vector<T>& mean_square() const { return v_; }

protected:
    //! [rmsprop]
    void update(std::vector<T>& theta, const std::vector<T>& grads) override {
        if (this->steps() == 1) {
            v_.assign(theta.size(), T(0));
        }
        using std::sqrt;
        for (std::size_t i = 0; i < theta.size(); ++i) {
            v_[i] = beta2_ * v_[i] + (T(1) - beta2_) * grads[i] * grads[i];  // old g² fade
            theta[i] -= lr_ * grads[i] / (sqrt(v_[i]) + eps_);
        }
    }
    //! [rmsprop]

private:
    T lr_, beta2_, eps_;
    std::vector<T> v_;
};

/// Adam (Kingma & Ba, 2015, Algorithm 1): momentum's average of g and RMSprop's average of
/// g², both corrected for starting at zero. The rule:
/// \f[ m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
///     v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \f]
/// \f[ \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
///     \theta_t = \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}. \f]
/// **eps is outside the square root**: it is added to \f$ \sqrt{\hat v_t} \f$, as in
/// Algorithm 1 and PyTorch. TensorFlow/Keras use the paper's "efficient" form instead,
/// \f$ \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t) \cdot m_t / (\sqrt{v_t} + \hat\epsilon) \f$,
/// which adds eps to \f$ \sqrt{v_t} \f$: the same as Algorithm 1 with
/// \f$ \epsilon = \hat\epsilon / \sqrt{1 - \beta_2^t} \f$, a larger eps early on.
/// Chapter 7, \ref ch07_adam "section 7: Adam".
template <Real T>
class Adam : public Optimizer<T> {
public:
    /// \param lr the learning rate η > 0 (the paper's α)
    /// \param beta1 the decay of the average of g, in [0, 1)
    /// \param beta2 the decay of the average of g², in [0, 1)
    /// \param eps added to √v̂, > 0
    explicit Adam(const T& lr, const T& beta1 = T(9) / T(10), const T& beta2 = T(999) / T(1000),
                  const T& eps = literal<T>("1e-8"))
        : Adam("Adam", lr, beta1, beta2, eps) {}

    std::string hyper_parameters() const override {
        return cat("lr=", lr_, ", beta1=", beta1_, ", beta2=", beta2_, ", eps=", eps_);
    }
    /// m, the average of g (not bias-corrected), one entry per parameter.
    const std::vector<T>& m() const { return m_; }
    /// v, the average of g² (not bias-corrected), one entry per parameter.
    const std::vector<T>& v() const { return v_; }

protected:
    /// For AdamW, which keeps the same averages and changes only the step.
    /// \param name the optimizer's name
    /// \param lr the learning rate η > 0
    /// \param beta1 the decay of the average of g, in [0, 1)
    /// \param beta2 the decay of the average of g², in [0, 1)
    /// \param eps added to √v̂, > 0
    Adam(std::string name, const T& lr, const T& beta1, const T& beta2, const T& eps)
        : Optimizer<T>(std::move(name)), lr_(lr), beta1_(beta1), beta2_(beta2), eps_(eps) {
        this->require_lr(lr);
        this->require_decay("beta1", beta1);
        this->require_decay("beta2", beta2);
        this->require_eps(eps);
    }

    void update(std::vector<T>& theta, const std::vector<T>& grads) override {
        const AdamStep<T> step = start_step(theta.size());
        for (std::size_t i = 0; i < theta.size(); ++i) {
            adam_rule(theta[i], m_[i], v_[i], grads[i], step);  // rules.hpp
        }
    }

    /// Starts step t: zero averages on the first step; β₁ᵗ and β₂ᵗ, kept as running products.
    /// \param n the number of parameters
    /// \return the step's constants for the rule
    AdamStep<T> start_step(std::size_t n) {
        if (this->steps() == 1) {
            m_.assign(n, T(0));
            v_.assign(n, T(0));
            beta1_t_ = T(1);
            beta2_t_ = T(1);
        }
        beta1_t_ *= beta1_;
        beta2_t_ *= beta2_;
        return {lr_, beta1_, beta2_, eps_, T(1) - beta1_t_, T(1) - beta2_t_, T(0)};
    }

    T lr_, beta1_, beta2_, eps_;        ///< η, β₁, β₂ and ε
    T beta1_t_ = T(1), beta2_t_ = T(1);  ///< β₁ᵗ and β₂ᵗ
    std::vector<T> m_, v_;               ///< the averages, sized on the first step
};

/// AdamW (Loshchilov & Hutter, 2019, Algorithm 2): Adam with decoupled weight decay. The
/// decay shrinks θ directly instead of being added to the gradient, where Adam's division
/// by \f$ \sqrt{\hat v} \f$ would weaken it for exactly the weights with large gradients.
/// With \f$ m_t, v_t, \hat m_t, \hat v_t \f$ as in Adam (the class derives from Adam for them):
/// \f[ \theta_t = \theta_{t-1} - \eta \left( \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}
///     + \lambda\, \theta_{t-1} \right). \f]
/// This is PyTorch's form, where the decay is multiplied by the learning rate η. The paper
/// multiplies λ by a schedule multiplier \f$ \eta_t \f$ and the Adam term by
/// \f$ \alpha \eta_t \f$, so its λ is PyTorch's \f$ \eta\lambda \f$ (with \f$ \eta_t = 1 \f$).
/// **eps is outside the square root**, as in the paper and PyTorch.
/// Chapter 7, \ref ch07_adam "section 7: Adam"w "section 8: AdamW".
template <Real T>
class AdamW : public Adam<T> {
public:
    /// \param lr the learning rate η > 0
    /// \param weight_decay λ ≥ 0 (PyTorch's default 0.01)
    /// \param beta1 the decay of the average of g, in [0, 1)
    /// \param beta2 the decay of the average of g², in [0, 1)
    /// \param eps added to √v̂, > 0
    explicit AdamW(const T& lr, const T& weight_decay = T(1) / T(100), const T& beta1 = T(9) / T(10),
                   const T& beta2 = T(999) / T(1000), const T& eps = literal<T>("1e-8"))
        : Adam<T>("AdamW", lr, beta1, beta2, eps), weight_decay_(weight_decay) {
        this->require_weight_decay(weight_decay);
    }

    std::string hyper_parameters() const override {
        return cat("lr=", this->lr_, ", weight_decay=", weight_decay_, ", beta1=", this->beta1_,
                   ", beta2=", this->beta2_, ", eps=", this->eps_);
    }

protected:
    void update(std::vector<T>& theta, const std::vector<T>& grads) override {
        AdamStep<T> step = this->start_step(theta.size());
        step.weight_decay = weight_decay_;
        for (std::size_t i = 0; i < theta.size(); ++i) {
            adamw_rule(theta[i], this->m_[i], this->v_[i], grads[i], step);  // rules.hpp
        }
    }

private:
    T weight_decay_;
};

/// Makes an optimizer by name, with the learning rate given and every other
/// hyper-parameter at the default of its class:
/// \f[ \text{name} \in \{\text{sgd}, \text{momentum}, \text{nesterov}, \text{adagrad},
///     \text{rmsprop}, \text{adam}, \text{adamw}\}. \f]
/// A training loop can then call `optimizer->step(theta, grad)` whatever the choice.
/// Throws input_error for an unknown name, listing the known ones.
/// \param name the optimizer, in lower case
/// \param lr the learning rate η > 0
/// \return the optimizer, with no state yet
template <Real T>
std::unique_ptr<Optimizer<T>> make_optimizer(std::string_view name, const T& lr) {
    if (name == "sgd") return std::make_unique<SGD<T>>(lr);
    if (name == "momentum") return std::make_unique<Momentum<T>>(lr);
    if (name == "nesterov") return std::make_unique<Nesterov<T>>(lr);
    if (name == "adagrad") return std::make_unique<AdaGrad<T>>(lr);
    if (name == "rmsprop") return std::make_unique<RMSprop<T>>(lr);
    if (name == "adam") return std::make_unique<Adam<T>>(lr);
    if (name == "adamw") return std::make_unique<AdamW<T>>(lr);
    throw input_error("make_optimizer: unknown optimizer '" + std::string(name) +
                      "'; known: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw");
}

}  // namespace nnref
