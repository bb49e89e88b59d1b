/// \file
/// \brief Chapter 9's fast MLP proven equal to the reference: the same update rules bit for
///        bit; the loss and every gradient within a derived error bound of chapter 5's
///        MLP<float>, step after step, and within it of the 50-digit gradient; wrong backward
///        passes caught; no allocation in the training loop; and, on Fashion-MNIST, the same
///        weights for any thread count and a network that learns.
///
/// The page is \ref ch09_fast_mlp; these tests check its claims.
#include "05-backprop/mlp.hpp"
#include "07-optimizers/optimizers.hpp"
#include "09-fast-mlp/mlp.hpp"
#include "09-fast-mlp/train.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/random.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"

#include "allocations.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

using namespace nnref;
using fast::FastMlp;
using fast::MlpConfig;
using fast::Rule;
using fast::SubnormalsFlushed;

namespace {

using DMat = Matrix<double>;

/// A batch of n inputs in [0, 1] (as pixels are) and labels, from a seed.
struct Batch {
    Matrix<float> X;
    std::vector<int> labels;
};
Batch random_batch(std::size_t n, std::size_t inputs, std::size_t classes, std::uint64_t seed) {
    Rng rng(seed);
    Batch b{Matrix<float>(n, inputs), std::vector<int>(n)};
    for (std::size_t k = 0; k < b.X.size(); ++k) {
        b.X[k] = static_cast<float>(rng.uniform01());
    }
    for (int& y : b.labels) {
        y = static_cast<int>(rng.uniform01() * static_cast<double>(classes));
    }
    return b;
}

MlpConfig config(std::vector<std::size_t> widths, Activation hidden, Rule rule, std::size_t batch) {
    MlpConfig c;
    c.widths = std::move(widths);
    c.hidden = hidden;
    c.rule = rule;
    c.batch = batch;
    c.threads = 2;
    return c;
}

/// Chapter 5's MLP<float> with the fast net's widths and θ.
MLP<float> reference_of(const FastMlp& fast) {
    const auto& w = fast.config().widths;
    std::vector<Activation> acts(w.size() - 1, fast.config().hidden);
    acts.back() = Activation::identity;
    MLP<float> ref(w, acts, Loss::softmax_cross_entropy);
    ref.set_parameters(fast.parameters());
    return ref;
}

//! [error-bound]
/// The derived bound. Each quantity q of a step is computed in float as q̂ = q + e; a first-order
/// error analysis (Higham, ch. 3; terms in u² dropped) bounds |e| entry by entry, in double:
/// - a product of K terms plus a bias: γ_{K+2}(|A||W| + |b|) + E_A |W| (eq. 3.5, and the error
///   its inputs bring);
/// - an activation: L_φ E_Z + 4u|φ| (Lipschitz constant L_φ, and a library's few ulps);
/// - softmax: |δp_i| ≤ p_i (2 max|δz| + (K + 6)u); cross-entropy likewise;
/// - a derivative φ'(z): L_φ' (E_Z + E_A) + 4u, and for ReLU, where |z| is within its error of
///   0 (a kink: the two codes may take different sides), the whole derivative, 1;
/// - the backward products as the forward ones, with K = B for dW and db and n_out for dX.
/// Both the fast MLP and the reference are such float computations, so their difference is at
/// most twice the bound. The values themselves (A, dZ, p) are taken from the same step in double.
struct Bound {
    std::vector<double> gradient;  ///< the exact (double) gradient, chapter 5's order
    std::vector<double> error;     ///< the bound on a float computation's error, per entry
    std::vector<double> size;      ///< |A|ᵀ|dZ| for W, Σ|dZ| for b: the gradient on absolute values
    double loss = 0, loss_error = 0;
};

Bound error_bound(const std::vector<float>& theta, const std::vector<std::size_t>& w, Activation act,
                  const Matrix<float>& Xf, const std::vector<int>& labels) {
    const double u = 0x1p-24;
    const auto gamma = [u](std::size_t n) { return n * u / (1 - n * u); };
    const auto absm = [](DMat M) {
        for (std::size_t k = 0; k < M.size(); ++k) {
            M[k] = std::abs(M[k]);
        }
        return M;
    };
    const std::size_t L = w.size() - 1, B = Xf.rows();
    std::vector<DMat> W, A(L + 1), EA(L + 1), Z(L + 1), EZ(L + 1);
    std::vector<std::vector<double>> b;
    std::size_t at = 0;
    for (std::size_t l = 1; l <= L; ++l) {
        DMat Wl(w[l - 1], w[l]);
        for (std::size_t k = 0; k < Wl.size(); ++k) {
            Wl[k] = theta[at++];
        }
        W.push_back(Wl);
        b.emplace_back(theta.begin() + at, theta.begin() + at + w[l]);
        at += w[l];
    }
    A[0] = DMat(B, w[0]);
    for (std::size_t k = 0; k < A[0].size(); ++k) {
        A[0][k] = Xf[k];
    }
    EA[0] = DMat(B, w[0]);  // both codes see the same float inputs
    const double lip = act == Activation::sigmoid ? 0.25 : 1.0;
    for (std::size_t l = 1; l <= L; ++l) {
        Z[l] = matmul(A[l - 1], W[l - 1]);
        DMat size = matmul(absm(A[l - 1]), absm(W[l - 1]));
        const DMat carried = matmul(EA[l - 1], absm(W[l - 1]));
        EZ[l] = DMat(B, w[l]);
        for (std::size_t n = 0; n < B; ++n) {
            for (std::size_t j = 0; j < w[l]; ++j) {
                Z[l](n, j) += b[l - 1][j];
                EZ[l](n, j) = gamma(w[l - 1] + 2) * (size(n, j) + std::abs(b[l - 1][j])) + carried(n, j);
            }
        }
        A[l] = Z[l];
        EA[l] = EZ[l];
        if (l < L) {
            for (std::size_t k = 0; k < A[l].size(); ++k) {
                A[l][k] = activate(act, Z[l][k]);
                EA[l][k] = lip * EZ[l][k] + 4 * u * std::abs(A[l][k]);
            }
        }
    }
    // Softmax cross-entropy and its gradient (P − Y)/B.
    const std::size_t K = w[L];
    Bound out;
    DMat dZ(B, K), EdZ(B, K);
    for (std::size_t n = 0; n < B; ++n) {
        double m = -INFINITY, dz_max = 0;
        for (std::size_t k = 0; k < K; ++k) {
            m = std::max(m, Z[L](n, k));
            dz_max = std::max(dz_max, EZ[L](n, k));
        }
        double s = 0;
        for (std::size_t k = 0; k < K; ++k) {
            s += std::exp(Z[L](n, k) - m);
        }
        const double z_y = Z[L](n, static_cast<std::size_t>(labels[n]));
        const double loss = std::log(s) + m - z_y;
        out.loss += loss / B;
        out.loss_error += (2 * dz_max + (K + 6) * u * (std::abs(std::log(s)) + std::abs(m) + std::abs(z_y))) / B;
        for (std::size_t k = 0; k < K; ++k) {
            const double p = std::exp(Z[L](n, k) - m) / s;
            dZ(n, k) = (p - (static_cast<int>(k) == labels[n] ? 1.0 : 0.0)) / B;
            EdZ(n, k) = (p * (2 * dz_max + (K + 6) * u) + 2 * u * std::abs(p - (static_cast<int>(k) == labels[n]))) / B;
        }
    }
    out.loss_error += gamma(B) * out.loss;
    // Backward, layer by layer; the gradient in chapter 5's order (W, then b, per layer).
    std::vector<std::vector<double>> g(L), e(L), z(L);
    for (std::size_t l = L; l >= 1; --l) {
        const DMat dW = matmul(transpose(A[l - 1]), dZ);
        const DMat EdW_round = matmul(transpose(absm(A[l - 1])), absm(dZ));
        const DMat EdW_in = matmul(transpose(EA[l - 1]), absm(dZ)) + matmul(transpose(absm(A[l - 1])), EdZ);
        for (std::size_t k = 0; k < dW.size(); ++k) {
            g[l - 1].push_back(dW[k]);
            e[l - 1].push_back(gamma(B + 2) * EdW_round[k] + EdW_in[k]);
            z[l - 1].push_back(EdW_round[k]);
        }
        for (std::size_t j = 0; j < w[l]; ++j) {
            double db = 0, size = 0, carried = 0;
            for (std::size_t n = 0; n < B; ++n) {
                db += dZ(n, j);
                size += std::abs(dZ(n, j));
                carried += EdZ(n, j);
            }
            g[l - 1].push_back(db);
            e[l - 1].push_back(gamma(B + 2) * size + carried);
            z[l - 1].push_back(size);
        }
        if (l == 1) {
            break;
        }
        const DMat dA = matmul(dZ, transpose(W[l - 1]));
        const DMat EdA = matmul(absm(dZ), transpose(absm(W[l - 1])));
        const DMat EdA_in = matmul(EdZ, transpose(absm(W[l - 1])));
        DMat next(B, w[l - 1]), Enext(B, w[l - 1]);
        for (std::size_t k = 0; k < next.size(); ++k) {
            const double z = Z[l - 1][k];
            const double d = activate_derivative(act, z);
            double Ed = 2 * (EZ[l - 1][k] + EA[l - 1][k]) + 4 * u;  // |φ''| ≤ 2 for tanh and sigmoid
            if (act == Activation::relu || act == Activation::leaky_relu) {
                Ed = std::abs(z) <= EZ[l - 1][k] ? 1.0 : 0.0;  // a kink within reach of the error
            }
            next[k] = dA[k] * d;
            Enext[k] = (gamma(w[l] + 2) * EdA[k] + EdA_in[k]) * std::abs(d) + std::abs(dA[k]) * Ed +
                       u * std::abs(next[k]);
        }
        dZ = next;
        EdZ = Enext;
    }
    for (std::size_t l = 0; l < L; ++l) {
        out.gradient.insert(out.gradient.end(), g[l].begin(), g[l].end());
        out.error.insert(out.error.end(), e[l].begin(), e[l].end());
        out.size.insert(out.size.end(), z[l].begin(), z[l].end());
    }
    return out;
}
//! [error-bound]

/// max over entries of |a − b| / bound (≤ 1 passes), and where.
double worst(const std::vector<float>& a, const std::vector<float>& b, const std::vector<double>& bound,
             std::size_t& where) {
    double r = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const double d = std::abs(double(a[k]) - double(b[k]));
        const double q = bound[k] > 0 ? d / bound[k] : (d > 0 ? INFINITY : 0.0);
        if (!(q <= r)) {
            r = std::isnan(q) ? INFINITY : q;
            where = k;
        }
    }
    return r;
}

/// The reference's gradient, computed with chapter 5's own functions, optionally with a bug.
enum class Bug { none, no_activation_derivative, bias_from_one_example };
std::vector<float> reference_gradient(const MLP<float>& net, const Batch& batch, Bug bug) {
    const MlpForward<float> f = net.forward(batch.X);
    const std::size_t L = net.layers().size();
    Matrix<float> dZ = softmax_cross_entropy_gradient(f.A.back(), batch.labels);
    std::vector<std::vector<float>> parts(L);
    for (std::size_t l = L; l >= 1; --l) {
        const Matrix<float>& A_in = l == 1 ? batch.X : f.A[l - 2];
        const Matrix<float> dW = matmul(transpose(A_in), dZ);
        parts[l - 1].assign(&dW[0], &dW[0] + dW.size());
        for (std::size_t j = 0; j < dZ.cols(); ++j) {
            float db = 0;
            for (std::size_t n = 0; n < (bug == Bug::bias_from_one_example ? 1 : dZ.rows()); ++n) {
                db += dZ(n, j);
            }
            parts[l - 1].push_back(db);
        }
        if (l == 1) {
            break;
        }
        const Matrix<float> dA = matmul(dZ, transpose(net.layers()[l - 1].W));
        dZ = bug == Bug::no_activation_derivative
                 ? dA
                 : activation_backward(net.layers()[l - 2].activation, dA, f.Z[l - 2], f.A[l - 2]);
    }
    std::vector<float> g;
    for (const auto& p : parts) {
        g.insert(g.end(), p.begin(), p.end());
    }
    return g;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ch09_mlp)

//! [same-rules]
BOOST_AUTO_TEST_CASE(the_update_rules_are_chapter_7s_bit_for_bit) {
    // The same gradients into the fast MLP's one pass and into chapter 7's class on float:
    // the same bits after every step, for each of the four rules, in both floating-point modes
    // (chapter 7's class then runs in the same mode: subnormals flushed, or kept).
    const Batch batch = random_batch(16, 20, 10, 3);
    for (const bool flush : {true, false}) {
        for (const Rule rule : {Rule::sgd, Rule::momentum, Rule::adam, Rule::adamw}) {
            MlpConfig c = config({20, 16, 8, 10}, Activation::tanh, rule, 16);
            c.flush_subnormals = flush;
            FastMlp net(c);
            std::unique_ptr<Optimizer<float>> opt;
            const float lr = net.config().lr;
            switch (rule) {
                case Rule::sgd: opt = std::make_unique<SGD<float>>(lr); break;
                case Rule::momentum: opt = std::make_unique<Momentum<float>>(lr, net.config().mu); break;
                case Rule::adam: opt = std::make_unique<Adam<float>>(lr); break;
                case Rule::adamw: opt = std::make_unique<AdamW<float>>(lr, net.config().weight_decay); break;
            }
            std::vector<float> theta = net.parameters();
            for (int step = 1; step <= 5; ++step) {
                net.compute_gradient(&batch.X[0], batch.labels.data(), 16);
                {
                    const SubnormalsFlushed mode(flush);
                    opt->step(theta, net.gradient());
                }
                net.update();
                BOOST_TEST(std::memcmp(theta.data(), net.parameters().data(), theta.size() * sizeof(float)) == 0,
                           fast::name(rule) << " differs from chapter 7's " << opt->name() << " at step " << step
                                            << (flush ? " (flushed)" : " (kept)"));
            }
        }
    }
}
//! [same-rules]

BOOST_AUTO_TEST_CASE(loss_and_gradients_agree_with_the_reference_within_the_bound_for_ten_steps) {
    // Both train from the same θ on the same batches: the fast MLP with its own steps, chapter 5's
    // MLP<float> with chapter 7's Adam<float>. At every step the losses and gradients must be
    // within twice the bound of each other (both are within it of the exact value). The weights
    // then drift apart only as far as the two gradients do; that is checked against a running
    // bound: the gradients' difference (bounded at each net's own weights, plus the exact
    // difference of their gradients, in double) carried through Adam to first order.
    for (const Activation act : {Activation::tanh, Activation::relu}) {
        const std::vector<std::size_t> widths = {784, 64, 32, 10};
        FastMlp fast(config(widths, act, Rule::adam, 32));
        MLP<float> ref = reference_of(fast);
        Adam<float> adam(fast.config().lr);
        std::vector<float> theta_ref = ref.parameters();
        const std::size_t P = theta_ref.size();
        std::vector<double> Dm(P, 0), Dv(P, 0), Dtheta(P, 0);
        double beta1_t = 1, beta2_t = 1, worst_gradient = 0, worst_weights = 0;
        for (int step = 1; step <= 10; ++step) {
            const Batch batch = random_batch(32, 784, 10, 100 + step);
            const float loss_fast = fast.compute_gradient(&batch.X[0], batch.labels.data(), 32);
            const std::vector<float> grad_fast = fast.gradient();
            const float loss_ref = ref.loss(batch.X, one_hot<float>(batch.labels, 10));
            const std::vector<float> grad_ref = reference_gradient(ref, batch, Bug::none);
            const Bound at_fast = error_bound(fast.parameters(), widths, act, batch.X, batch.labels);
            const Bound at_ref = error_bound(theta_ref, widths, act, batch.X, batch.labels);
            BOOST_TEST(std::abs(loss_fast - loss_ref) <= at_fast.loss_error + at_ref.loss_error +
                                                             std::abs(at_fast.loss - at_ref.loss),
                       "step " << step << ": losses " << loss_fast << " and " << loss_ref);
            // The two gradients may differ by both errors plus the exact gradients' difference
            // at the two weights (zero at step 1, where the weights are the same).
            std::vector<double> D(P);
            for (std::size_t k = 0; k < P; ++k) {
                D[k] = at_fast.error[k] + at_ref.error[k] + std::abs(at_fast.gradient[k] - at_ref.gradient[k]) +
                       1e-12 * std::abs(at_ref.gradient[k]);
            }
            std::size_t where = 0;
            const double r = worst(grad_fast, grad_ref, D, where);
            worst_gradient = std::max(worst_gradient, r);
            BOOST_TEST(r <= 1.0, "step " << step << ", parameter " << where << ": " << grad_fast[where]
                                         << " against " << grad_ref[where] << ", bound " << D[where]);
            // Both apply Adam; carry the gradient difference through its first-order sensitivity.
            const auto& c = fast.config();
            beta1_t *= c.beta1;
            beta2_t *= c.beta2;
            const double u = 0x1p-24;
            fast.update();
            adam.step(theta_ref, grad_ref);
            for (std::size_t k = 0; k < P; ++k) {
                const double g = grad_ref[k], mk = adam.m()[k], vk = adam.v()[k];
                Dm[k] = c.beta1 * Dm[k] + (1 - c.beta1) * D[k] + 2 * u * std::abs(mk);
                Dv[k] = c.beta2 * Dv[k] + (1 - c.beta2) * (2 * std::abs(g) * D[k] + D[k] * D[k]) + 2 * u * vk;
                const double m_hat = mk / (1 - beta1_t), v_hat = vk / (1 - beta2_t);
                const double Dm_hat = Dm[k] / (1 - beta1_t) + u * std::abs(m_hat);
                const double Dv_hat = Dv[k] / (1 - beta2_t) + u * v_hat;
                const double root = std::sqrt(v_hat);
                const double Droot = std::min(std::sqrt(Dv_hat), root > 0 ? Dv_hat / (2 * root) : INFINITY);
                const double den = root + c.eps;
                const double low = std::max(den - Droot, double(c.eps));
                const double update = c.lr * std::abs(m_hat) / den;
                Dtheta[k] += c.lr * (Dm_hat / low + std::abs(m_hat) * Droot / (den * low)) + 4 * u * update +
                             u * std::abs(double(theta_ref[k]));
            }
            std::vector<float> theta_fast = fast.parameters();
            const double rw = worst(theta_fast, theta_ref, Dtheta, where);
            worst_weights = std::max(worst_weights, rw);
            BOOST_TEST(rw <= 1.0, "after step " << step << ", weight " << where << ": " << theta_fast[where]
                                                << " against " << theta_ref[where] << ", bound " << Dtheta[where]);
            ref.set_parameters(theta_ref);
        }
        BOOST_TEST_MESSAGE(name(act) << ": worst gradient difference " << worst_gradient
                                     << " of its bound, worst weight difference " << worst_weights << " of its bound");
    }
}

BOOST_AUTO_TEST_CASE(the_gradient_is_within_the_bound_of_the_50_digit_one) {
    // A small net (20-16-8-10): the fast float gradient against chapter 5's MLP<hp50> at the
    // same float weights. The error bound over K u times the gradient's size, |A|ᵀ|dZ| and its
    // like, is the c of the page: every entry is within the bound, and the bound is c·K·u.
    const std::vector<std::size_t> widths = {20, 16, 8, 10};
    for (const Activation act : {Activation::tanh, Activation::sigmoid, Activation::relu, Activation::leaky_relu}) {
        FastMlp fast(config(widths, act, Rule::adam, 32));
        const Batch batch = random_batch(32, 20, 10, 7);
        fast.compute_gradient(&batch.X[0], batch.labels.data(), 32);
        std::vector<Activation> acts(3, act);
        acts.back() = Activation::identity;
        MLP<hp50> exact(widths, acts, Loss::softmax_cross_entropy);
        exact.set_parameters(std::vector<hp50>(fast.parameters().begin(), fast.parameters().end()));
        Matrix<hp50> X(32, 20);
        for (std::size_t k = 0; k < X.size(); ++k) {
            X[k] = hp50(batch.X[k]);
        }
        const auto f = exact.forward(X);
        const std::vector<hp50> g50 = exact.flatten(exact.backward(f, one_hot<hp50>(batch.labels, 10)));
        const Bound bound = error_bound(fast.parameters(), widths, act, batch.X, batch.labels);
        std::vector<float> g50f(g50.size());
        std::vector<double> e(g50.size());
        for (std::size_t k = 0; k < g50.size(); ++k) {
            g50f[k] = static_cast<float>(to_double(g50[k]));
            // The bound, plus the half-ulp of rounding the 50-digit value to float for the comparison.
            e[k] = bound.error[k] + 0x1p-24 * std::abs(to_double(g50[k]));
        }
        std::size_t where = 0;
        const double r = worst(fast.gradient(), g50f, e, where);
        BOOST_TEST(r <= 1.0, name(act) << ": parameter " << where << " " << fast.gradient()[where] << " against "
                                       << g50f[where] << ", bound " << e[where]);
        // Relative to the gradient on absolute values G: |ĝ − g| ≤ c K u G, with K = 32, the
        // batch, the longest sum of the backward pass (the forward's are 20 and shorter).
        double c = 0;
        for (std::size_t k = 0; k < g50.size(); ++k) {
            const double d = std::abs(double(fast.gradient()[k]) - to_double(g50[k]));
            c = std::max(c, bound.size[k] > 0 ? d / (32 * 0x1p-24 * bound.size[k]) : 0.0);
        }
        BOOST_TEST(c <= 1.0, name(act) << ": c = " << c);
        BOOST_TEST_MESSAGE(name(act) << ": the worst entry is " << r << " of its bound; c = " << c);
    }
}

BOOST_AUTO_TEST_CASE(a_wrong_backward_fails_the_comparison) {
    // The comparison is not vacuous: chapter 5's gradient with a classic bug, against the fast
    // MLP's correct one, is outside the bound.
    const std::vector<std::size_t> widths = {784, 64, 32, 10};
    for (const Bug bug : {Bug::no_activation_derivative, Bug::bias_from_one_example}) {
        FastMlp fast(config(widths, Activation::tanh, Rule::adam, 32));
        const MLP<float> ref = reference_of(fast);
        const Batch batch = random_batch(32, 784, 10, 5);
        fast.compute_gradient(&batch.X[0], batch.labels.data(), 32);
        const Bound bound = error_bound(fast.parameters(), widths, Activation::tanh, batch.X, batch.labels);
        std::vector<double> twice(bound.error.size());
        for (std::size_t k = 0; k < twice.size(); ++k) {
            twice[k] = 2 * bound.error[k];
        }
        std::size_t where = 0;
        BOOST_TEST(worst(fast.gradient(), reference_gradient(ref, batch, Bug::none), twice, where) <= 1.0);
        BOOST_TEST(worst(fast.gradient(), reference_gradient(ref, batch, bug), twice, where) > 1.0,
                   "the bug " << static_cast<int>(bug) << " was not caught");
    }
}

BOOST_AUTO_TEST_CASE(the_flush_mode_is_set_and_given_back) {
    // 1e-38 · 1e-3 is subnormal: 0 while the thread flushes, not 0 before or after.
    volatile float tiny = 1e-38f, factor = 1e-3f;
    const auto product = [&] { return tiny * factor; };
    BOOST_TEST(product() != 0.0f);
    {
        const SubnormalsFlushed outer;
        BOOST_TEST((product() == 0.0f) == SubnormalsFlushed::supported());
        {
            const SubnormalsFlushed off(false);  // changes nothing
            BOOST_TEST((product() == 0.0f) == SubnormalsFlushed::supported());
        }
        {
            const SubnormalsFlushed inner;  // gives back the outer mode, not the default
        }
        BOOST_TEST((product() == 0.0f) == SubnormalsFlushed::supported());
    }
    BOOST_TEST(product() != 0.0f);
    BOOST_TEST(std::fpclassify(product()) == FP_SUBNORMAL);
}

BOOST_AUTO_TEST_CASE(adams_first_moment_decays_into_subnormals_unless_flushed) {
    // Input 0 is 1 in the first step's example and 0 afterwards, so the three weights it feeds
    // get a nonzero gradient once and exactly 0 after: their m shrinks by β₁ = 0.9 a step,
    // below 2⁻¹²⁶ after some 800 steps, and then to k·2⁻¹⁴⁹ with k ≤ 5, where it stays
    // (0.9·k rounds back to k), before step 1000. Flushed, it becomes exactly 0 instead, and
    // no m is ever subnormal.
    const float first[2] = {1.0f, 1.0f}, later[2] = {0.0f, 1.0f};
    const int label[1] = {1};
    for (const bool flush : {true, false}) {
        MlpConfig c = config({2, 3, 2}, Activation::tanh, Rule::adam, 1);
        c.flush_subnormals = flush;
        FastMlp net(c);
        std::vector<bool> once_nonzero(net.parameters().size(), false), zero_since(net.parameters().size(), false);
        bool ever_subnormal = false;
        for (int step = 1; step <= 1000; ++step) {
            net.compute_gradient(step == 1 ? first : later, label, 1);
            for (std::size_t k = 0; k < once_nonzero.size(); ++k) {
                const bool zero = net.gradient()[k] == 0.0f;
                zero_since[k] = step > 1 && zero && (zero_since[k] || once_nonzero[k]);
                once_nonzero[k] = once_nonzero[k] || !zero;
            }
            net.update();
            for (const float m : net.first_moment()) {
                ever_subnormal = ever_subnormal || std::fpclassify(m) == FP_SUBNORMAL;
            }
        }
        const bool flushed = flush && SubnormalsFlushed::supported();
        int quiet = 0;
        for (std::size_t k = 0; k < zero_since.size(); ++k) {
            if (zero_since[k]) {
                ++quiet;
                const float m = net.first_moment()[k];
                const float stuck = 5 * std::numeric_limits<float>::denorm_min();
                BOOST_TEST((flushed ? m == 0.0f : std::fpclassify(m) == FP_SUBNORMAL && m <= stuck),
                           "m[" << k << "] = " << m << (flush ? " (flushed)" : " (kept)"));
            }
        }
        BOOST_TEST(quiet == 3, quiet << " weights with a zero gradient since step 2, not 3");
        BOOST_TEST(ever_subnormal == !flushed, (flush ? "flushed" : "kept") << ": a subnormal m appeared: "
                                                                             << ever_subnormal);
    }
}

BOOST_AUTO_TEST_CASE(fusion_changes_the_traffic_not_the_numbers) {
    // The bias and ReLU in the GEMM's epilogue, and Adam in one pass, against each in passes of
    // its own: the same operations in the same order, so the same weights, bit for bit.
    ImageSet data{96, 784, std::vector<std::uint8_t>(96 * 784), std::vector<std::uint8_t>(96)};
    for (std::size_t k = 0; k < data.images.size(); ++k) {
        data.images[k] = static_cast<std::uint8_t>(k * 13 % 251);
    }
    for (std::size_t n = 0; n < 96; ++n) {
        data.labels[n] = static_cast<std::uint8_t>(n * 7 % 10);
    }
    for (const Rule rule : {Rule::adam, Rule::adamw}) {
        std::vector<std::vector<float>> weights;
        for (const bool fused : {true, false}) {
            MlpConfig c = config({784, 64, 32, 10}, Activation::relu, rule, 32);
            c.fused = fused;
            FastMlp net(c);
            fast::train(net, data, {}, 2);
            weights.push_back(net.parameters());
        }
        BOOST_TEST(std::memcmp(weights[0].data(), weights[1].data(), weights[0].size() * sizeof(float)) == 0,
                   fast::name(rule) << ": the unfused step gave other weights");
    }
}

BOOST_AUTO_TEST_CASE(the_training_loop_allocates_nothing,
                     *boost::unit_test::enable_if<allocations_counted>()) {  // not under TSan
    ImageSet data{64, 784, std::vector<std::uint8_t>(64 * 784), std::vector<std::uint8_t>(64)};
    for (std::size_t k = 0; k < data.images.size(); ++k) {
        data.images[k] = static_cast<std::uint8_t>(k * 7 % 256);
    }
    for (std::size_t n = 0; n < 64; ++n) {
        data.labels[n] = static_cast<std::uint8_t>(n % 10);
    }
    FastMlp net(config({784, 64, 32, 10}, Activation::relu, Rule::adam, 32));
    std::vector<std::size_t> rows(32);
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    net.train_step(data, rows.data(), 32);
    const std::size_t before = allocations_so_far();
    for (int step = 0; step < 10; ++step) {
        net.train_step(data, rows.data(), 32);
    }
    const std::size_t during = allocations_so_far() - before;
    BOOST_TEST(during == 0u, during << " allocations in 10 training steps");
}

BOOST_AUTO_TEST_CASE(bad_configurations_are_refused) {
    BOOST_CHECK_THROW(FastMlp(config({784}, Activation::relu, Rule::adam, 8)), input_error);
    BOOST_CHECK_THROW(FastMlp(config({784, 0, 10}, Activation::relu, Rule::adam, 8)), input_error);
    BOOST_CHECK_THROW(FastMlp(config({784, 16, 10}, Activation::softmax, Rule::adam, 8)), input_error);
    BOOST_CHECK_THROW(FastMlp(config({784, 16, 10}, Activation::relu, Rule::adam, 0)), input_error);
    BOOST_CHECK_THROW(fast::rule_called("adagrad"), input_error);
}

BOOST_AUTO_TEST_SUITE_END()

// The tests that read Fashion-MNIST: skipped without it (tests/CMakeLists.txt), except in CI.
BOOST_AUTO_TEST_SUITE(ch09_fashion_mnist)

BOOST_AUTO_TEST_CASE(one_epoch_gives_the_same_weights_for_1_2_3_and_4_threads) {
    const std::filesystem::path dir = fashion_mnist_dir(data_dir());
    const ImageSet train = fashion_mnist_images(dir, "train", 2000);
    std::vector<float> first;
    for (const int threads : {1, 2, 3, 4}) {
        MlpConfig c = config({784, 512, 256, 10}, Activation::relu, Rule::adam, 128);
        c.threads = threads;
        FastMlp net(c);
        fast::train(net, train, {}, 1);
        if (threads == 1) {
            first = net.parameters();
            continue;
        }
        BOOST_TEST(std::memcmp(first.data(), net.parameters().data(), first.size() * sizeof(float)) == 0,
                   threads << " threads gave other weights than 1 thread");
    }
}

BOOST_AUTO_TEST_CASE(it_learns) {
    // 2000 training images, 2 epochs (32 Adam steps), the default network: measured 70.8% on
    // the first 1000 test images, on each of this machine's three targets. A target rounds
    // differently and may take another path; 3 points of margin is 2 binomial standard
    // deviations on 1000 images (√(0.71 · 0.29 / 1000) ≈ 1.4 points), more than that moves it.
    const std::filesystem::path dir = fashion_mnist_dir(data_dir());
    const ImageSet train = fashion_mnist_images(dir, "train", 2000);
    const ImageSet test = fashion_mnist_images(dir, "t10k", 1000);
    FastMlp net(config({784, 512, 256, 10}, Activation::relu, Rule::adam, 128));
    const auto results = fast::train(net, train, test, 2);
    BOOST_REQUIRE(results.size() == 2u);
    BOOST_TEST(results[1].train_loss < results[0].train_loss);
    BOOST_TEST(results[1].test_accuracy >= 0.708 - 0.03, "test accuracy " << results[1].test_accuracy);
}

BOOST_AUTO_TEST_SUITE_END()
