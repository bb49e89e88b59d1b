/// \file
/// \brief Chapter 9 demo: the CPU target and its blocks, where a training step's time goes,
///        every stage of the matrix product checked against the exact result, the same bits
///        for any thread count, one timing of each stage; then the fast MLP on a few thousand
///        Fashion-MNIST images, its thread count and its fusion.
///
/// Run it with `nnref demo 9` (part 2 needs Debian's dataset-fashion-mnist). What it prints
/// on stdout is the same on every run; the times, one run each for a feel of the stages, go to
/// DemoContext::times (stderr). The measurements the page quotes come from
/// bench/gemm_bench.cpp, which repeats and interleaves them, next to OpenBLAS.
#include "nnref/chapter/demo.hpp"
#include "09-fast-mlp/accuracy.hpp"
#include "09-fast-mlp/gemm.hpp"
#include "09-fast-mlp/model.hpp"
#include "09-fast-mlp/train.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/random.hpp"
#include "nnref/core/text.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"

#include <chrono>
#include <cstring>
#include <functional>
#include <iomanip>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace nnref::ch09 {

namespace {

using fast::Fused;
using fast::GemmOptions;
using fast::Op;

std::vector<float> random_floats(std::size_t n, Rng& rng) {
    std::vector<float> v(n);
    for (float& x : v) {
        x = static_cast<float>(rng.uniform(-1.0, 1.0));
    }
    return v;
}

/// Layer 1's forward product, 128 × 784 times 784 × 512, with random factors from a seed:
/// flat floats for the fast stages, and Matrix<float> for the reference.
struct LayerOne {
    std::size_t M = 128, N = 512, K = 784;
    std::vector<float> A, B, C;
    Matrix<float> Am, Bm;
};

LayerOne layer_one(std::uint64_t seed) {
    LayerOne p;
    Rng rng(seed);
    p.A = random_floats(p.M * p.K, rng);
    p.B = random_floats(p.K * p.N, rng);
    p.C.resize(p.M * p.N);
    p.Am = Matrix<float>(p.M, p.K);
    p.Bm = Matrix<float>(p.K, p.N);
    std::memcpy(&p.Am[0], p.A.data(), p.A.size() * sizeof(float));
    std::memcpy(&p.Bm[0], p.B.data(), p.B.size() * sizeof(float));
    return p;
}

void target(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "1. The CPU target, picked at run time from what this CPU supports:\n   "
        << fast::describe(fast::target()) << "\n   this CPU runs: "
        << join(fast::targets(), ", ", [](const fast::Target* t) { return std::string(t->name); })
        << "\n\n";
}

void where_the_time_goes(const DemoContext& ctx) {
    auto& out = ctx.out;
    const std::vector<std::size_t> widths = {784, 512, 256, 10};
    const std::size_t batch = 128;
    const double step = fast::mlp_step_flops(batch, widths);
    out << "2. One training step of 784-512-256-10 at batch 128: the matrix products\n"
        << "   product                          M x N x K            MFLOP   share  FLOP/byte\n";
    for (const fast::Product& p : fast::mlp_products(batch, widths)) {
        const double flops = fast::gemm_flops(p.M, p.N, p.K);
        out << "   " << std::left << std::setw(32) << p.name << " " << std::setw(18)
            << cat(p.M, " x ", p.N, " x ", p.K) << std::right << std::fixed << std::setprecision(1)
            << std::setw(8) << flops / 1e6 << std::setw(7) << 100 * flops / step << "%"
            << std::setw(10) << fast::arithmetic_intensity(p.M, p.N, p.K) << "\n";
    }
    // The rest of a step touches each parameter or activation a few times, not once per
    // product term: Adam about 15 FLOPs per parameter; the bias, the activation, its
    // derivative and the softmax about 10 per activation.
    std::size_t parameters = 0, activations = 0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        parameters += widths[l] * widths[l + 1] + widths[l + 1];
        activations += batch * widths[l + 1];
    }
    const double rest =
        15.0 * static_cast<double>(parameters) + 10.0 * static_cast<double>(activations);
    out << "   all products: " << std::setprecision(1) << step / 1e6 << " MFLOP a step, "
        << std::setprecision(1) << step * 469 / 1e9
        << " GFLOP an epoch of 60000 images (469 steps)\n"
        << "   everything else (bias, activations, softmax, Adam on " << parameters
        << " parameters): about " << rest / 1e6 << " MFLOP,\n   so the products are "
        << std::setprecision(2) << 100 * step / (step + rest) << "% of the arithmetic\n\n";
}

/// The stages, each a call that computes C = AB for layer 1's product.
std::vector<std::pair<std::string, std::function<void(LayerOne&)>>> stages() {
    return {
        {"0 reference matmul",
         [](LayerOne& p) {
             const Matrix<float> C = matmul(p.Am, p.Bm);
             std::memcpy(p.C.data(), &C[0], p.C.size() * sizeof(float));
         }},
        {"1 loop order i-j-k",
         [](LayerOne& p) { fast::matmul_ijk(p.M, p.N, p.K, p.A.data(), p.B.data(), p.C.data()); }},
        {"1 loop order i-k-j",
         [](LayerOne& p) { fast::matmul_ikj(p.M, p.N, p.K, p.A.data(), p.B.data(), p.C.data()); }},
        {"2 cache blocks",
         [](LayerOne& p) {
             fast::matmul_blocked(p.M, p.N, p.K, p.A.data(), p.B.data(), p.C.data());
         }},
        {"3 packed micro-kernel",
         [](LayerOne& p) {
             fast::gemm_packed(p.M, p.N, p.K, p.A.data(), p.K, p.B.data(), p.N, p.C.data(), p.N);
         }},
        {"4 two threads",
         [](LayerOne& p) {
             GemmOptions two;
             two.threads = 2;
             fast::gemm(p.M, p.N, p.K, p.A.data(), p.K, p.B.data(), p.N, p.C.data(), p.N, two);
         }},
    };
}

void stages_are_exact_enough(const DemoContext& ctx) {
    auto& out = ctx.out;
    LayerOne p = layer_one(9);
    out << "3. Each stage on " << p.M << " x " << p.K << " times " << p.K << " x " << p.N
        << ", against the same product in double:\n"
        << "   the worst |error| / bound, where the bound is gamma(K+2) sum |a||b| "
           "(accuracy.hpp)\n";
    for (const auto& [stage, run] : stages()) {
        run(p);
        const fast::ErrorCheck e = fast::check_against_double(
            p.M, p.N, p.K, p.A.data(), p.K, p.B.data(), p.N, nullptr, p.C.data(), p.N, {});
        out << "   " << std::left << std::setw(26) << stage << std::right << std::setprecision(4)
            << std::fixed << e.ratio << (e.ratio <= 1 ? "  within" : "  OUTSIDE") << "\n";
    }
    out << "   Stages 0 to 2 add each entry's terms one after another, k = 0, 1, ...; stages 3\n"
        << "   and 4 add them in blocks of kc, then add the blocks: shorter sums, smaller "
           "errors.\n\n";
}

void same_bits(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "4. The same bits for any thread count, on each product of a training step:\n";
    Rng rng(4);
    std::size_t identical = 0, total = 0;
    for (const fast::Product& p : fast::mlp_products(128, {784, 512, 256, 10})) {
        const std::size_t a_size = p.M * p.K, b_size = p.K * p.N;
        const std::vector<float> A = random_floats(a_size, rng), B = random_floats(b_size, rng);
        const std::size_t lda = p.a == Op::transpose ? p.M : p.K,
                          ldb = p.b == Op::transpose ? p.K : p.N;
        std::vector<float> one(p.M * p.N), many(p.M * p.N);
        GemmOptions o{p.a, p.b};
        o.threads = 1;
        fast::gemm(p.M, p.N, p.K, A.data(), lda, B.data(), ldb, one.data(), p.N, o);
        for (const int threads : {2, 3, 4}) {
            o.threads = threads;
            fast::gemm(p.M, p.N, p.K, A.data(), lda, B.data(), ldb, many.data(), p.N, o);
            identical += std::memcmp(one.data(), many.data(), one.size() * sizeof(float)) == 0;
            ++total;
        }
    }
    out << "   " << identical << " of " << total
        << " runs with 2, 3 or 4 threads gave exactly the bits of 1 thread\n\n";
}

double seconds_of(const std::function<void()>& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void one_timing_each(const DemoContext& ctx) {
    auto& out = ctx.out;
    LayerOne p = layer_one(1);
    const double flops = fast::gemm_flops(p.M, p.N, p.K);
    out << "5. One run of each stage on layer 1's forward product, timed, and the FMA peak of one\n"
        << "   core: the times go to stderr, as they vary from run to run (bench/gemm_bench.cpp\n"
        << "   measures them properly, next to OpenBLAS)\n";
    auto& times = ctx.times;
    times << "   time of one run of each stage on layer 1's forward product:\n";
    for (const auto& entry : stages()) {
        const auto& run = entry.second;  // (a lambda cannot capture a structured binding in C++20)
        run(p);                          // once to warm the caches and the packing buffers
        const double s = seconds_of([&] { run(p); });
        times << "   " << std::left << std::setw(26) << entry.first << std::right << std::fixed
              << std::setprecision(3) << std::setw(8) << s * 1e3 << " ms" << std::setprecision(1)
              << std::setw(8) << flops / s / 1e9 << " GFLOP/s\n";
    }
    times << "   the FMA peak of one core, measured: " << std::setprecision(1)
          << fast::measure_peak_gflops(fast::target(), 1, 0.1) << " GFLOP/s\n";
}

// ---- Part 2: the fast MLP --------------------------------------------------------------------

void train_a_little(const DemoContext& ctx, const ImageSet& train, const ImageSet& test) {
    auto& out = ctx.out;
    out << "\nPart 2: the fast MLP\n\n"
        << "6. 784-512-256-10, ReLU, Adam lr 0.001, batch 128, seed 1, on the first " << train.count
        << " training\n   images for 3 epochs, tested on the first " << test.count << " test images:\n";
    fast::FastMlp net(fast::MlpConfig{});
    //! [train]
    const std::vector<fast::EpochResult> epochs = fast::train(net, train, test, 3);
    //! [train]
    auto& times = ctx.times;
    times << "   time of each epoch:" << std::fixed << std::setprecision(3);
    for (const fast::EpochResult& r : epochs) {
        out << "   epoch " << r.epoch << ": train loss " << std::fixed << std::setprecision(4) << r.train_loss
            << ", test accuracy " << std::setprecision(1) << 100 * r.test_accuracy << "%\n";
        times << (r.epoch == 1 ? " " : ", ") << r.seconds << " s";
    }
    const fast::PhaseTimes& t = epochs.back().phases;
    const double all = t.load + t.forward + t.activation + t.loss + t.backward + t.update;
    times << "\n   where epoch 3's time went: forward GEMMs " << std::setprecision(0)
          << 100 * t.forward / all << "%, backward GEMMs and bias gradients "
          << 100 * t.backward / all << "%, Adam " << 100 * t.update / all
          << "%,\n   loading the bytes " << 100 * t.load / all << "%, softmax and loss "
          << 100 * t.loss / all << "%\n";
    out << "\n";
}

void same_weights_any_threads(const DemoContext& ctx, const ImageSet& train) {
    auto& out = ctx.out;
    std::vector<std::vector<float>> weights;
    for (const int threads : {1, 2}) {
        fast::MlpConfig c;
        c.threads = threads;
        fast::FastMlp net(c);
        fast::train(net, train, {}, 1);
        weights.push_back(net.parameters());
    }
    const bool same = std::memcmp(weights[0].data(), weights[1].data(), weights[0].size() * sizeof(float)) == 0;
    out << "7. One epoch with 1 thread and with 2: the " << weights[0].size() << " weights are "
        << (same ? "the same, bit for bit" : "DIFFERENT") << "\n\n";
}

void what_fusion_buys(const DemoContext& ctx, const ImageSet& train) {
    auto& out = ctx.out;
    out << "8. Fused (bias and ReLU in the GEMM's epilogue, Adam in one pass) against unfused\n"
        << "   (each in passes of its own), one epoch each (one run: the bench measures it properly):\n";
    std::vector<std::vector<float>> weights;
    for (const bool fused : {true, false}) {
        fast::MlpConfig c;
        c.fused = fused;
        fast::FastMlp net(c);
        const auto r = fast::train(net, train, {}, 1);
        weights.push_back(net.parameters());
        ctx.times << "   time of one epoch " << (fused ? "fused:   " : "unfused: ") << std::fixed
                  << std::setprecision(3) << r[0].seconds << " s\n";
    }
    const bool same = std::memcmp(weights[0].data(), weights[1].data(), weights[0].size() * sizeof(float)) == 0;
    out << "   the weights after the epoch: " << (same ? "the same, bit for bit" : "DIFFERENT") << "\n";
}

}  // namespace

/// Runs the chapter 9 demo: the target, the FLOPs of a training step, each stage of the matrix
/// product against the exact result, the same bits for any thread count, one timing of each
/// stage; then the fast MLP trained on 3000 Fashion-MNIST images, the same weights for 1 and 2
/// threads, and fused against unfused.
/// \return 0 on success
int demo(const DemoContext& ctx) {
    ctx.out << "Chapter 9, part 1: a fast float32 matrix product\n\n";
    target(ctx);
    where_the_time_goes(ctx);
    stages_are_exact_enough(ctx);
    same_bits(ctx);
    one_timing_each(ctx);
    const std::filesystem::path dir = fashion_mnist_dir(ctx.data_dir);
    const ImageSet train = fashion_mnist_images(dir, "train", 3000);
    const ImageSet test = fashion_mnist_images(dir, "t10k", 1000);
    train_a_little(ctx, train, test);
    same_weights_any_threads(ctx, train);
    what_fusion_buys(ctx, train);
    return 0;
}

}  // namespace nnref::ch09
