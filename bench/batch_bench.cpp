/// \file
/// \brief The batch-size bench: one training epoch of chapter 9's fast MLP at each mini-batch
///        size, powers of two and not, on 1 and 2 threads; and the matrix products of one
///        step alone at each size. Interleaved in one run; run it on an idle machine:
///
///     build/solutions/bench/nnref_bench_batch [--rounds 5] [--kept-rounds 3] [--product-rounds 9]
///                                             [--batches 32,64,...] [--csv batch_sizes.csv] [--data DIR]
///                                             [--verbose]
///
/// With the defaults it takes about 9 minutes.
///
/// **Epochs.** The work is `nnref train`'s default: 784-512-256-10, ReLU, Adam lr 1e-3, one
/// epoch of the 60000 Fashion-MNIST training images in the order of seed 1, timed by
/// fast::train (the training loop alone: no loading of the files, no test). An epoch is 144
/// GFLOP of matrix products whatever the batch size. Each epoch runs in one of two modes:
///  - flushed: the optimizer's pass flushes subnormal numbers (below 1.2e-38 in float) to
///    zero (fast::SubnormalsFlushed), as `nnref train` does by default. This mode measures
///    the batch size alone.
///  - kept: IEEE's gradual underflow, `nnref train --keep-subnormals`. Adam's first moment of
///    a weight whose gradient stays exactly zero (a pixel that is 0 in every image of many
///    batches in a row) shrinks by β₁ = 0.9 a step, becomes subnormal after some 700 steps
///    and stays there: at k times the smallest subnormal, k ≤ 5, 0.9·k rounds back to k. On
///    many CPUs an operation on a subnormal is many times slower, so the update slows down
///    after that many steps, and a small batch takes that many steps within its first epoch.
/// Each round runs every (mode, threads, batch) once, in the same order, so that a slow drift
/// of the machine spreads over all of them; a figure is its median over the rounds. The kept
/// mode runs in the first --kept-rounds rounds only (its effect is large, and its small
/// batches are slow).
///
/// **Products.** One step's matrix products (fast::mlp_products: forward, dW and dX, with
/// random operands) through fast::gemm, as many steps as take about 0.1 s; the fastest of 3
/// runs back to back, then the median over --product-rounds rounds (they are short), as
/// GFLOP/s. This isolates what the
/// micro-kernel's tile and the packing do with each batch size, from everything else a step
/// does.
///
/// **Adam over a long run** (`--adam-run FILE`, instead of the above): Adam's time per step
/// over 2400 steps of batch 128 on one thread (five epochs), in blocks of 100 steps, kept and
/// flushed: when the subnormals appear, and that they stay; and how many parameters had a
/// nonzero gradient once and then exactly zero for 100 steps or more (the candidates).
///
/// The summary has one line per measurement, for example
///
///     batch B: S s/epoch, U us/example, G GFLOP/s; forward+backward F s, update A s (median of R, T threads, flushed)
///     batch B: products G GFLOP/s (median of R, T threads)
///
/// and the CSV has one row per batch size with all of them (the book's
/// chapters/09-fast-mlp/figures/batch_sizes.csv is one such run).
#include "bench_util.hpp"
#include "09-fast-mlp/gemm.hpp"
#include "09-fast-mlp/mlp.hpp"
#include "09-fast-mlp/model.hpp"
#include "09-fast-mlp/train.hpp"
#include "nnref/core/random.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"
#include "nnref/io/idx.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace fast = nnref::fast;

namespace {

using nnref::bench::cpu_model;
using nnref::bench::finish_csv;
using nnref::bench::median;
using nnref::bench::utc_date;

double seconds_of(const auto& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::size_t> parse_sizes(const std::string& text) {
    std::vector<std::size_t> sizes;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        const long n = std::atol(part.c_str());
        if (n < 1 || n > 60000) {
            return {};
        }
        sizes.push_back(static_cast<std::size_t>(n));
    }
    return sizes;
}

int usage(const std::string& error) {
    std::cerr << "nnref_bench_batch: " << error << "\n"
              << "usage: nnref_bench_batch [--rounds N] [--kept-rounds N] [--batches B,B,...] [--csv FILE]"
                 " [--product-rounds N] [--data DIR] [--verbose]\n"
              << "       nnref_bench_batch --adam-run FILE [--adam-steps N]   Adam's time per step, kept and flushed\n";
    return 2;
}

/// Fashion-MNIST's training images, from `given` or where data/README.md says, read with
/// nnref::read_idx. (Not with fashion_mnist_images(): inlined into this file, its error
/// message's strings draw a false -Wrestrict warning from GCC 12, its bug 105329.)
nnref::ImageSet training_images(const std::string& given) {
    const std::filesystem::path dir = given.empty() ? nnref::fashion_mnist_dir() : std::filesystem::path(given);
    const auto file = [&dir](const std::string& name) {
        const std::filesystem::path gz = dir / (name + ".gz");
        return std::filesystem::exists(gz) ? gz : dir / name;
    };
    nnref::IdxArray images = nnref::read_idx(file("train-images-idx3-ubyte"));
    nnref::IdxArray labels = nnref::read_idx(file("train-labels-idx1-ubyte"));
    if (images.dims.size() != 3 || labels.dims.size() != 1 || labels.dims[0] != images.dims[0]) {
        throw nnref::input_error("nnref_bench_batch: " + dir.string() + " does not hold Fashion-MNIST");
    }
    nnref::ImageSet set;
    set.count = images.dims[0];
    set.pixels = std::size_t{images.dims[1]} * images.dims[2];
    set.images = std::move(images.data);
    set.labels = std::move(labels.data);
    return set;
}

/// One product of a step, with random operands stored as its transposes ask.
struct Operands {
    fast::Product shape;
    std::vector<float> A, B, C;
};

/// The products of one training step at batch size `batch`.
std::vector<Operands> step_products(std::size_t batch, const std::vector<std::size_t>& widths) {
    nnref::Rng rng(batch);
    std::vector<Operands> step;
    for (const fast::Product& p : fast::mlp_products(batch, widths)) {
        Operands o{p, std::vector<float>(p.M * p.K), std::vector<float>(p.K * p.N), std::vector<float>(p.M * p.N)};
        for (float& x : o.A) {
            x = static_cast<float>(rng.uniform(-1.0, 1.0));
        }
        for (float& x : o.B) {
            x = static_cast<float>(rng.uniform(-1.0, 1.0));
        }
        step.push_back(std::move(o));
    }
    return step;
}

/// Runs the products of `steps` steps on `threads` threads.
void run_products(std::vector<Operands>& step, int steps, int threads) {
    for (int s = 0; s < steps; ++s) {
        for (Operands& o : step) {
            const fast::Product& p = o.shape;
            fast::GemmOptions options;
            options.a = p.a;
            options.b = p.b;
            options.threads = threads;
            fast::gemm(p.M, p.N, p.K, o.A.data(), p.a == fast::Op::transpose ? p.M : p.K, o.B.data(),
                       p.b == fast::Op::transpose ? p.K : p.N, o.C.data(), p.N, options);
        }
    }
}

struct Times {
    std::vector<double> epoch, update, products;  // one entry per round
};

/// --adam-run: the time of Adam's update, per step, over `steps` steps of batch 128 on one
/// thread, in blocks of 100 steps, kept and flushed side by side. The steps follow
/// fast::train's order: a reshuffle from the seed at every epoch, then consecutive batches.
int adam_run(const nnref::ImageSet& train, const std::string& csv, std::size_t steps) {
    constexpr std::size_t batch = 128, block = 100;
    std::vector<std::vector<double>> ms(2);  // [kept, flushed][block]: ms per step
    std::vector<std::size_t> idle;           // [block]: parameters whose gradient has been 0 for 100 steps
    for (const bool flushed : {false, true}) {
        fast::MlpConfig config;
        config.batch = batch;
        config.threads = 1;
        config.flush_subnormals = flushed;
        fast::FastMlp net(config);
        std::vector<std::size_t> order(train.count);
        for (std::size_t n = 0; n < order.size(); ++n) {
            order[n] = n;
        }
        nnref::Rng rng(config.seed);
        double before = 0;
        // Per parameter: steps since its gradient was last nonzero (-1: never yet nonzero).
        std::vector<long> quiet(net.parameters().size(), -1);
        for (std::size_t step = 0, first = train.count; step < steps; ++step, first += batch) {
            if (first + batch > train.count) {  // a new epoch (its last, smaller batch is skipped)
                rng.shuffle(order);
                first = 0;
            }
            net.train_step(train, order.data() + first, batch);
            const std::vector<float>& g = net.gradient();
            for (std::size_t k = 0; k < g.size(); ++k) {
                quiet[k] = g[k] != 0.0f ? 0 : quiet[k] < 0 ? -1 : quiet[k] + 1;
            }
            if ((step + 1) % block == 0) {
                ms[flushed].push_back(1e3 * (net.timing().update - before) / block);
                before = net.timing().update;
                if (!flushed) {
                    idle.push_back(static_cast<std::size_t>(
                        std::count_if(quiet.begin(), quiet.end(), [](long q) { return q >= 100; })));
                }
            }
        }
    }
    std::ofstream out(csv + ".part");
    out << "# nnref_bench_batch --adam-run, " << utc_date() << ", " << cpu_model()
        << ": Adam's update, ms per step, batch 128, 1 thread,"
        << " in blocks of " << block << " steps; idle: parameters whose gradient was nonzero once and has been"
        << " exactly 0 for the last 100 steps or more (kept run)\n# last_step kept flushed idle\n"
        << std::fixed << std::setprecision(3);
    for (std::size_t b = 0; b < ms[0].size(); ++b) {
        out << (b + 1) * block << " " << ms[0][b] << " " << ms[1][b] << " " << idle[b] << "\n";
        std::cout << std::fixed << std::setprecision(3) << "steps " << b * block + 1 << "-" << (b + 1) * block
                  << ": update " << ms[0][b] << " ms/step kept, " << ms[1][b] << " ms/step flushed; " << idle[b]
                  << " parameters idle for 100 steps\n";
    }
    return finish_csv(out, csv, "nnref_bench_batch");
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = 5, kept_rounds = 3, product_rounds = 9;
    bool verbose = false;
    std::string csv = "batch_sizes.csv", data, adam_csv;
    std::size_t adam_steps = 2400;
    std::vector<std::size_t> batches = {32, 64, 96, 100, 120, 127, 128, 129, 160, 192, 256, 384, 512, 1000, 1024};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--verbose") {
            verbose = true;
            continue;
        }
        if (i + 1 >= argc) {
            return usage("'" + arg + "' needs a value");
        }
        const std::string value = argv[++i];
        if (arg == "--rounds") {
            rounds = std::atoi(value.c_str());
        } else if (arg == "--kept-rounds") {
            kept_rounds = std::atoi(value.c_str());
        } else if (arg == "--product-rounds") {
            product_rounds = std::atoi(value.c_str());
        } else if (arg == "--batches") {
            batches = parse_sizes(value);
            if (batches.empty()) {
                return usage("--batches takes sizes from 1 to 60000, as in 32,64,100");
            }
        } else if (arg == "--csv") {
            csv = value;
        } else if (arg == "--data") {
            data = value;
        } else if (arg == "--adam-run") {
            adam_csv = value;
        } else if (arg == "--adam-steps") {
            adam_steps = static_cast<std::size_t>(std::max(100, std::atoi(value.c_str())));
        } else {
            return usage("unknown option '" + arg + "'");
        }
    }
    if (rounds < 1 || kept_rounds < 0 || kept_rounds > rounds || product_rounds < 1) {
        return usage("need --rounds >= 1, 0 <= --kept-rounds <= --rounds and --product-rounds >= 1");
    }
    const std::vector<int> thread_counts = {1, 2};
    std::vector<bool> modes = {true};  // flushed first, then kept
    if (!fast::SubnormalsFlushed::supported()) {
        modes = {false};  // no flushing here: only the kept mode
        kept_rounds = rounds;
    } else if (kept_rounds > 0) {
        modes.push_back(false);
    }
    const auto mode_name = [](bool flushed) { return flushed ? "flushed" : "kept"; };

    const nnref::ImageSet train = training_images(data);
    if (!adam_csv.empty()) {
        return adam_run(train, adam_csv, adam_steps);
    }
    const nnref::ImageSet no_test;  // no test after the epoch
    const std::vector<std::size_t> widths = {784, 512, 256, 10};
    const double images = static_cast<double>(train.count);
    const double gflop = images * fast::mlp_step_flops(1, widths) / 1e9;  // linear in the batch
    const fast::Target& target = fast::target();
    std::cout << "Batch-size bench on " << cpu_model() << "\nnnref target " << fast::describe(target) << "\n"
              << "one epoch of 784-512-256-10, Adam, " << train.count << " images (" << std::fixed
              << std::setprecision(1) << gflop << " GFLOP of products)\n";
    std::map<std::size_t, std::vector<Operands>> products;
    for (const std::size_t batch : batches) {
        products[batch] = step_products(batch, widths);
    }

    std::map<std::tuple<bool, int, std::size_t>, Times> times;
    std::map<std::pair<int, std::size_t>, std::vector<double>> product_gflops;
    for (int r = 0; r < std::max(rounds, product_rounds); ++r) {
        for (const bool flushed : modes) {
            if (r >= rounds || (!flushed && r >= kept_rounds)) {
                continue;
            }
            for (const int threads : thread_counts) {
                for (const std::size_t batch : batches) {
                    fast::MlpConfig config;
                    config.batch = batch;
                    config.threads = threads;
                    config.flush_subnormals = flushed;
                    fast::FastMlp net(config);
                    const fast::EpochResult e = fast::train(net, train, no_test, 1).front();
                    if (verbose) {
                        std::cerr << "round " << r + 1 << " " << mode_name(flushed) << " " << threads
                                  << " thread(s) batch " << batch << ": " << e.seconds << " s\n";
                    }
                    Times& t = times[{flushed, threads, batch}];
                    t.epoch.push_back(e.seconds);
                    t.update.push_back(e.phases.update);
                    t.products.push_back(e.phases.forward + e.phases.backward);
                }
            }
        }
        for (const int threads : thread_counts) {
            for (const std::size_t batch : batches) {
                std::vector<Operands>& step = products[batch];
                const double step_flops = fast::mlp_step_flops(batch, widths);
                const int steps = std::max(1, static_cast<int>(1e10 / step_flops));  // about 0.1 s
                run_products(step, 1, threads);  // warm: the packing buffers, the caches
                double best = 1e30;
                for (int k = 0; k < 3; ++k) {
                    best = std::min(best, seconds_of([&] { run_products(step, steps, threads); }));
                }
                product_gflops[{threads, batch}].push_back(steps * step_flops / best / 1e9);
            }
        }
        std::cerr << "round " << r + 1 << " of " << std::max(rounds, product_rounds) << " done\n";
    }

    std::cout << "\nmedians of the interleaved rounds:\n";
    for (const bool flushed : modes) {
        for (const int threads : thread_counts) {
            for (const std::size_t batch : batches) {
                const Times& t = times[{flushed, threads, batch}];
                const double s = median(t.epoch);
                std::cout << std::setprecision(3) << "batch " << batch << ": " << s << " s/epoch, "
                          << std::setprecision(2) << 1e6 * s / images << " us/example, " << std::setprecision(1)
                          << gflop / s << " GFLOP/s; forward+backward " << std::setprecision(3)
                          << median(t.products) << " s, update " << median(t.update) << " s (median of "
                          << t.epoch.size() << ", " << threads << (threads == 1 ? " thread, " : " threads, ")
                          << mode_name(flushed) << ")\n";
            }
        }
    }
    for (const int threads : thread_counts) {
        for (const std::size_t batch : batches) {
            std::cout << "batch " << batch << ": products " << std::setprecision(1)
                      << median(product_gflops[{threads, batch}]) << " GFLOP/s (median of " << product_rounds << ", "
                      << threads << (threads == 1 ? " thread)\n" : " threads)\n");
        }
    }

    std::ofstream out(csv + ".part");
    out << std::fixed << std::setprecision(1);
    out << "# nnref_bench_batch, " << utc_date() << ", " << cpu_model() << ", " << fast::describe(target) << "\n"
        << "# one epoch of 784-512-256-10, Adam, " << train.count << " images (" << gflop
        << " GFLOP); medians of " << rounds << " rounds (flushed), " << kept_rounds << " (kept) and "
        << product_rounds << " (products); min and max over the rounds\n"
        << "# batch power_of_two multiple_of_mr steps";
    for (const bool flushed : modes) {
        for (const int threads : thread_counts) {
            const std::string tag = std::string(mode_name(flushed)) + "_" + std::to_string(threads) + "t";
            out << " s_epoch_" << tag << " us_example_" << tag << " min_us_" << tag << " max_us_" << tag
                << " update_s_" << tag << " fwd_bwd_s_" << tag;
        }
    }
    for (const int threads : thread_counts) {
        out << " products_gflops_" << threads << "t";
    }
    out << "\n";
    for (const std::size_t batch : batches) {
        out << batch << " " << ((batch & (batch - 1)) == 0) << " " << (batch % target.mr == 0) << " "
            << (train.count + batch - 1) / batch;
        for (const bool flushed : modes) {
            for (const int threads : thread_counts) {
                const Times& t = times[{flushed, threads, batch}];
                const auto [lo, hi] = std::minmax_element(t.epoch.begin(), t.epoch.end());
                out << std::setprecision(4) << " " << median(t.epoch) << std::setprecision(3) << " "
                    << 1e6 * median(t.epoch) / images << " " << 1e6 * *lo / images << " " << 1e6 * *hi / images
                    << std::setprecision(4) << " " << median(t.update) << " " << median(t.products);
            }
        }
        for (const int threads : thread_counts) {
            out << std::setprecision(1) << " " << median(product_gflops[{threads, batch}]);
        }
        out << "\n";
    }
    return finish_csv(out, csv, "nnref_bench_batch");
}
