/// \file
/// \brief The fast MLP's step (mlp.hpp): products from gemm.hpp, everything else in plain
///        loops over the batch, shared out by OpenMP with a fixed partition.
///
/// Every loop here gives each entry to exactly one thread and computes it the same way
/// whichever thread that is; the two sums (a bias gradient's column, the batch's loss) are each
/// done by one thread, in order. So a step gives the same bits for any number of threads.
/// This file is compiled without -ffp-contract=fast: the update rules then round exactly as
/// chapter 7's classes do on float, and a test holds them to the same bits.
#include "09-fast-mlp/mlp.hpp"

#include "02-activations/activations.hpp"
#include "05-backprop/mlp.hpp"
#include "07-optimizers/rules.hpp"
#include "09-fast-mlp/gemm.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(_OPENMP)
#include <omp.h>
#endif
#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>  // _mm_getcsr, _mm_setcsr: SSE, part of every x86-64
#define NNREF_HAS_MXCSR 1
#endif

namespace nnref::fast {

namespace {

using clock_type = std::chrono::steady_clock;

double since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

// Loop indices for OpenMP: a signed type, one per element.
using Index = std::ptrdiff_t;

}  // namespace

std::string name(Rule rule) {
    switch (rule) {
        case Rule::sgd: return "sgd";
        case Rule::momentum: return "momentum";
        case Rule::adam: return "adam";
        case Rule::adamw: return "adamw";
    }
    return "?";
}

Rule rule_called(const std::string& text) {
    for (const Rule r : {Rule::sgd, Rule::momentum, Rule::adam, Rule::adamw}) {
        if (text == name(r)) {
            return r;
        }
    }
    throw input_error("unknown optimizer '" + text + "'; the fast MLP has sgd, momentum, adam and adamw");
}

std::string name(MlpConfig::Start start) {
    switch (start) {
        case MlpConfig::Start::pytorch: return "pytorch";
        case MlpConfig::Start::he: return "he";
        case MlpConfig::Start::xavier: return "xavier";
    }
    return "?";
}

MlpConfig::Start start_called(const std::string& text) {
    for (const auto s : {MlpConfig::Start::pytorch, MlpConfig::Start::he, MlpConfig::Start::xavier}) {
        if (text == name(s)) {
            return s;
        }
    }
    throw input_error("unknown init '" + text + "'; the fast MLP starts as pytorch, he or xavier");
}

FastMlp::FastMlp(const MlpConfig& config) : config_(config), layers_(config.widths.size() - 1) {
    const auto& w = config_.widths;
    if (w.size() < 2 || std::find(w.begin(), w.end(), std::size_t{0}) != w.end()) {
        throw input_error(cat("fast MLP: widths ", join(w, "-"),
                              ": give n_inputs and at least one layer, none of them 0"));
    }
    if (w.back() < 2) {
        throw input_error(cat("fast MLP: the last layer has ", w.back(), " output; softmax needs 2 classes or more"));
    }
    const Activation h = config_.hidden;
    if (h != Activation::relu && h != Activation::leaky_relu && h != Activation::tanh &&
        h != Activation::sigmoid) {
        throw input_error(cat("fast MLP: the hidden activation '", nnref::name(h),
                              "' is not one of relu, leaky_relu, tanh and sigmoid"));
    }
    if (!(config_.lr > 0) || config_.batch == 0 || config_.threads < 0) {
        throw input_error(cat("fast MLP: need lr > 0 (it is ", config_.lr, "), batch >= 1 (", config_.batch,
                              ") and threads >= 0 (", config_.threads, ")"));
    }
    std::size_t at = 0;
    for (std::size_t l = 1; l <= layers_; ++l) {
        w_at_.push_back(at);
        at += w[l - 1] * w[l];
        b_at_.push_back(at);
        at += w[l];
    }
    // The initial weights are those of chapter 5's MLP<float>, drawn by its init() (PyTorch's
    // default) or chapter 8's initialize(): the reference the tests compare with starts from
    // the very same θ.
    std::vector<Activation> activations(layers_, h);
    activations.back() = Activation::identity;
    MLP<float> reference(w, activations, Loss::softmax_cross_entropy);
    Rng rng(config_.seed);
    switch (config_.start) {
        case MlpConfig::Start::pytorch: reference.init(rng); break;
        case MlpConfig::Start::he: initialize(reference, Init::he_normal, rng); break;
        case MlpConfig::Start::xavier: initialize(reference, Init::xavier_normal, rng); break;
    }
    theta_ = reference.parameters();
    grad_.assign(theta_.size(), 0.0f);
    if (config_.rule != Rule::sgd) {
        m_.assign(theta_.size(), 0.0f);
    }
    if (config_.rule == Rule::adam || config_.rule == Rule::adamw) {
        v_.assign(theta_.size(), 0.0f);
    }
    for (std::size_t l = 0; l <= layers_; ++l) {
        A_.emplace_back(config_.batch * w[l]);
        dZ_.emplace_back(l == 0 ? 0 : config_.batch * w[l]);
    }
    labels_.assign(config_.batch, 0);
    row_loss_.assign(config_.batch, 0.0f);
    // One forward and backward pass on zeros, so that the products' packing buffers are
    // allocated here, and the training loop allocates nothing.
    forward(config_.batch);
    loss_and_output_gradient(labels_.data(), config_.batch);
    backward(config_.batch);
    std::fill(grad_.begin(), grad_.end(), 0.0f);
    times_ = {};
}

void FastMlp::set_parameters(const std::vector<float>& theta) {
    if (theta.size() != theta_.size()) {
        throw shape_error(cat("fast MLP: ", theta.size(), " parameters given, ", join(config_.widths, "-"),
                              " has ", theta_.size()));
    }
    theta_ = theta;
    std::fill(m_.begin(), m_.end(), 0.0f);
    std::fill(v_.begin(), v_.end(), 0.0f);
    steps_ = 0;
    beta1_t_ = beta2_t_ = 1;
}

int FastMlp::threads() const {
#if defined(_OPENMP)
    return config_.threads > 0 ? config_.threads : omp_get_max_threads();
#else
    return 1;
#endif
}

//! [load]
void FastMlp::load(const ImageSet& data, const std::size_t* rows, std::size_t n) {
    const std::size_t pixels = config_.widths[0];
    if (data.pixels != pixels) {
        throw shape_error(cat("fast MLP: the images have ", data.pixels, " pixels, the network ", pixels,
                              " inputs"));
    }
    float* X = A_[0].data();
    // The bytes become floats here, one batch at a time: the whole set stays 1 byte a pixel.
#pragma omp parallel for schedule(static) num_threads(threads())
    for (Index r = 0; r < static_cast<Index>(n); ++r) {
        const std::uint8_t* image = data.images.data() + rows[r] * pixels;
        for (std::size_t c = 0; c < pixels; ++c) {
            X[r * pixels + c] = static_cast<float>(image[c]) / 255.0f;  // as read_idx_images does
        }
        labels_[r] = data.labels[rows[r]];
    }
}
//! [load]

//! [forward]
void FastMlp::forward(std::size_t n) {
    const auto& w = config_.widths;
    for (std::size_t l = 1; l <= layers_; ++l) {
        const bool hidden = l < layers_;
        const bool relu = hidden && config_.hidden == Activation::relu;
        const float* b = theta_.data() + b_at_[l - 1];
        auto start = clock_type::now();
        GemmOptions o;
        o.bias = config_.fused ? b : nullptr;
        o.activation = relu && config_.fused ? Fused::relu : Fused::identity;  // A = relu(XW + b)
        o.threads = threads();
        gemm(n, w[l], w[l - 1], A_[l - 1].data(), w[l - 1], theta_.data() + w_at_[l - 1], w[l],
             A_[l].data(), w[l], o);
        times_.forward += since(start);
        float* a = A_[l].data();
        if (!config_.fused) {  // the same sums, bias and ReLU, in passes of their own
            start = clock_type::now();
#pragma omp parallel for schedule(static) num_threads(threads())
            for (Index r = 0; r < static_cast<Index>(n); ++r) {
                for (std::size_t j = 0; j < w[l]; ++j) {
                    a[r * w[l] + j] += b[j];
                }
            }
            if (relu) {
#pragma omp parallel for schedule(static) num_threads(threads())
                for (Index k = 0; k < static_cast<Index>(n * w[l]); ++k) {
                    a[k] = a[k] < 0 ? 0.0f : a[k];  // as the epilogue does it: NaN stays NaN
                }
            }
            times_.activation += since(start);
        }
        if (!hidden || relu) {
            continue;
        }
        start = clock_type::now();
        const Activation act = config_.hidden;
#pragma omp parallel for schedule(static) num_threads(threads())
        for (Index k = 0; k < static_cast<Index>(n * w[l]); ++k) {
            a[k] = act == Activation::tanh      ? tanh_activation(a[k])   // chapter 2's functions,
                   : act == Activation::sigmoid ? sigmoid(a[k])            // in float
                                                : leaky_relu(a[k]);
        }
        times_.activation += since(start);
    }
}
//! [forward]

//! [loss]
float FastMlp::loss_and_output_gradient(const int* labels, std::size_t n) {
    const auto start = clock_type::now();
    const std::size_t K = config_.widths.back();
    const float* Z = A_[layers_].data();
    float* dZ = dZ_[layers_].data();
    const float batch = static_cast<float>(n);
    // Chapter 4's fused softmax cross-entropy, row by row: with m = max_k z_k and
    // s = Σ_k exp(z_k − m), the loss is log s + m − z_y and its gradient (p − e_y) / B.
#pragma omp parallel for schedule(static) num_threads(threads())
    for (Index r = 0; r < static_cast<Index>(n); ++r) {
        const float* z = Z + r * K;
        const int y = labels[r];
        const float m = *std::max_element(z, z + K);
        float s = 0;
        for (std::size_t k = 0; k < K; ++k) {
            s += std::exp(z[k] - m);
        }
        row_loss_[r] = std::log(s) + m - z[y];
        for (std::size_t k = 0; k < K; ++k) {
            const float p = std::exp(z[k] - m) / s;
            dZ[r * K + k] = (p - (static_cast<int>(k) == y ? 1.0f : 0.0f)) / batch;
        }
    }
    float total = 0;  // one thread, in order: the same sum for any thread count
    for (std::size_t r = 0; r < n; ++r) {
        total += row_loss_[r];
    }
    times_.loss += since(start);
    return total / batch;
}
//! [loss]

//! [backward]
void FastMlp::backward(std::size_t n) {
    const auto start = clock_type::now();
    const auto& w = config_.widths;
    for (std::size_t l = layers_; l >= 1; --l) {
        const std::size_t in = w[l - 1], out = w[l];
        const float* dZ = dZ_[l].data();
        // dW = A⁽ˡ⁻¹⁾ᵀ dZ: A is B × in, read transposed in place.
        GemmOptions weights{Op::transpose, Op::none};
        weights.threads = threads();
        gemm(in, out, n, A_[l - 1].data(), in, dZ, out, grad_.data() + w_at_[l - 1], out, weights);
        // db = 1ᵀ dZ: each column summed by one thread, down the batch in order.
        float* db = grad_.data() + b_at_[l - 1];
#pragma omp parallel for schedule(static) num_threads(threads())
        for (Index j = 0; j < static_cast<Index>(out); ++j) {
            float s = 0;
            for (std::size_t r = 0; r < n; ++r) {
                s += dZ[r * out + j];
            }
            db[j] = s;
        }
        if (l == 1) {
            break;  // no one needs dX of the input
        }
        // dZ⁽ˡ⁻¹⁾ = (dZ Wᵀ) ⊙ φ'(A⁽ˡ⁻¹⁾): W is in × out, read transposed in place; φ' is
        // computed from the layer's output and multiplied in as dZ is written.
        GemmOptions inputs{Op::none, Op::transpose};
        inputs.threads = threads();
        float* below = dZ_[l - 1].data();
        gemm(n, in, out, dZ, out, theta_.data() + w_at_[l - 1], out, below, in, inputs);
        const float* a = A_[l - 1].data();
        const Activation act = config_.hidden;
#pragma omp parallel for schedule(static) num_threads(threads())
        for (Index k = 0; k < static_cast<Index>(n * in); ++k) {
            // Each derivative from the output a = φ(z): relu'(z) = [z > 0] = [a > 0], and so on.
            below[k] *= act == Activation::relu      ? relu_derivative(a[k])
                        : act == Activation::tanh    ? tanh_derivative_from_output(a[k])
                        : act == Activation::sigmoid ? sigmoid_derivative_from_output(a[k])
                                                     : leaky_relu_derivative(a[k]);
        }
    }
    times_.backward += since(start);
}
//! [backward]

//! [each-parameter]
// f(i) for every parameter i, shared out as `parallel for schedule(static)` does (so the same
// partition as every other loop here), each thread in the floating-point mode the configuration
// asks for. The mode is a register of each thread (MXCSR), so each thread of the region sets its
// own, and gives it back before the region ends: the products that follow keep IEEE's mode.
template <class F>
void FastMlp::each_parameter(F f) {
    const Index P = static_cast<Index>(theta_.size());
#pragma omp parallel num_threads(threads())
    {
        const SubnormalsFlushed mode(config_.flush_subnormals);
#pragma omp for schedule(static)
        for (Index i = 0; i < P; ++i) {
            f(i);
        }
    }
}
//! [each-parameter]

//! [update]
void FastMlp::update() {
    const auto start = clock_type::now();
    ++steps_;
    float* theta = theta_.data();
    const float* g = grad_.data();
    float* m = m_.data();
    float* v = v_.data();
    const float lr = config_.lr, mu = config_.mu;
    // One pass over all of θ, with chapter 7's rule for one parameter (rules.hpp), subnormals
    // flushed unless the configuration keeps them (section 19).
    switch (config_.rule) {
        case Rule::sgd:
            each_parameter([&](Index i) { sgd_rule(theta[i], g[i], lr); });
            break;
        case Rule::momentum:
            each_parameter([&](Index i) { momentum_rule(theta[i], m[i], g[i], lr, mu); });
            break;
        case Rule::adam:
        case Rule::adamw: {
            beta1_t_ *= config_.beta1;  // β₁ᵗ and β₂ᵗ as running products, as Adam<T> keeps them
            beta2_t_ *= config_.beta2;
            const AdamStep<float> s{lr, config_.beta1, config_.beta2, config_.eps,
                                    1.0f - beta1_t_, 1.0f - beta2_t_, config_.weight_decay};
            if (!config_.fused) {
                unfused_adam(s);
            } else if (config_.rule == Rule::adam) {
                each_parameter([&](Index i) { adam_rule(theta[i], m[i], v[i], g[i], s); });
            } else {
                each_parameter([&](Index i) { adamw_rule(theta[i], m[i], v[i], g[i], s); });
            }
            break;
        }
    }
    times_.update += since(start);
}
//! [update]

// Adam in three passes over θ, m and v instead of one, with adam_rule's and adamw_rule's
// arithmetic (so the same bits): what the optimizer's fusion saves is these passes' traffic.
void FastMlp::unfused_adam(const AdamStep<float>& s) {
    float* theta = theta_.data();
    const float* g = grad_.data();
    float* m = m_.data();
    float* v = v_.data();
    each_parameter([&](Index i) { m[i] = s.beta1 * m[i] + (1.0f - s.beta1) * g[i]; });
    each_parameter([&](Index i) { v[i] = s.beta2 * v[i] + (1.0f - s.beta2) * g[i] * g[i]; });
    const bool decoupled = config_.rule == Rule::adamw;
    each_parameter([&](Index i) {
        const float m_hat = m[i] / s.bias1, v_hat = v[i] / s.bias2;
        theta[i] -= decoupled ? s.lr * (m_hat / (std::sqrt(v_hat) + s.eps) + s.weight_decay * theta[i])
                              : s.lr * m_hat / (std::sqrt(v_hat) + s.eps);
    });
}

//! [step]
float FastMlp::train_step(const ImageSet& data, const std::size_t* rows, std::size_t n) {
    if (n == 0 || n > config_.batch) {
        throw input_error(cat("fast MLP: a step takes 1 to ", config_.batch, " examples, not ", n));
    }
    const auto start = clock_type::now();
    load(data, rows, n);
    times_.load += since(start);
    forward(n);
    const float loss = loss_and_output_gradient(labels_.data(), n);
    backward(n);
    update();
    return loss;
}
//! [step]

float FastMlp::compute_gradient(const float* X, const int* labels, std::size_t n) {
    if (n == 0 || n > config_.batch) {
        throw input_error(cat("fast MLP: a batch has 1 to ", config_.batch, " examples, not ", n));
    }
    std::memcpy(A_[0].data(), X, n * config_.widths[0] * sizeof(float));
    forward(n);
    const float loss = loss_and_output_gradient(labels, n);
    backward(n);
    return loss;
}

void FastMlp::predict(const ImageSet& data, std::size_t first, std::size_t count, int* out) {
    if (first + count > data.count) {
        throw input_error(cat("fast MLP: images ", first, " to ", first + count, " asked of ", data.count));
    }
    const std::size_t K = config_.widths.back();
    std::vector<std::size_t> rows(config_.batch);
    for (std::size_t at = 0; at < count; at += config_.batch) {
        const std::size_t n = std::min(config_.batch, count - at);
        for (std::size_t r = 0; r < n; ++r) {
            rows[r] = first + at + r;
        }
        load(data, rows.data(), n);
        forward(n);
        for (std::size_t r = 0; r < n; ++r) {
            const float* z = A_[layers_].data() + r * K;
            out[at + r] = static_cast<int>(std::max_element(z, z + K) - z);
        }
    }
}

//! [flush]
// MXCSR, the SSE control register: bit 15 flushes subnormal results to zero (FTZ), bit 6 reads
// subnormal inputs as zero (DAZ). Intel SDM, vol. 1, section 10.2.3.
SubnormalsFlushed::SubnormalsFlushed([[maybe_unused]] bool on) {
#if defined(NNREF_HAS_MXCSR)
    if (on) {
        constexpr unsigned ftz = 1u << 15, daz = 1u << 6;
        saved_ = _mm_getcsr();
        _mm_setcsr(saved_ | ftz | daz);
        changed_ = true;
    }
#endif
}

SubnormalsFlushed::~SubnormalsFlushed() {
#if defined(NNREF_HAS_MXCSR)
    if (changed_) {
        _mm_setcsr(saved_);
    }
#endif
}
//! [flush]

bool SubnormalsFlushed::supported() {
#if defined(NNREF_HAS_MXCSR)
    return true;
#else
    return false;
#endif
}

}  // namespace nnref::fast
