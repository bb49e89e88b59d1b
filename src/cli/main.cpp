/// \file
/// \brief The `nnref` command: list the chapters, run a chapter's demo, judge its exercises.
///
/// Exit codes: 0 success; 1 an error while running, or a wrong exercise; 2 a bad command line.
#include "cli/chapters.hpp"
#include "nnref/core/error.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace {

namespace fs = std::filesystem;
using nnref::cli::Chapter;

fs::path default_data_dir() {
    if (const char* env = std::getenv("NNREF_DATA_DIR")) {
        return env;
    }
    return NNREF_DATA_DIR;
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
    fs::create_directories(out_dir);
    if (!fs::exists(data_dir / "iris.csv")) {
        throw nnref::input_error("data folder '" + data_dir.string() +
                                 "' has no iris.csv; pass --data-dir or set NNREF_DATA_DIR");
    }
    const int rc = c.demo({std::cout, out_dir, data_dir});
    std::cerr << "nnref: chapter " << number << " demo wrote its figure data to " << out_dir.string()
              << "\n";
    return rc;
}

int run_exercises(int number, bool strict) {
    using nnref::exercise::Outcome;
    std::size_t passed = 0, todo = 0, wrong = 0;
    for (const Chapter& c : nnref::cli::chapters()) {
        if (number != 0 && c.number != number) {
            continue;
        }
        std::cout << "Chapter " << c.number << ": " << c.title << "\n";
        for (const auto& ex : c.exercises()) {
            const auto r = nnref::exercise::run(ex);
            std::cout << "  " << nnref::exercise::format(ex, r) << "\n";
            passed += r.outcome == Outcome::passed;
            todo += r.outcome == Outcome::not_implemented;
            wrong += r.outcome == Outcome::wrong;
        }
    }
    std::cout << passed << " passed, " << wrong << " wrong, " << todo << " not implemented yet\n";
    if (todo > 0 && !strict) {
        std::cout << "Write your answers in chapters/NN-*/exercises.cpp, rebuild, and run again.\n";
    }
    return wrong > 0 || (strict && todo > 0) ? 1 : 0;
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
    fs::path data_dir = default_data_dir();
    auto* demo_cmd = app.add_subcommand("demo", "Run a chapter's demo and write its figure data");
    demo_cmd->add_option("chapter", demo_chapter, "Chapter number, e.g. 1")->required();
    demo_cmd->add_option("--out-dir", out_dir,
                         "Where to write the CSV files for figures [default: nnref-out/NN-name]");
    demo_cmd->add_option("--data-dir", data_dir, "The datasets folder [default: the repo's data/]")
        ->check(CLI::ExistingDirectory);

    int ex_chapter = 0;
    bool strict = false;
    auto* ex_cmd = app.add_subcommand(
        "exercises", "Judge your exercise answers, one line each (all chapters, or one)");
    ex_cmd->add_option("chapter", ex_chapter, "Chapter number [default: all]");
    ex_cmd->add_flag("--strict", strict, "Count exercises not implemented yet as failures");

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
        if (*ex_cmd) {
            if (ex_chapter != 0) {
                nnref::cli::chapter(ex_chapter);  // throws for a chapter that does not exist
            }
            return run_exercises(ex_chapter, strict);
        }
    } catch (const nnref::input_error& e) {
        std::cerr << "nnref: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "nnref: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
