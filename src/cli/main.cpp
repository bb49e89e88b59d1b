/// \file
/// \brief The `nnref` command: list the chapters, run a chapter's demo, judge its exercises,
///        check a derivative, train chapter 9's fast MLP and evaluate it.
///
/// Exit codes: 0 success; 1 an error while running, a wrong derivative, or an exercise wrong,
/// crashed or timed out; 2 a bad command line or input; 3 a check that could not judge any
/// point (INCONCLUSIVE); 130 a demo or training stopped by Ctrl-C.
#include "cli/chapters.hpp"
#include "cli/check.hpp"
#include "cli/demo.hpp"
#include "cli/isolate.hpp"
#include "cli/train.hpp"
#include "nnref/core/error.hpp"
#include "nnref/core/text.hpp"
#include "nnref/data/locate.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <utility>

namespace {

namespace fs = std::filesystem;
using nnref::cli::Chapter;

/// Accepts a whole number in [lo, hi], written in decimal digits only. CLI11 would read "-1"
/// into an unsigned count as 2^64 - 1; this refuses it, and names the range.
CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi) {
    const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    return CLI::Validator(
        [lo, hi, range](std::string& text) -> std::string {
            std::uint64_t v = 0;
            const char* end = text.data() + text.size();
            const auto [ptr, ec] = std::from_chars(text.data(), end, v);
            if (text.empty() || ptr != end || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
                return "'" + text + "' is not a whole number " + range;
            }
            if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
                return "'" + text + "' is outside " + range;
            }
            return "";
        },
        "INT in " + range);
}

int list_chapters() {
    for (const Chapter& c : nnref::cli::chapters()) {
        std::cout << "  " << c.number << "  " << c.title << "  (chapters/" << c.folder << ", "
                  << c.exercises().size() << " exercises)\n";
    }
    return 0;
}

int run_demo(int number, fs::path out_dir, const fs::path& data_dir) {
    const Chapter& c = nnref::cli::chapter(number);
    if (out_dir.empty()) {
        out_dir = fs::path("nnref-out") / c.folder;
    }
    const fs::path data = nnref::data_dir(data_dir);  // before anything is written
    // The text on stdout, the times on stderr: stdout is the same on every run.
    return nnref::cli::run_staged_demo(c, out_dir, data, std::cout, std::cerr);
}

/// Judges the exercises of one chapter (or all, for 0), each in a process of its own, and
/// prints a line per exercise as soon as it is judged.
int run_exercises(int number, bool strict, std::chrono::milliseconds timeout) {
    using nnref::exercise::Outcome;
    std::size_t passed = 0, todo = 0, wrong = 0, crashed = 0, timed_out = 0, not_judged = 0;
    for (const Chapter& c : nnref::cli::chapters()) {
        if (number != 0 && c.number != number) {
            continue;
        }
        // Flushed line by line: a pipe's block buffer would hold back what was judged so far.
        std::cout << "Chapter " << c.number << ": " << c.title << std::endl;
        for (const auto& ex : c.exercises()) {
            const auto r = nnref::cli::run_isolated(ex, timeout);
            std::cout << "  " << nnref::exercise::format(ex, r) << std::endl;
            passed += r.outcome == Outcome::passed;
            todo += r.outcome == Outcome::not_implemented;
            wrong += r.outcome == Outcome::wrong;
            crashed += r.outcome == Outcome::crashed;
            timed_out += r.outcome == Outcome::timed_out;
            not_judged += r.outcome == Outcome::not_judged;
        }
    }
    std::cout << passed << " passed, " << wrong << " wrong, ";
    // The rarer verdicts only when they happened, to keep the usual line short.
    for (const auto& [count, what] :
         {std::pair{crashed, "crashed"}, std::pair{timed_out, "timed out"},
          std::pair{not_judged, "not judged"}}) {
        if (count > 0) {
            std::cout << count << " " << what << ", ";
        }
    }
    std::cout << todo << " not implemented yet\n";
    if (todo > 0 && !strict) {
        std::cout << "Write your answers in chapters/NN-*/exercises.cpp, rebuild, and run again.\n";
    }
    const bool failed = wrong + crashed + timed_out + not_judged > 0;
    return failed || (strict && todo > 0) ? 1 : 0;
}

/// Prints exercise N.K's title and hint: `nnref exercises N --hint K`.
int show_hint(int number, int k) {
    const auto list = nnref::cli::chapter(number).exercises();
    if (k < 1 || static_cast<std::size_t>(k) > list.size()) {
        throw nnref::input_error(nnref::cat("--hint ", k, ": chapter ", number, " has exercises ",
                                            number, ".1 to ", number, ".", list.size(),
                                            ", so K must be 1 to ", list.size()));
    }
    const auto& ex = list[static_cast<std::size_t>(k - 1)];
    std::cout << ex.id << "  " << ex.title << "\n      hint: " << ex.hint << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "nnref: neural-network training, one chapter at a time, checked at 50 digits.\n"
        "The book: build/default/book/html/index.html (cmake --workflow --preset book)."};
    app.require_subcommand(1);
    app.fallthrough(false);

    auto* chapters_cmd = app.add_subcommand("chapters", "List the chapters");

    int demo_chapter = 0;
    fs::path out_dir;
    fs::path data_dir;
    auto* demo_cmd = app.add_subcommand("demo", "Run a chapter's demo and write its figure data");
    demo_cmd->add_option("chapter", demo_chapter, "Chapter number, e.g. 1")->required();
    demo_cmd->add_option("--out-dir", out_dir,
                         "Where to write the CSV files for figures; replaced as a whole when the "
                         "demo succeeds, untouched when it fails [default: nnref-out/NN-name]");
    demo_cmd->add_option("--data-dir", data_dir,
                         "nnref's datasets folder [default: $NNREF_DATA_DIR, else the source "
                         "tree's data/, else the installed one; see data/README.md]")
        ->check(CLI::ExistingDirectory);

    int ex_chapter = 0;
    bool strict = false;
    int hint = 0;
    double timeout_seconds = 60;
    auto* ex_cmd = app.add_subcommand(
        "exercises", "Judge your exercise answers, one line each (all chapters, or one)");
    ex_cmd->footer(
        "Examples:\n"
        "  nnref exercises 1           judge chapter 1's answers\n"
        "  nnref exercises 1 --hint 3  show exercise 1.3's hint\n"
        "Each exercise runs in a process of its own: a crash or an endless loop in one is\n"
        "reported, and the others still run. Exit: 0 all passed (or not implemented yet),\n"
        "1 one is wrong, crashed, timed out or could not be judged, 2 bad options.");
    ex_cmd->add_option("chapter", ex_chapter, "Chapter number [default: all]");
    ex_cmd->add_flag("--strict", strict, "Count exercises not implemented yet as failures");
    ex_cmd
        ->add_option("--hint", hint,
                     "Show exercise K's hint instead of judging (needs the chapter)")
        ->type_name("K");
    // The slowest check, 8.3's quadrature, takes about 0.4 s in a Release build with the
    // reference answers; a minute leaves room for a Debug build and a slow but right answer.
    ex_cmd
        ->add_option("--timeout", timeout_seconds,
                     "Seconds an exercise may run before it is stopped [default: 60]")
        ->type_name("S")
        ->check(CLI::Range(0.01, 86400.0));

    nnref::cli::CheckArgs check;
    std::string range;
    auto* check_cmd = app.add_subcommand(
        "check", "Check a derivative you derived, typed as formulas, at 50 or 100 digits");
    check_cmd->footer(
        "Examples:\n"
        "  nnref check --f 'log(1+exp(x))' --df '1/(1+exp(-x))'\n"
        "  nnref check --f 'sigmoid(w*x+b)' --wrt w --df 'x*sigmoid(w*x+b)*(1-sigmoid(w*x+b))'\n"
        "Formulas: numbers, variables, + - * / ^, parentheses, exp log sqrt abs sin cos tanh erf\n"
        "max min sign step sigmoid relu leaky_relu softplus gelu silu elu, ln = log, pi.\n"
        "A point is judged only where the true derivative is known there (central differences\n"
        "and automatic differentiation agree, no overflow, beyond rounding noise).\n"
        "Exit: 0 correct, 1 wrong, 2 bad input, 3 inconclusive (no point could be judged).");
    check_cmd->add_option("--f", check.f, "The function, e.g. 'log(1+exp(x))'")->required();
    check_cmd->add_option("--df", check.df, "Your derivative of it, e.g. 'sigmoid(x)'")->required();
    check_cmd->add_option("--wrt", check.wrt, "The variable to differentiate by [default: f's only one]");
    check_cmd->add_option("--at", check.at, "Fix another variable, e.g. --at b=0.5 (repeatable)");
    check_cmd->add_option("--range", range, "The range of the variables as LO,HI [default: -4,4]");
    check_cmd->add_option("--grid", check.grid, "Evenly spaced points [default: 17]")
        ->check(whole_number(0, 10000));
    check_cmd->add_option("--points", check.random, "Random points [default: 16]")
        ->check(whole_number(0, 10000));
    check_cmd->add_option("--samples", check.samples,
                          "Settings of the other, unfixed variables [default: 3]")
        ->check(whole_number(1, 1000));
    check_cmd->add_option("--time-limit", check.time_limit,
                          "Seconds for the whole check; points not reached are not judged [default: 60]")
        ->check(CLI::Range(0.001, 86400.0));
    check_cmd->add_option("--digits", check.digits, "Precision: 50 or 100 [default: 50]")
        ->check(CLI::IsMember({50, 100}));
    check_cmd->add_option("--seed", check.seed, "Seeds the random points [default: 1]")
        ->check(whole_number(0, UINT64_MAX));

    nnref::cli::TrainArgs train;
    auto* train_cmd = app.add_subcommand(
        "train", "Train chapter 9's fast MLP on Fashion-MNIST; saves the model after every epoch");
    train_cmd->footer(
        "Example:\n"
        "  nnref train --epochs 10 --out model.nnref --log train.csv\n"
        "  nnref eval --model model.nnref\n"
        "Ctrl-C stops after the current step; the model of the last complete epoch stays on disk.\n"
        "Exit: 0 done, 2 bad data or options, 130 stopped by Ctrl-C.");
    train_cmd->add_option("--data", train.data,
                          "The IDX files' folder, gzip'd or not [default: as data/README.md says]")
        ->check(CLI::ExistingDirectory);
    train_cmd->add_option("--layers", train.layers, "The widths, inputs first [default: 784,512,256,10]");
    train_cmd->add_option("--activation", train.activation,
                          "Hidden activation: relu, leaky_relu, tanh or sigmoid [default: relu]");
    train_cmd->add_option("--optimizer", train.optimizer, "sgd, momentum, adam or adamw [default: adam]");
    train_cmd->add_option("--lr", train.lr, "The learning rate [default: 0.001]")
        ->check(CLI::PositiveNumber);
    train_cmd->add_option("--batch", train.batch, "Examples per step [default: 128]")
        ->check(CLI::Range(std::size_t{1}, std::size_t{60000}));
    train_cmd->add_option("--epochs", train.epochs, "Passes over the training set [default: 10]")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
    train_cmd->add_option("--threads", train.threads, "Threads [default: all cores]")
        ->check(CLI::Range(1, 1024));
    train_cmd->add_option("--seed", train.seed, "Seeds the weights and the order [default: 1]");
    train_cmd->add_option("--init", train.init,
                          "pytorch (PyTorch's default, chapter 5), he or xavier (chapter 8) [default: pytorch]");
    train_cmd->add_option("--out", train.out, "The model file [default: model.nnref]");
    train_cmd->add_option("--log", train.log, "A CSV log, one row per epoch [default: none]");
    train_cmd->add_option("--limit", train.limit, "Train on the first N images only [default: all]");
    train_cmd->add_flag("--unfused", train.unfused,
                        "Bias, activation and Adam in passes of their own: the same numbers, more "
                        "memory traffic (to measure what fusion buys)");
    train_cmd->add_flag("--keep-subnormals", train.keep_subnormals,
                        "The optimizer keeps IEEE's gradual underflow instead of flushing subnormal "
                        "floats to zero: slower after some 700 steps (chapter 9, section 19)");

    std::filesystem::path model_file, eval_data;
    auto* eval_cmd = app.add_subcommand(
        "eval", "Evaluate a model on Fashion-MNIST's test set: accuracy, per class, confusion matrix");
    eval_cmd->add_option("--model", model_file, "The model file, from nnref train")->required();
    eval_cmd->add_option("--data", eval_data,
                         "The IDX files' folder, gzip'd or not [default: as data/README.md says]")
        ->check(CLI::ExistingDirectory);

    // "nnref foo": name the unknown subcommand (CLI11 would only say "not expected").
    if (argc > 1 && argv[1][0] != '-') {
        const std::string first = argv[1];
        const auto subcommands = app.get_subcommands([](const CLI::App*) { return true; });
        std::string known;
        bool found = false;
        for (const auto* sub : subcommands) {
            found = found || sub->get_name() == first;
            known += (known.empty() ? "" : ", ") + sub->get_name();
        }
        if (!found) {
            std::cerr << "nnref: unknown subcommand '" << first << "'; the subcommands are " << known
                      << "\nRun 'nnref --help' for usage.\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "nnref: " << e.what() << "\nRun 'nnref --help' for usage.\n";
        return 2;
    }

    try {
        if (*chapters_cmd) {
            return list_chapters();
        }
        if (*demo_cmd) {
            return run_demo(demo_chapter, out_dir, data_dir);
        }
        if (*check_cmd) {
            if (!range.empty()) {
                const auto comma = range.find(',');
                if (comma == std::string::npos) {
                    throw nnref::input_error("--range '" + range + "': write LO,HI, as in -4,4");
                }
                check.lo = range.substr(0, comma);
                check.hi = range.substr(comma + 1);
            }
            if (check.grid + check.random == 0) {
                throw nnref::input_error("--grid 0 --points 0: there is no point to check");
            }
            return nnref::cli::run_check(check, std::cout);
        }
        if (*train_cmd) {
            return nnref::cli::run_train(train, std::cout);
        }
        if (*eval_cmd) {
            return nnref::cli::run_eval(model_file, eval_data, std::cout);
        }
        if (*ex_cmd) {
            if (ex_chapter != 0) {
                nnref::cli::chapter(ex_chapter);  // throws for a chapter that does not exist
            }
            if (ex_cmd->count("--hint") > 0) {
                if (ex_chapter == 0) {
                    throw nnref::input_error(
                        "--hint needs the chapter: nnref exercises N --hint K");
                }
                return show_hint(ex_chapter, hint);
            }
            const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::duration<double>(timeout_seconds));
            return run_exercises(ex_chapter, strict, timeout);
        }
    } catch (const nnref::input_error& e) {
        std::cerr << "nnref: " << e.what() << "\n";
        return 2;
    } catch (const nnref::shape_error& e) {  // a file or option of the wrong shape: bad input too
        std::cerr << "nnref: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "nnref: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
