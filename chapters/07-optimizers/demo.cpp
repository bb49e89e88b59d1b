/// \file
/// \brief Chapter 7 demo: every optimizer's first steps on one number, Adam's bias correction
///        in numbers, where eps goes, and every optimizer on an ill-conditioned quadratic, on
///        the Rosenbrock function and on chapter 6's network and Fashion-MNIST images.
///
/// Run it with `nnref demo 7` (section 8 needs Debian's dataset-fashion-mnist). The book runs it at build time, quotes its output and plots the
/// CSV files it writes (see chapters/07-optimizers/figures/*.gp).
#include "06-descent/descent.hpp"
#include "07-optimizers/optimizers.hpp"
#include "07-optimizers/problems.hpp"
#include "nnref/chapter/demo.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>

namespace nnref::ch07 {

namespace {

using Vec = std::vector<f64>;

/// The two problems' step budget and target.
constexpr std::size_t max_steps = 60000;
constexpr f64 target = 1e-6;

void first_steps(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "1. The first three steps of each optimizer on f(theta) = 3 theta^2 / 2 from theta = 1\n"
        << "   (g = 3 theta; lr 0.1, mu 0.9, eps 1e-8, RMSprop beta2 0.9, Adam 0.9/0.999, AdamW\n"
        << "   weight_decay 0.1). Computed in hp50; the tests check all 50 digits against values\n"
        << "   worked out by hand.\n\n"
        << "   optimizer      theta_1          theta_2          theta_3\n";
    using R = hp50;
    const R lr = R(1) / R(10), mu = R(9) / R(10), eps = R("1e-8");
    std::vector<std::unique_ptr<Optimizer<R>>> all;
    all.push_back(std::make_unique<SGD<R>>(lr));
    all.push_back(std::make_unique<Momentum<R>>(lr, mu));
    all.push_back(std::make_unique<Nesterov<R>>(lr, mu));
    all.push_back(std::make_unique<AdaGrad<R>>(lr, eps));
    all.push_back(std::make_unique<RMSprop<R>>(lr, R(9) / R(10), eps));
    all.push_back(std::make_unique<Adam<R>>(lr, R(9) / R(10), R(999) / R(1000), eps));
    all.push_back(std::make_unique<AdamW<R>>(lr, R(1) / R(10), R(9) / R(10), R(999) / R(1000), eps));
    for (const auto& opt : all) {
        std::vector<R> theta = {R(1)};
        out << "   " << std::left << std::setw(10) << opt->name() << std::right;
        for (int t = 0; t < 3; ++t) {
            opt->step(theta, {R(3) * theta[0]});
            out << std::setw(17) << to_string(theta[0], 10);
        }
        out << "\n";
    }
    out << "\n";
}

void bias_correction(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "2. Why Adam corrects its averages: one step with g = 2 (lr 0.1, beta1 0.9, beta2 0.999)\n";
    //! [bias-correction]
    Adam<f64> adam(0.1);
    Vec theta = {0.0};
    adam.step(theta, {2.0});
    const f64 m = adam.m()[0], v = adam.v()[0];
    const f64 m_hat = m / (1 - 0.9), v_hat = v / (1 - 0.999);
    //! [bias-correction]
    out << std::setprecision(6) << "   m_1 = (1 - beta1) g  = " << m << ",  m_hat = m_1 / (1 - beta1)   = "
        << m_hat << "\n"
        << "   v_1 = (1 - beta2) g^2 = " << v << ", v_hat = v_1 / (1 - beta2) = " << v_hat << "\n"
        << "   the step, lr m_hat / (sqrt(v_hat) + eps) = " << -theta[0]
        << "   (= lr, whatever the size of g)\n"
        << "   without the correction, lr m / (sqrt(v) + eps) = " << 0.1 * m / (std::sqrt(v) + 1e-8)
        << " (= lr (1 - beta1) / sqrt(1 - beta2) = 3.16 lr)\n\n";
}

void eps_placement(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "3. Where eps goes: RMSprop's first step (beta2 0.9, eps 1e-8), in units of lr\n"
        << "        g      eps outside the root     eps inside the root\n"
        << "               g / (sqrt(v) + eps)      g / sqrt(v + eps)\n";
    for (const f64 g : {1.0, 1e-2, 1e-4, 1e-6}) {
        const f64 v = 0.1 * g * g, eps = 1e-8;
        RMSprop<f64> rms(1.0, 0.9, eps);
        Vec theta = {0.0};
        rms.step(theta, {g});
        out << std::setw(10) << std::setprecision(0) << std::scientific << g << std::fixed
            << std::setprecision(6) << std::setw(21) << -theta[0] << std::setw(24)
            << g / std::sqrt(v + eps) << "\n";
    }
    out << "   For large gradients the two agree to about eps / sqrt(v); for small ones eps\n"
        << "   decides the step, and the two conventions differ by orders of magnitude.\n\n";
}

/// Keeps the first 200 steps and then about 100 points per tenfold of steps, and the last.
bool keep(std::size_t t, std::size_t last) {
    return t <= 200 || t % std::max<std::size_t>(1, t / 100) == 0 || t == last;
}

void write_paths(std::ostream& f, const std::vector<Trajectory<f64>>& runs,
                 const std::vector<std::unique_ptr<Optimizer<f64>>>& opts) {
    f << std::setprecision(8);
    for (std::size_t k = 0; k < runs.size(); ++k) {
        f << "# " << opts[k]->name() << " " << opts[k]->hyper_parameters() << "\n# step x y f\n";
        const Trajectory<f64>& r = runs[k];
        for (std::size_t t = 0; t < r.path.size(); ++t) {
            if (keep(t, r.path.size() - 1)) {
                f << t << " " << r.path[t][0] << " " << r.path[t][1] << " " << r.loss[t] << "\n";
            }
        }
        f << "\n\n";  // gnuplot: two blank lines start the next data set (index k + 1)
    }
}

void write_grid(std::ostream& f, const Problem<f64>& p, f64 x0, f64 x1, f64 y0, f64 y1) {
    const int n = 161;
    f << "# x y f\n" << std::setprecision(6);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const Vec theta = {x0 + (x1 - x0) * j / (n - 1), y0 + (y1 - y0) * i / (n - 1)};
            f << theta[0] << " " << theta[1] << " " << p.f(theta) << "\n";
        }
        f << "\n";  // gnuplot: a blank line ends a row of the grid
    }
}

std::string steps_text(const Trajectory<f64>& r) {
    if (r.reached) {
        return std::to_string(r.steps);
    }
    return r.diverged ? "diverged at step " + std::to_string(r.steps)
                      : "not within " + std::to_string(max_steps);
}

/// The data of a problem's figures: every run's path in `<stem>_paths.csv`, and f on a grid
/// over the box [x0, x1] × [y0, y1] in `<stem>_grid.csv`, for the contours.
void write_figure_data(const DemoContext& ctx, const std::string& stem, const Problem<f64>& p,
                       const std::vector<Trajectory<f64>>& runs,
                       const std::vector<std::unique_ptr<Optimizer<f64>>>& opts,
                       const std::array<f64, 4>& box) {
    std::ofstream paths = open_output(ctx, stem + "_paths.csv");
    write_paths(paths, runs, opts);
    std::ofstream grid = open_output(ctx, stem + "_grid.csv");
    write_grid(grid, p, box[0], box[1], box[2], box[3]);
}

std::vector<Trajectory<f64>> race(const DemoContext& ctx, const Problem<f64>& p,
                                  const std::vector<std::unique_ptr<Optimizer<f64>>>& opts,
                                  const Problem<f64>* turned = nullptr) {
    auto& out = ctx.out;
    out << "   optimizer  steps to f < 1e-6" << (turned ? "   turned 30 deg" : "")
        << "   final f     hyper-parameters\n";
    std::vector<Trajectory<f64>> runs;
    for (const auto& opt : opts) {
        runs.push_back(minimize(*opt, p, max_steps, target));
        const Trajectory<f64>& r = runs.back();
        out << "   " << std::left << std::setw(10) << opt->name() << " " << std::setw(20)
            << steps_text(r);
        if (turned) {
            out << std::setw(16) << steps_text(minimize(*opt, *turned, max_steps, target));
        }
        out << std::right << std::scientific << std::setprecision(3) << r.loss.back() << std::fixed
            << "   " << opt->hyper_parameters() << "\n";
    }
    return runs;
}

void quadratic(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "4. An ill-conditioned quadratic, f = (x^2 + 100 y^2) / 2 (condition number 100),\n"
        << "   from (-8, 1.3), at most " << max_steps << " steps. Third column: the same bowl and\n"
        << "   start turned by 30 degrees, f = (u^2 + 100 w^2) / 2 with (x, y) = R(30 deg) (u, w).\n\n";
    const Problem<f64> bowl = quadratic_problem<f64>(100, {-8, 1.3});
    const std::vector<std::unique_ptr<Optimizer<f64>>> opts = quadratic_settings<f64>();
    // The turned bowl: the same problem seen in axes turned by 30 degrees, so that a method
    // that does not care about the axes takes exactly the same path, turned.
    const f64 c = std::sqrt(3.0) / 2, s = 0.5;  // cos 30°, sin 30°
    const Problem<f64> turned = {
        "turned quadratic",
        [=](const Vec& t) {
            const f64 u = c * t[0] + s * t[1], w = -s * t[0] + c * t[1];
            return (u * u + 100 * w * w) / 2;
        },
        [=](const Vec& t) {
            const f64 u = c * t[0] + s * t[1], w = -s * t[0] + c * t[1];
            return Vec{c * u - s * 100 * w, s * u + c * 100 * w};  // the chain rule through the turn
        },
        {c * -8 - s * 1.3, s * -8 + c * 1.3},
        {0, 0}};
    const std::vector<Trajectory<f64>> runs = race(ctx, bowl, opts, &turned);
    out << "\n";
    write_figure_data(ctx, "opt_quadratic", bowl, runs, opts, {-9, 3, -1.5, 1.5});
}

/// Momentum and Nesterov at the same learning rates, on both problems: the tables above give
/// each its own best lr, so they do not compare the two methods at one lr.
void same_lr(const DemoContext& ctx, const Problem<f64>& valley) {
    auto& out = ctx.out;
    const Problem<f64> bowl = quadratic_problem<f64>(100, {-8, 1.3});
    auto steps = [](Optimizer<f64>& opt, const Problem<f64>& p) -> std::string {
        const Trajectory<f64> r = minimize(opt, p, max_steps, target);
        return r.reached ? std::to_string(r.steps) : r.diverged ? "diverged" : "> 60000";
    };
    out << "   Momentum and Nesterov at the same lr (mu = 0.9), steps to f < 1e-6:\n\n"
        << "              quadratic             Rosenbrock\n"
        << "       lr   Momentum  Nesterov    Momentum  Nesterov\n";
    for (const f64 lr : {0.001, 0.002, 0.005, 0.01}) {
        Momentum<f64> momentum(lr);
        Nesterov<f64> nesterov(lr);
        out << "   " << std::setw(6) << std::defaultfloat << lr << std::fixed << std::setw(11)
            << steps(momentum, bowl) << std::setw(10) << steps(nesterov, bowl) << std::setw(12)
            << steps(momentum, valley) << std::setw(10) << steps(nesterov, valley) << "\n";
    }
    out << "   At the small rates the two take about as many steps. Nesterov gains at the larger\n"
        << "   rates of the quadratic, which momentum cannot use; on Rosenbrock it is the first\n"
        << "   to stop settling as the rate grows.\n\n";
}

void rosenbrock_race(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "5. The Rosenbrock function, f = (1 - x)^2 + 100 (y - x^2)^2, from (-1.2, 1) (f = 24.2),\n"
        << "   at most " << max_steps << " steps\n\n";
    const Problem<f64> valley = rosenbrock_problem<f64>();
    const std::vector<std::unique_ptr<Optimizer<f64>>> opts = rosenbrock_settings<f64>();
    const std::vector<Trajectory<f64>> runs = race(ctx, valley, opts);
    out << "\n";
    write_figure_data(ctx, "opt_rosenbrock", valley, runs, opts, {-1.6, 1.6, -0.5, 2});
    same_lr(ctx, valley);
}

void rmsprop_rattles(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "6. RMSprop at a larger lr does not settle: near (1, 1) each step is about lr in each\n"
        << "   coordinate, whatever the gradient. After " << max_steps << " steps on Rosenbrock:\n\n"
        << "       lr        final f     f / lr^2   final (x, y)\n";
    const Problem<f64> valley = rosenbrock_problem<f64>();
    for (const f64 lr : {1e-4, 1e-3, 1e-2}) {
        RMSprop<f64> rms(lr);
        const Trajectory<f64> r = minimize<f64>(rms, valley, max_steps, 0);
        const Vec& end = r.path.back();
        out << std::scientific << std::setprecision(0) << std::setw(9) << lr << std::setprecision(2)
            << std::setw(15) << r.loss.back() << std::fixed << std::setprecision(1) << std::setw(11)
            << r.loss.back() / (lr * lr) << std::setprecision(5) << "   (" << end[0] << ", "
            << end[1] << ")\n";
    }
    out << "   It ends in a two-step cycle between (1, 1) + (lr/2)(1, -1) and (1, 1) - (lr/2)(1, -1),\n"
        << "   where f = lr^2/4 + 100 (3 lr/2)^2 = 225.25 lr^2: the target 1e-6 needs lr < 6.7e-5.\n\n";
}

void weight_decay(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "7. AdamW's weight decay pulls theta towards 0, away from Rosenbrock's minimum (1, 1).\n"
        << "   Where AdamW (lr 0.002) is after " << max_steps << " steps:\n\n"
        << "   weight_decay    final f     final (x, y)\n";
    const Problem<f64> valley = rosenbrock_problem<f64>();
    for (const f64 lambda : {0.0, 0.01, 0.1, 1.0}) {
        AdamW<f64> adamw(0.002, lambda);
        const Trajectory<f64> r = minimize<f64>(adamw, valley, max_steps, 0);
        const Vec& end = r.path.back();
        out << std::setw(15) << std::setprecision(2) << lambda << std::scientific << std::setw(12)
            << std::setprecision(2) << r.loss.back() << std::fixed << std::setprecision(5) << "   ("
            << end[0] << ", " << end[1] << ")\n";
    }
    out << "   With weight_decay 0 AdamW is Adam. Decay is a regularizer: it changes the point\n"
        << "   the optimizer settles at, on purpose.\n\n";
}

// One optimizer, by name, with the learning rates it tries on the network: c/10, 3c/10, c,
// 3c, 10c and 30c around a centre c, the usual starting point for that rule. (Plain comments:
// documented, this struct in an unnamed namespace made Doxygen link every `name` quoted in the
// book to a member it never shows.)
struct LrGrid {
    const char* name;  // for make_optimizer
    f64 centre;        // c
    std::array<f64, 6> rates() const {
        return {centre / 10, 3 * centre / 10, centre, 3 * centre, 10 * centre, 30 * centre};
    }
};

constexpr std::array<LrGrid, 7> mlp_grids = {{{"sgd", 0.1},
                                              {"momentum", 0.01},
                                              {"nesterov", 0.01},
                                              {"adagrad", 0.01},
                                              {"rmsprop", 0.001},
                                              {"adam", 0.001},
                                              {"adamw", 0.001}}};

/// How many units of the hidden layer output 0 for every row of X: dead ReLUs, which get no
/// gradient from any example and so never change again.
std::size_t dead_hidden_units(const MLP<f64>& net, const Matrix<f64>& X) {
    const MlpForward<f64> f = net.forward(X);
    const Matrix<f64>& H = f.A.front();
    std::size_t dead = 0;
    for (std::size_t j = 0; j < H.cols(); ++j) {
        bool zero = true;
        for (std::size_t n = 0; n < H.rows() && zero; ++n) {
            zero = H(n, j) == 0;
        }
        dead += zero;
    }
    return dead;
}

/// Trains chapter 6's network from seed 1 for `epochs` epochs with the optimizer `name` at
/// learning rate `lr`, in chapter 6's loop: mini-batches of 32, reshuffled from seed 6.
DescentRun<f64> train_mlp(MLP<f64>& net, const Dataset<f64>& train, const std::string& name,
                          f64 lr, std::size_t epochs) {
    //! [mlp-train]
    const std::unique_ptr<Optimizer<f64>> optimizer = make_optimizer<f64>(name, lr);
    DescentOptions<f64> options;  // mini-batches of 32
    options.lr = lr;              // for descend's messages; the optimizer keeps its own
    options.epochs = epochs;
    options.seed = 6;
    options.throw_on_divergence = false;  // report it in the table instead
    options.max_loss_growth = 2;
    return descend(net, train.X, train.Y, options,
                   [&](std::vector<f64>& theta, const std::vector<f64>& grad) {
                       optimizer->step(theta, grad);  // the only change from chapter 6
                   });
    //! [mlp-train]
}

void mlp_race(const DemoContext& ctx) {
    auto& out = ctx.out;
    const std::filesystem::path dir = fashion_mnist_dir(ctx.data_dir);
    const Dataset<f64> train = fashion_mnist_dataset<f64>(dir, "train", 1000);
    const Dataset<f64> test = fashion_mnist_dataset<f64>(dir, "t10k", 1000);
    const std::size_t sweep_epochs = 2, epochs = 10;
    const f64 L0 = fashion_mnist_mlp<f64>().loss(train.X, train.Y);
    out << "8. Every optimizer on chapter 6's problem: the network "
        << fashion_mnist_mlp<f64>().describe() << "\n"
        << "   from seed 1, the first 1000 training images of Fashion-MNIST, mini-batches of 32\n"
        << "   reshuffled from seed 6; other hyper-parameters at their defaults.\n\n"
        << "   a) Each optimizer's learning rate: the training loss after " << sweep_epochs
        << " epochs (it starts at\n"
        << "      L0 = " << to_short_string(L0, 5) << "; 'diverged' means it more than doubled). 'good': how many\n"
        << "      of the six rates end below L0 / 2.\n\n";
    std::ofstream sweep = open_output(ctx, "opt_mlp_sweep.csv");
    sweep << std::setprecision(6);
    std::array<f64, mlp_grids.size()> best_lr{};
    std::ostringstream dead;  // dead hidden units after the largest rate
    for (std::size_t k = 0; k < mlp_grids.size(); ++k) {
        const LrGrid& grid = mlp_grids[k];
        std::ostringstream rates, losses;
        f64 best_loss = 0;
        int good = 0;
        sweep << "# " << grid.name << "\n# lr loss_after_" << sweep_epochs << "_epochs\n";
        for (const f64 lr : grid.rates()) {
            MLP<f64> net = fashion_mnist_mlp<f64>();
            const DescentRun<f64> run = train_mlp(net, train, grid.name, lr, sweep_epochs);
            const f64 L = run.epoch_loss.back();
            rates << std::setw(10) << std::defaultfloat << lr;
            losses << std::setw(10) << (run.diverged ? "diverged" : to_short_string(L, 4));
            sweep << lr << " " << L << "\n";
            good += !run.diverged && L < L0 / 2;
            if (lr == grid.rates().back()) {
                dead << (k == 0 ? "" : k == 4 ? ",\n      " : ", ")
                     << make_optimizer<f64>(grid.name, lr)->name() << " "
                     << dead_hidden_units(net, train.X);
            }
            if (!run.diverged && (best_lr[k] == 0 || L < best_loss)) {
                best_lr[k] = lr;
                best_loss = L;
            }
        }
        sweep << "\n\n";  // gnuplot: the next optimizer is the next data set
        const std::string name = make_optimizer<f64>(grid.name, grid.centre)->name();
        out << "   " << std::left << std::setw(10) << name << std::right << "  lr " << rates.str()
            << "   good\n   " << std::setw(10) << "" << "loss " << losses.str() << std::setw(7)
            << good << "\n";
    }
    out << "\n      Hidden units (of 32) that output 0 for all 1000 images after 2 epochs at 30c:\n      "
        << dead.str() << ".\n      A unit that is 0 for every input gets no gradient: it is dead for good.\n";
    out << "\n   b) " << epochs << " epochs at the best learning rate of a), chosen on the training loss\n\n"
        << "   optimizer       lr   train loss   train acc   test acc\n";
    std::ofstream curves = open_output(ctx, "opt_mlp_epochs.csv");
    curves << std::setprecision(6);
    std::ostringstream times;  // one line for all seven, after the table
    times << std::fixed << std::setprecision(1) << "   time, " << epochs << " epochs each:";
    for (std::size_t k = 0; k < mlp_grids.size(); ++k) {
        MLP<f64> net = fashion_mnist_mlp<f64>();
        const auto start = std::chrono::steady_clock::now();
        const DescentRun<f64> run = train_mlp(net, train, mlp_grids[k].name, best_lr[k], epochs);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::string name = make_optimizer<f64>(mlp_grids[k].name, best_lr[k])->name();
        out << "   " << std::left << std::setw(10) << name << std::right << std::defaultfloat
            << std::setw(8) << best_lr[k] << std::fixed << std::setprecision(4) << std::setw(13)
            << run.epoch_loss.back() << std::setprecision(1) << std::setw(11)
            << 100 * accuracy(net, train.X, train.labels) << "%" << std::setw(10)
            << 100 * accuracy(net, test.X, test.labels) << "%"
            << (run.diverged ? "  " + run.message : "") << "\n";
        times << (k == 0 ? " " : k == 4 ? ",\n     " : ", ") << name << " " << seconds << " s";
        curves << "# " << name << " lr=" << best_lr[k] << "\n# epoch loss\n";
        for (std::size_t e = 0; e < run.epoch_loss.size(); ++e) {
            curves << e << " " << run.epoch_loss[e] << "\n";
        }
        curves << "\n\n";
    }
    ctx.times << times.str() << "\n";
    out << "\n   RMSprop, Adam and AdamW divide each step by a running size of the gradient, so their\n"
        << "   good rates sit lower than SGD's and span a wider range. A rate picked on 2 epochs\n"
        << "   can be too large for 10: at a constant rate the loss keeps jumping (momentum, here).\n\n";
}

void bad_input(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "9. Bad hyper-parameters and mismatched sizes are refused with a message\n";
    auto show = [&out](const auto& attempt) { show_error(out, attempt); };
    show([] { SGD<f64>(0.0); });
    show([] { Adam<f64>(1e-3, 0.9, 1.0); });
    show([] { RMSprop<f64>(1e-3, 0.9, -1e-8); });
    show([] { AdamW<f64>(1e-3, -0.01); });
    show([] {
        Momentum<f64> momentum(0.1);
        Vec theta = {1.0, 2.0};
        momentum.step(theta, {0.5, 0.5});
        Vec other = {1.0, 2.0, 3.0};
        momentum.step(other, {0.5, 0.5, 0.5});
    });
}

}  // namespace

/// Runs the chapter 7 demo: the first steps of every optimizer on one number, Adam's bias
/// correction in numbers, and every optimizer on an ill-conditioned quadratic, on the
/// Rosenbrock function and on chapter 6's network and data. Writes the CSV files of the
/// figures (paths, contours, loss curves, learning-rate sweeps).
/// \return 0 on success
int demo(const DemoContext& ctx) {
    ctx.out << "Chapter 7: momentum and adaptive optimizers\n\n" << std::fixed;
    first_steps(ctx);
    bias_correction(ctx);
    eps_placement(ctx);
    quadratic(ctx);
    rosenbrock_race(ctx);
    rmsprop_rattles(ctx);
    weight_decay(ctx);
    mlp_race(ctx);
    bad_input(ctx);
    return 0;
}

}  // namespace nnref::ch07
