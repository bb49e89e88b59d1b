/// \file
/// \brief Chapter 9, part 2: the fast float32 MLP. Chapter 5's network, trained as chapter 6
///        trains it, with chapter 7's update rules and chapter 8's initialization, on part 1's
///        matrix products; every buffer allocated once, and the same bits for any number of
///        threads.
///
/// One training step on a batch of B examples, layer by layer (\ref notation):
/// \f[ A^{(0)} = X, \quad A^{(l)} = \varphi\bigl(A^{(l-1)} W^{(l)} + \mathbf 1 b^{(l)\top}\bigr),
///     \quad L = \frac{1}{B}\sum_n -\log \mathrm{softmax}\bigl(z_n^{(L)}\bigr)_{y_n}, \f]
/// \f[ dZ^{(L)} = \frac{P - Y}{B}, \quad dW^{(l)} = A^{(l-1)\top} dZ^{(l)}, \quad
///     db^{(l)} = \mathbf 1^\top dZ^{(l)}, \quad
///     dZ^{(l-1)} = \bigl(dZ^{(l)} W^{(l)\top}\bigr) \odot \varphi'\bigl(A^{(l-1)}\bigr), \f]
/// then θ ← rule(θ, dθ). The forward GEMM fuses the bias and (for ReLU) the activation; the
/// backward GEMMs read Aᵀ and Wᵀ in place; φ' is computed from the layer's output A and
/// multiplied into dZ in the same pass that writes it; the optimizer runs over all of θ in
/// one pass. The page is \ref ch09_fast_mlp, from
/// \ref ch09_training_step "section 12: the training step" on; the tests are
/// tests/test_ch09_mlp.cpp.
#pragma once

#include "05-backprop/dense.hpp"    // Activation
#include "07-optimizers/rules.hpp"  // AdamStep
#include "08-dynamics/init.hpp"   // Init
#include "nnref/data/fashion_mnist.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nnref::fast {

/// The update rules the fast MLP trains with: chapter 7's, in float (07-optimizers/rules.hpp).
enum class Rule { sgd, momentum, adam, adamw };

/// The rule's name: "sgd", "momentum", "adam" or "adamw".
std::string name(Rule rule);

/// The rule called `name`; throws input_error listing the four.
/// \param name e.g. "adam"
Rule rule_called(const std::string& name);

/// Everything that defines a fast MLP and how it trains.
/// Chapter 9, \ref ch09_training_step "section 12: the training step".
struct MlpConfig {
    std::vector<std::size_t> widths = {784, 512, 256, 10};  ///< n_inputs, each layer's width, n_classes
    Activation hidden = Activation::relu;  ///< relu, leaky_relu, tanh or sigmoid
    Rule rule = Rule::adam;                ///< the optimizer
    float lr = 1e-3f;                      ///< η
    float beta1 = 0.9f, beta2 = 0.999f;    ///< Adam's decays
    float eps = 1e-8f;                     ///< Adam's guard
    float weight_decay = 0.01f;            ///< AdamW's λ
    float mu = 0.9f;                       ///< momentum's coefficient
    std::size_t batch = 128;               ///< the largest batch a step takes
    int threads = 0;                       ///< 0: all cores
    std::uint64_t seed = 1;                ///< the initial weights, and the order of every epoch
    /// How the weights start: PyTorch's default for a linear layer, chapter 5's MLP::init
    /// (W and b uniform in ±1/√n_in, the recipe the PyTorch peer uses), or one of chapter 8's
    /// schemes (biases zero).
    enum class Start { pytorch, he, xavier } start = Start::pytorch;
    /// true: the bias and ReLU in the forward GEMM's epilogue, and Adam in one pass over θ.
    /// false, to measure what fusion buys: the bias and the activation in passes of their
    /// own after each GEMM, and Adam in three passes (m, v, then θ). The numbers are the same,
    /// bit for bit; only the memory traffic differs.
    bool fused = true;
    /// true: the optimizer's pass runs with subnormal floats flushed to zero, on each of its
    /// threads (SubnormalsFlushed). Adam's first moment of a weight whose gradient stays exactly
    /// 0 shrinks by β₁ a step into the subnormals, where arithmetic is 2 to 11 times slower
    /// (\ref ch09_subnormals "section 19"). false: IEEE's gradual underflow, as chapter 7's
    /// classes compute by default. Either way a step gives the same bits on any thread count.
    bool flush_subnormals = true;
};

/// While it lives, the calling thread flushes subnormal float results to zero and reads
/// subnormal inputs as zero: the x86 MXCSR bits FTZ (flush to zero) and DAZ (denormals are
/// zero). Its destructor gives the thread back the mode it had. A float below
/// \f$ 2^{-126} \approx 1.2 \cdot 10^{-38} \f$ then becomes 0 instead of a subnormal number.
/// Off x86-64 it changes nothing, and supported() is false.
/// Chapter 9, \ref ch09_subnormals "section 19: subnormal numbers in Adam".
class SubnormalsFlushed {
public:
    /// \param on false: change nothing (so that a loop can make one whatever its mode)
    explicit SubnormalsFlushed(bool on = true);
    ~SubnormalsFlushed();
    SubnormalsFlushed(const SubnormalsFlushed&) = delete;
    SubnormalsFlushed& operator=(const SubnormalsFlushed&) = delete;
    /// Whether this build can flush subnormals (x86-64).
    static bool supported();

private:
    unsigned saved_ = 0;  // the thread's MXCSR before
    bool changed_ = false;
};

/// The name of a way to start: "pytorch", "he" or "xavier".
/// \param start the way
std::string name(MlpConfig::Start start);
/// The way to start called `name`; throws input_error listing the three.
/// \param name e.g. "he"
MlpConfig::Start start_called(const std::string& name);

/// Where a step's time went, summed over steps (see FastMlp::timing).
/// Chapter 9, \ref ch09_training_step "section 12: the training step".
struct PhaseTimes {
    double load = 0;       ///< converting the batch's bytes to float
    double forward = 0;    ///< the forward GEMMs, with their fused bias and ReLU
    double activation = 0; ///< the activations not fused into a GEMM (tanh, sigmoid, leaky ReLU)
    double loss = 0;       ///< softmax, cross-entropy and dZ of the last layer
    double backward = 0;   ///< the backward GEMMs, bias gradients and φ'
    double update = 0;     ///< the optimizer's pass over θ
};

/// The fast float32 MLP. θ is one array, in chapter 5's order (W⁽¹⁾ row by row, b⁽¹⁾, W⁽²⁾,
/// …), and so is its gradient, so that one pass updates all of it and chapter 5's MLP<float>
/// can be compared entry by entry.
/// Chapter 9, \ref ch09_training_step "section 12: the training step".
class FastMlp {
public:
    /// Allocates every buffer a step needs for batches up to config.batch, and draws θ from
    /// config.seed on chapter 5's MLP<float>, with its init() or chapter 8's initialize() (the
    /// same weights the reference starts from). Throws input_error for a bad configuration.
    /// \param config the network and its training
    explicit FastMlp(const MlpConfig& config);

    /// The configuration it was made with.
    const MlpConfig& config() const { return config_; }
    /// θ, in chapter 5's order.
    const std::vector<float>& parameters() const { return theta_; }
    /// Sets θ (chapter 5's order) and forgets the optimizer's state.
    /// \param theta as many numbers as parameters() has
    void set_parameters(const std::vector<float>& theta);

    /// One training step on rows `rows[0, n)` of `data`: forward, loss, backward and the
    /// optimizer's update. n ≤ config().batch.
    /// \param data the images and labels
    /// \param rows which examples, in order
    /// \param n how many
    /// \return the batch's mean cross-entropy, before the update
    float train_step(const ImageSet& data, const std::size_t* rows, std::size_t n);

    /// The forward and backward passes only, on float inputs: the loss, and ∂L/∂θ in
    /// gradient(). For the tests, which feed the reference the same floats.
    /// \param X n × n_inputs, row-major
    /// \param labels n classes
    /// \param n the batch size, ≤ config().batch
    /// \return the batch's mean cross-entropy
    float compute_gradient(const float* X, const int* labels, std::size_t n);
    /// ∂L/∂θ of the last step or compute_gradient(), in chapter 5's order.
    const std::vector<float>& gradient() const { return grad_; }
    /// The optimizer's first state array, in chapter 5's order: Adam's first moment m, or
    /// momentum's velocity (zeros for SGD).
    const std::vector<float>& first_moment() const { return m_; }
    /// The optimizer's step with gradient(): θ ← rule(θ, dθ), in one pass.
    void update();

    /// The predicted class of each of `count` images starting at image `first`.
    /// \param data the images
    /// \param first the first image
    /// \param count how many
    /// \param out count labels
    void predict(const ImageSet& data, std::size_t first, std::size_t count, int* out);

    /// Time spent in each phase of train_step, summed since construction or reset_timing().
    const PhaseTimes& timing() const { return times_; }
    /// Zeroes timing().
    void reset_timing() { times_ = {}; }

private:
    void load(const ImageSet& data, const std::size_t* rows, std::size_t n);
    void forward(std::size_t n);
    float loss_and_output_gradient(const int* labels, std::size_t n);
    void backward(std::size_t n);
    void unfused_adam(const AdamStep<float>& s);
    template <class F>
    void each_parameter(F f);  // f(i) for every parameter, on the threads, in the update's mode
    int threads() const;

    MlpConfig config_;
    std::size_t layers_;
    std::vector<std::size_t> w_at_, b_at_;  // where layer l's W and b start in θ
    std::vector<float> theta_, grad_;       // θ and dθ
    std::vector<float> m_, v_;              // the optimizer's state (m, or the velocity; v)
    std::size_t steps_ = 0;                 // optimizer steps taken
    float beta1_t_ = 1, beta2_t_ = 1;       // β₁ᵗ, β₂ᵗ
    std::vector<std::vector<float>> A_;     // A⁽⁰⁾ = X, A⁽¹⁾, …, A⁽ᴸ⁾ (logits, then P)
    std::vector<std::vector<float>> dZ_;    // dZ⁽¹⁾ … dZ⁽ᴸ⁾
    std::vector<int> labels_;               // the batch's labels
    std::vector<float> row_loss_;           // each example's loss
    PhaseTimes times_;
};

}  // namespace nnref::fast
