/// \file
/// \brief Chapter 6 demo: batch, stochastic and mini-batch gradient descent on 1000
///        Fashion-MNIST images; the noise of a batch's gradient; three learning rates;
///        reproducibility from a seed; and what a damaged IDX file gives.
///
/// Run it with `nnref demo 6` (it needs Debian's dataset-fashion-mnist). The book runs it at
/// build time and plots its CSV files (chapters/06-descent/figures/*.gp).
#include "06-descent/descent.hpp"
#include "nnref/chapter/demo.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>

namespace nnref::ch06 {

namespace {

std::ofstream open_csv(const DemoContext& ctx, const std::string& name, const std::string& header) {
    std::ofstream f = open_output(ctx, name);
    f << header << "\n" << std::setprecision(6);
    return f;
}

struct Data {
    Dataset<f64> train, test;
};

void variants(const DemoContext& ctx, const Data& d) {
    auto& out = ctx.out;
    out << "2. Three variants, the same network, seed and budget: 10 epochs = 10000 gradient\n"
        << "   evaluations (one per example)\n\n"
        << "   variant      batch    lr   steps   train loss   train acc   test acc\n";
    std::ofstream epochs = open_csv(ctx, "descent_epochs.csv", "variant epoch examples loss");
    std::ofstream steps = open_csv(ctx, "descent_steps.csv", "variant examples batch_loss");
    struct Setting {
        Variant variant;
        std::size_t batch_size;
        f64 lr;
    };
    std::ostringstream times;  // one line for all three, after the table
    times << std::fixed << std::setprecision(1) << "   time, 10 epochs each:";
    int index = 0;
    for (const Setting s : {Setting{Variant::batch, 0, 0.3}, Setting{Variant::stochastic, 1, 0.01},
                            Setting{Variant::mini_batch, 32, 0.1}}) {
        MLP<f64> net = fashion_mnist_mlp<f64>();
        //! [variants]
        DescentOptions<f64> options;
        options.variant = s.variant;
        options.batch_size = s.batch_size;
        options.lr = s.lr;
        options.epochs = 10;
        options.seed = 6;
        const auto start = std::chrono::steady_clock::now();
        const DescentRun<f64> run = descend(net, d.train.X, d.train.Y, options);
        //! [variants]
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::size_t B = effective_batch_size(s.variant, s.batch_size, d.train.X.rows());
        out << "   " << std::left << std::setw(12) << name(s.variant) << std::right << std::setw(6)
            << B << std::setw(6) << s.lr << std::setw(8) << run.steps << std::fixed
            << std::setprecision(4) << std::setw(13) << run.epoch_loss.back() << std::setprecision(1)
            << std::setw(11) << 100 * accuracy(net, d.train.X, d.train.labels) << "%" << std::setw(10)
            << 100 * accuracy(net, d.test.X, d.test.labels) << "%\n"
            << std::defaultfloat << std::setprecision(6);
        times << (index == 0 ? " " : ", ") << name(s.variant) << " " << seconds << " s";
        for (std::size_t e = 0; e < run.epoch_loss.size(); ++e) {
            epochs << index << " " << e << " " << run.examples_seen[e] << " " << run.epoch_loss[e] << "\n";
        }
        std::size_t seen = 0;
        for (const f64 L : run.step_loss) {
            seen += B;
            steps << index << " " << seen << " " << L << "\n";
        }
        epochs << "\n\n";
        steps << "\n\n";  // gnuplot: a new data set per variant (index)
        ++index;
    }
    ctx.times << times.str() << "\n";
    out << "\n   Per epoch, batch descent takes 1 step and SGD 1000; both cost the same 1000\n"
        << "   gradient evaluations. SGD's steps are noisy but many, so it gets further for\n"
        << "   the same work; mini-batches keep most of that speed with far less noise, and\n"
        << "   on real hardware one step of 32 costs much less than 32 steps of 1.\n\n";
}

void noise(const DemoContext& ctx, const Data& d) {
    auto& out = ctx.out;
    out << "3. How noisy is a batch's gradient? At the initial weights, against the full\n"
        << "   gradient g of all 1000 examples, over 40 random batches of each size:\n\n"
        << "    batch B    mean |g_B - g|^2 / |g|^2    times B\n";
    const MLP<f64> net = fashion_mnist_mlp<f64>();
    const std::vector<f64> g = net.gradient(d.train.X, d.train.Y);
    f64 g2 = 0;
    for (const f64 v : g) {
        g2 += v * v;
    }
    std::ofstream csv = open_csv(ctx, "descent_noise.csv", "batch relative_noise");
    Rng rng(3);
    std::vector<std::size_t> order(d.train.X.rows());
    for (std::size_t n = 0; n < order.size(); ++n) {
        order[n] = n;
    }
    for (const std::size_t B : {1, 4, 16, 64, 256}) {
        f64 sum = 0;
        const int trials = 40;
        for (int t = 0; t < trials; ++t) {
            rng.shuffle(order);
            const std::vector<f64> gB = net.gradient(gather_rows(d.train.X, order, 0, B),
                                                     gather_rows(d.train.Y, order, 0, B));
            for (std::size_t k = 0; k < g.size(); ++k) {
                sum += (gB[k] - g[k]) * (gB[k] - g[k]);
            }
        }
        const f64 rel = sum / trials / g2;
        out << "   " << std::setw(8) << B << std::setw(24) << std::setprecision(3) << rel
            << std::setw(14) << rel * static_cast<f64>(B) << "\n";
        csv << B << " " << rel << "\n";
    }
    out << std::setprecision(6)
        << "\n   The error of a batch mean falls as 1/B (times (N - B)/(N - 1) when sampling\n"
        << "   without replacement), so 'times B' stays about constant until B nears N.\n\n";
}

void learning_rates(const DemoContext& ctx, const Data& d) {
    auto& out = ctx.out;
    out << "4. The learning rate: mini-batches of 32, 3 epochs, lr too small, good, too large\n\n";
    std::ofstream csv = open_csv(ctx, "descent_lr.csv", "lr epoch loss");
    for (const f64 lr : {0.001, 0.1, 20.0}) {
        MLP<f64> net = fashion_mnist_mlp<f64>();
        DescentOptions<f64> options;
        options.lr = lr;
        options.epochs = 3;
        options.seed = 6;
        options.throw_on_divergence = false;  // the demo reports it instead
        options.max_loss_growth = 2;  // a loss twice its start after an epoch: give up
        const DescentRun<f64> run = descend(net, d.train.X, d.train.Y, options);
        out << "   lr = " << std::setw(5) << lr << ": loss";
        for (std::size_t epoch = 0; epoch < run.epoch_loss.size(); ++epoch) {
            const f64 L = run.epoch_loss[epoch];
            out << " " << std::fixed << std::setprecision(3) << L << std::defaultfloat;
            csv << lr << " " << epoch << " " << L << "\n";
        }
        csv << "\n\n";
        out << "\n" << (run.diverged ? "              stopped: " + run.message + "\n" : "");
    }
    out << "\n   Too small crawls; too large jumps across the valley and the loss climbs. It\n"
        << "   stays finite (chapter 4's stable cross-entropy) but the run is useless, so the\n"
        << "   demo sets max_loss_growth = 2; a NaN or inf always stops a run.\n\n";
}

void reproducible(const DemoContext& ctx, const Data& d) {
    auto& out = ctx.out;
    out << "5. The same seed gives the same run, to the last bit\n";
    auto train = [&d](std::uint64_t seed) {
        MLP<f64> net = fashion_mnist_mlp<f64>();
        DescentOptions<f64> options;
        options.epochs = 1;
        options.seed = seed;
        descend(net, d.train.X, d.train.Y, options);
        return net.parameters();
    };
    const std::vector<f64> a = train(6), b = train(6), c = train(7);
    out << "   seed 6 twice: " << (a == b ? "identical" : "DIFFERENT") << " parameters; seed 7: "
        << (a == c ? "identical" : "different") << " (another order of the examples)\n\n";
}

void bad_files(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "6. Damaged IDX files are refused with the file and the problem\n";
    const auto path = ctx.out_dir / "tiny-images-idx3-ubyte.gz";
    write_idx(path, IdxArray{{3, 2, 2}, std::vector<std::uint8_t>(12, 7)});
    const std::string folder = ctx.out_dir.string() + "/";  // varies from run to run
    auto show = [&](const auto& attempt) { show_error(out, attempt, folder); };
    show([&] { read_idx_labels(path); });
    // Cut the last 5 bytes of the uncompressed file.
    const IdxArray whole = read_idx(path);
    const auto cut = ctx.out_dir / "cut-images-idx3-ubyte";
    write_idx(cut, whole);
    std::filesystem::resize_file(cut, std::filesystem::file_size(cut) - 5);
    show([&] { read_idx_images<f64>(cut); });
    show([&] { read_idx(ctx.out_dir / "no-such-file.gz"); });
    out << "\n";
}

}  // namespace

/// Runs the chapter 6 demo: batch, stochastic and mini-batch descent on a Fashion-MNIST
/// subset, the noise of a batch's gradient, the learning rate, reproducibility, and bad
/// IDX files. Writes the CSV files of the chapter's figures.
/// \return 0 on success
int demo(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "Chapter 6: gradient descent, by the batch, one example, or mini-batches\n\n";
    //! [data]
    const std::filesystem::path dir = fashion_mnist_dir(ctx.data_dir);  // see data/README.md
    const Data d{fashion_mnist_dataset<f64>(dir, "train", 1000),
                 fashion_mnist_dataset<f64>(dir, "t10k", 1000)};
    //! [data]
    out << "1. Data: the first 1000 training and 1000 test images of Fashion-MNIST, from\n"
        << "   " << dir.string() << "; 28 x 28 pixels scaled to [0, 1], 10 classes.\n"
        << "   Network: " << fashion_mnist_mlp<f64>().describe() << ", seed 1.\n\n";
    variants(ctx, d);
    noise(ctx, d);
    learning_rates(ctx, d);
    reproducible(ctx, d);
    bad_files(ctx);
    return 0;
}

}  // namespace nnref::ch06
