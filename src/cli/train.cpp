/// \file
/// \brief `nnref train` and `nnref eval` (train.hpp).
///
///     nnref train --epochs 10 --out model.nnref --log train.csv
///     nnref eval --model model.nnref
#include "cli/train.hpp"

#include "09-fast-mlp/gemm.hpp"
#include "09-fast-mlp/train.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"
#include "nnref/io/model.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace nnref::cli {

namespace {

namespace fs = std::filesystem;

/// Set by Ctrl-C; the training loop stops before its next step.
std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted.store(true); }

/// Installs the Ctrl-C handler for one scope, and puts back the one before.
class InterruptGuard {
public:
    InterruptGuard() : old_(std::signal(SIGINT, on_interrupt)) { interrupted.store(false); }
    ~InterruptGuard() { std::signal(SIGINT, old_); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    void (*old_)(int);
};

/// --data, or Fashion-MNIST's place as data/README.md says (nnref's own data folder is
/// optional here: it only adds <data>/fashion-mnist to the places searched).
fs::path data_folder(const fs::path& given) {
    if (!given.empty()) {
        return given;
    }
    fs::path data;
    try {
        data = data_dir();
    } catch (const input_error&) {
    }
    return fashion_mnist_dir(data);
}

std::vector<std::size_t> parse_layers(const std::string& text) {
    std::vector<std::size_t> widths;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        std::size_t used = 0;
        unsigned long long w = 0;
        try {
            w = std::stoull(part, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != part.size() || w == 0 || w > 1'000'000) {
            throw input_error(cat("--layers '", text, "': '", part,
                                  "' is not a width; write whole numbers from 1 up, as in 784,512,256,10"));
        }
        widths.push_back(static_cast<std::size_t>(w));
    }
    if (widths.size() < 2) {
        throw input_error(cat("--layers '", text, "': give the inputs and at least one layer, as in 784,10"));
    }
    return widths;
}

Activation parse_activation(const std::string& text) {
    for (const Activation a : {Activation::relu, Activation::leaky_relu, Activation::tanh, Activation::sigmoid}) {
        if (text == name(a)) {
            return a;
        }
    }
    throw input_error(cat("--activation '", text, "': the fast MLP has relu, leaky_relu, tanh and sigmoid"));
}

/// The progress of an epoch: a bar that redraws itself on a terminal, plain lines elsewhere.
class Progress {
public:
    Progress(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

    void start(std::size_t epoch, std::size_t epochs) {
        epoch_ = epoch;
        epochs_ = epochs;
        start_ = last_ = std::chrono::steady_clock::now();
        next_line_ = 5.0;
    }
    /// Redraws the bar at most 10 times a second; without a terminal, a line every 5 seconds.
    void step(std::size_t done, std::size_t total, double loss) {
        const auto now = std::chrono::steady_clock::now();
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double since = std::chrono::duration<double>(now - last_).count();
        if (terminal_ ? since < 0.1 && done < total : elapsed < next_line_) {
            return;
        }
        last_ = now;
        const double rate = done / std::max(elapsed, 1e-9);
        const double eta = (total - done) / std::max(rate, 1e-9);
        std::ostringstream line;
        line << "epoch " << epoch_ << "/" << epochs_ << " ";
        if (terminal_) {
            const int width = 30, filled = static_cast<int>(width * done / total);
            line << "[" << std::string(filled, '#') << std::string(width - filled, '.') << "] ";
        }
        line << std::setw(3) << 100 * done / total << "% " << std::setw(6) << static_cast<long>(rate)
             << " img/s  loss " << std::fixed << std::setprecision(4) << loss << "  ETA " << std::setprecision(1)
             << eta << " s";
        if (terminal_) {
            out_ << "\r" << line.str() << std::flush;
        } else {
            out_ << line.str() << "\n";
            next_line_ = elapsed + 5.0;
        }
    }
    void end(const fast::EpochResult& r) {
        out_ << (terminal_ ? "\r" : "") << "epoch " << r.epoch << "/" << epochs_ << ": train loss " << std::fixed
             << std::setprecision(4) << r.train_loss << ", test accuracy " << std::setprecision(2)
             << 100 * r.test_accuracy << "%, " << std::setprecision(2) << r.seconds << " s"
             << (terminal_ ? std::string(30, ' ') : "") << "\n";
    }

private:
    std::ostream& out_;
    bool terminal_;
    std::size_t epoch_ = 0, epochs_ = 0;
    std::chrono::steady_clock::time_point start_, last_;
    double next_line_ = 0;
};

/// Writes `text` to `path` atomically: a temporary file, then a rename.
void write_atomically(const fs::path& path, const std::string& text) {
    fs::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream f(tmp, std::ios::trunc);
        if (!(f << text) || !(f.flush())) {
            throw input_error(cat("cannot write '", tmp.string(), "'"));
        }
    }
    fs::rename(tmp, path);
}

ModelFile to_file(const fast::FastMlp& net) {
    ModelFile m;
    for (const std::size_t w : net.config().widths) {
        m.widths.push_back(static_cast<std::uint32_t>(w));
    }
    m.activation = std::string(name(net.config().hidden));
    m.parameters = net.parameters();
    return m;
}

}  // namespace

int run_train(const TrainArgs& args, std::ostream& out) {
    fast::MlpConfig config;
    config.widths = parse_layers(args.layers);
    config.hidden = parse_activation(args.activation);
    config.rule = fast::rule_called(args.optimizer);
    config.lr = args.lr;
    config.batch = args.batch;
    config.threads = args.threads;
    config.seed = args.seed;
    config.start = fast::start_called(args.init);
    config.fused = !args.unfused;
    config.flush_subnormals = !args.keep_subnormals;
    const fs::path dir = data_folder(args.data);
    const ImageSet train = fashion_mnist_images(dir, "train", args.limit);
    const ImageSet test = fashion_mnist_images(dir, "t10k");
    if (config.widths.front() != train.pixels || config.widths.back() != 10) {
        throw input_error(cat("--layers ", args.layers, ": Fashion-MNIST has ", train.pixels,
                              " pixels and 10 classes, so the widths must start with ", train.pixels,
                              " and end with 10"));
    }
    fast::FastMlp net(config);
    const bool terminal = &out == &std::cout && isatty(STDOUT_FILENO);
    out << "nnref train: " << join(config.widths, "-") << ", " << args.activation << ", " << args.init
        << " init, " << (args.unfused ? "unfused, " : "")
        << (args.keep_subnormals ? "subnormals kept, " : "") << args.optimizer
        << " lr " << args.lr << ", batch " << args.batch << ", " << args.epochs << " epochs, seed " << args.seed
        << ", " << train.count << " training and " << test.count << " test images from " << dir.string()
        << "\n       gemm " << fast::describe(fast::target()) << "\n";

    std::string log =
        "epoch,train_loss,test_accuracy,seconds,images_per_second,"
        "load_s,forward_s,activation_s,loss_s,backward_s,update_s\n";
    Progress progress(out, terminal);
    std::size_t epoch_started = 0, saved = 0;
    fast::TrainHooks hooks;
    hooks.stop = &interrupted;
    hooks.on_step = [&](std::size_t done, std::size_t total, double loss) {
        if (done <= config.batch) {
            progress.start(++epoch_started, args.epochs);
        }
        progress.step(done, total, loss);
    };
    hooks.on_epoch = [&](const fast::EpochResult& r) {
        save_model(args.out, to_file(net));  // atomic: the last complete epoch is always on disk
        saved = r.epoch;
        progress.end(r);
        if (!args.log.empty()) {
            std::ostringstream row;
            const fast::PhaseTimes& t = r.phases;
            row << r.epoch << "," << std::setprecision(6) << r.train_loss << "," << r.test_accuracy << ","
                << r.seconds << "," << static_cast<double>(train.count) / r.seconds << "," << t.load << ","
                << t.forward << "," << t.activation << "," << t.loss << "," << t.backward << "," << t.update
                << "\n";
            log += row.str();
            write_atomically(args.log, log);
        }
    };
    const InterruptGuard guard;
    fast::train(net, train, test, args.epochs, hooks);
    if (interrupted.load()) {
        out << (terminal ? "\n" : "") << "nnref train: stopped by Ctrl-C in epoch " << epoch_started << "; "
            << (saved ? cat(args.out.string(), " holds the model after epoch ", saved)
                      : std::string("no epoch was complete, so no model was written"))
            << "\n";
        return 130;
    }
    out << "nnref train: the model is in " << args.out.string() << (args.log.empty() ? "" : ", the log in ")
        << args.log.string() << "\n";
    return 0;
}

int run_eval(const fs::path& model_path, const fs::path& data, std::ostream& out) {
    const ModelFile file = load_model(model_path);
    fast::MlpConfig config;
    config.widths.assign(file.widths.begin(), file.widths.end());
    try {
        config.hidden = parse_activation(file.activation);
    } catch (const input_error&) {
        throw input_error(cat(model_path.string(), ": the hidden activation '", file.activation,
                              "' is not one of relu, leaky_relu, tanh and sigmoid"));
    }
    const fs::path dir = data_folder(data);
    const ImageSet test = fashion_mnist_images(dir, "t10k");
    if (config.widths.front() != test.pixels || config.widths.back() != 10) {
        throw input_error(cat(model_path.string(), ": the model's widths ", join(config.widths, "-"),
                              " do not fit Fashion-MNIST's ", test.pixels, " pixels and 10 classes"));
    }
    fast::FastMlp net(config);
    net.set_parameters(file.parameters);
    const fast::Evaluation e = fast::evaluate(net, test);
    out << "nnref eval: " << model_path.string() << " (" << join(config.widths, "-") << ", " << file.activation
        << ") on " << test.count << " test images from " << dir.string() << "\n"
        << "test accuracy: " << std::fixed << std::setprecision(2) << 100 * e.accuracy() << "% (" << e.correct
        << " of " << e.count << ")\n\nper class:\n";
    for (std::size_t c = 0; c < 10; ++c) {
        out << "  " << c << " " << std::left << std::setw(12) << fashion_mnist_classes[c] << std::right
            << std::setw(7) << std::setprecision(2) << 100 * e.class_accuracy(c) << "%\n";
    }
    out << "\nconfusion matrix (rows: true class, columns: predicted)\n      ";
    for (std::size_t c = 0; c < 10; ++c) {
        out << std::setw(6) << c;
    }
    out << "\n";
    for (std::size_t t = 0; t < 10; ++t) {
        out << "  " << std::setw(2) << t << "  ";
        for (std::size_t p = 0; p < 10; ++p) {
            out << std::setw(6) << e.confusion[t][p];
        }
        out << "   " << fashion_mnist_classes[t] << "\n";
    }
    return 0;
}

}  // namespace nnref::cli
