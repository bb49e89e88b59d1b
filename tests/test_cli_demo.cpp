/// \file
/// \brief `nnref demo`, all or nothing: a demo that throws or returns non-zero leaves no file
///        and no folder behind, and an older output whole; one that succeeds replaces the
///        older output whole; a folder that may hold the user's files is refused. The demos
///        here are small stand-ins that write a file and then fail, or not. (Ctrl-C is the
///        test cli.demo_interrupt: it ends the process.)
#include "cli/demo.hpp"
#include "expect_error.hpp"
#include "nnref/core/error.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace nnref;
namespace fs = std::filesystem;

namespace {

/// A fresh folder under the system's temporary folder, removed at the end of the scope.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / name) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

/// The names in a folder, sorted.
std::vector<std::string> names(const fs::path& dir) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(dir)) {
        found.push_back(entry.path().filename().string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

std::string read(const fs::path& file) {
    std::ifstream f(file);
    std::ostringstream text;
    text << f.rdbuf();
    return text.str();
}

/// A chapter whose demo is `demo`.
cli::Chapter chapter_with(int (*demo)(const DemoContext&)) {
    return {0, "00-test", "A test", demo, nullptr};
}

/// Runs `demo` into `out_dir` and returns its code; the text and messages are dropped.
int run(int (*demo)(const DemoContext&), const fs::path& out_dir) {
    std::ostringstream out, err;
    return cli::run_staged_demo(chapter_with(demo), out_dir, {}, out, err);
}

int writes_a_then_succeeds(const DemoContext& ctx) {
    open_output(ctx, "a.csv") << "new\n";
    return 0;
}

int writes_b_then_succeeds(const DemoContext& ctx) {
    open_output(ctx, "b.csv") << "b\n";
    return 0;
}

int writes_a_then_throws(const DemoContext& ctx) {
    open_output(ctx, "a.csv") << "half\n";
    throw input_error("the demo's data is missing");
}

int writes_a_then_returns_1(const DemoContext& ctx) {
    open_output(ctx, "a.csv") << "half\n";
    return 1;
}

fs::path seen_folder;                 // where records_its_folder was told to write
std::vector<std::string> seen_names;  // and what it found there

int records_its_folder(const DemoContext& ctx) {
    seen_folder = ctx.out_dir;
    seen_names = names(ctx.out_dir);
    ctx.out << "text\n";
    ctx.times << "time: 1 s\n";
    return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_demo)

BOOST_AUTO_TEST_CASE(the_demo_writes_into_a_fresh_folder_beside_its_output_folder) {
    const TempDir work("nnref-test-cli-demo-fresh");
    const fs::path out_dir = work.path / "out";
    std::ostringstream out, err;
    BOOST_TEST(cli::run_staged_demo(chapter_with(records_its_folder), out_dir, {}, out, err) == 0);
    BOOST_TEST(seen_folder.parent_path() == out_dir.parent_path());
    BOOST_TEST(seen_folder.filename().string().rfind("out.tmp-", 0) == 0, seen_folder.string());
    BOOST_TEST(seen_names == std::vector<std::string>{cli::demo_mark});
    BOOST_TEST(names(work.path) == std::vector<std::string>{"out"});
    BOOST_TEST(names(out_dir) == std::vector<std::string>{cli::demo_mark});
    BOOST_TEST(out.str() == "text\n");  // the times go to err, with the command's messages
    BOOST_TEST(err.str().find("time: 1 s\n") != std::string::npos, err.str());
}

BOOST_AUTO_TEST_CASE(a_demo_that_throws_leaves_nothing_not_even_the_parent_folders) {
    const TempDir work("nnref-test-cli-demo-throws");
    expect_error<input_error>(
        [&] { run(writes_a_then_throws, work.path / "made" / "for" / "out"); },
        "the demo's data is missing");
    BOOST_TEST(names(work.path).empty());
}

BOOST_AUTO_TEST_CASE(a_demo_that_returns_non_zero_leaves_nothing) {
    const TempDir work("nnref-test-cli-demo-returns");
    std::ostringstream out, err;
    BOOST_TEST(cli::run_staged_demo(chapter_with(writes_a_then_returns_1),
                                    work.path / "made" / "out", {}, out, err) == 1);
    BOOST_TEST(names(work.path).empty());
    BOOST_TEST(err.str().find("it returned 1") != std::string::npos, err.str());
}

BOOST_AUTO_TEST_CASE(a_failed_run_leaves_the_older_output_whole) {
    const TempDir work("nnref-test-cli-demo-older");
    const fs::path out_dir = work.path / "out";
    BOOST_TEST(run(writes_b_then_succeeds, out_dir) == 0);
    BOOST_CHECK_THROW(run(writes_a_then_throws, out_dir), input_error);
    BOOST_TEST(run(writes_a_then_returns_1, out_dir) == 1);
    BOOST_TEST(names(out_dir) == (std::vector<std::string>{cli::demo_mark, "b.csv"}));
    BOOST_TEST(names(work.path) == std::vector<std::string>{"out"});
}

BOOST_AUTO_TEST_CASE(a_run_that_succeeds_replaces_the_older_output_whole) {
    const TempDir work("nnref-test-cli-demo-replace");
    const fs::path out_dir = work.path / "out";
    BOOST_TEST(run(writes_b_then_succeeds, out_dir) == 0);
    BOOST_TEST(run(writes_a_then_succeeds, out_dir) == 0);
    BOOST_TEST(names(out_dir) == (std::vector<std::string>{cli::demo_mark, "a.csv"}));
    BOOST_TEST(read(out_dir / "a.csv") == "new\n");
    BOOST_TEST(names(work.path) == std::vector<std::string>{"out"});  // nothing set aside is left
}

BOOST_AUTO_TEST_CASE(an_empty_folder_and_a_trailing_slash_are_fine) {
    const TempDir work("nnref-test-cli-demo-slash");
    fs::create_directory(work.path / "out");
    BOOST_TEST(run(writes_a_then_succeeds, work.path / "out" / "") == 0);
    BOOST_TEST(names(work.path) == std::vector<std::string>{"out"});
    BOOST_TEST(names(work.path / "out") == (std::vector<std::string>{cli::demo_mark, "a.csv"}));
}

BOOST_AUTO_TEST_CASE(a_folder_that_may_hold_the_users_files_is_refused_untouched) {
    const TempDir work("nnref-test-cli-demo-mine");
    std::ofstream(work.path / "notes.txt") << "mine\n";
    expect_error<input_error>([&] { run(writes_a_then_succeeds, work.path); },
                              "holds no .nnref-demo");
    BOOST_TEST(names(work.path) == std::vector<std::string>{"notes.txt"});
    expect_error<input_error>([&] { run(writes_a_then_succeeds, work.path / "notes.txt"); },
                              "is a file, not a folder");
    expect_error<input_error>([&] { run(writes_a_then_succeeds, work.path / "notes.txt" / "out"); },
                              "cannot make the folder");
    BOOST_TEST(names(work.path) == std::vector<std::string>{"notes.txt"});
    BOOST_TEST(read(work.path / "notes.txt") == "mine\n");
}

BOOST_AUTO_TEST_SUITE_END()
