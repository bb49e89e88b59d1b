/// \file
/// \brief `nnref demo N`, all or nothing (demo.hpp).
#include "cli/demo.hpp"

#include "nnref/core/error.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stop_token>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace nnref::cli {

namespace {

namespace fs = std::filesystem;

/// Set by Ctrl-C while a demo runs.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free,
              "a signal handler may only touch a lock-free atomic");
// (A C function's name is global even in an unnamed namespace; train.cpp has on_interrupt.)
extern "C" void on_demo_interrupt(int) {
    interrupted.store(true);
}

/// The message for Ctrl-C, on a line of its own (the demo may be in the middle of one).
void say_stopped(std::ostream& err, const fs::path& out_dir) {
    err << "\nnnref: demo stopped by Ctrl-C; nothing was written to '" << out_dir.string() << "'\n"
        << std::flush;
}

/// Installs the Ctrl-C handler for one scope, and puts back the one before.
class InterruptGuard {
  public:
    InterruptGuard() : old_(std::signal(SIGINT, on_demo_interrupt)) { interrupted.store(false); }
    ~InterruptGuard() { std::signal(SIGINT, old_); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

  private:
    void (*old_)(int);
};

/// A demo's output folder while the demo runs: a fresh folder beside the destination, which
/// becomes the destination when the demo succeeds (commit) and is removed otherwise (discard).
class StagedFolder {
  public:
    /// Checks `destination`, and makes its missing parents and the fresh folder beside it.
    /// \throws input_error naming `destination` when it cannot be used
    explicit StagedFolder(const fs::path& destination);
    ~StagedFolder() { discard(); }
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    /// The fresh folder the demo writes into.
    const fs::path& path() const { return staging_; }

    /// The destination as the user wrote it, for messages.
    const fs::path& shown() const { return shown_; }

    /// Makes the fresh folder the destination, replacing an older one.
    /// \throws input_error when a rename fails (the older destination is then left in place)
    void commit();

    /// Removes the fresh folder and the parent folders made for it, unless it was committed.
    /// Calling it again does nothing.
    void discard() noexcept;

  private:
    /// Discards what was made so far and throws input_error with `message`.
    [[noreturn]] void fail(const std::string& message);

    fs::path shown_;              // the destination as the user wrote it, for messages
    fs::path destination_;        // absolute
    fs::path staging_;            // <destination>.tmp-<pid>: where the demo writes
    fs::path old_;                // <destination>.old-<pid>: the older destination, while replaced
    fs::path discarded_;          // <destination>.discarded-<pid>: the fresh folder, while removed
    std::vector<fs::path> made_;  // the parent folders this made, outermost first
    bool done_ = false;           // committed or discarded
};

StagedFolder::StagedFolder(const fs::path& destination) : shown_(destination) {
    // Absolute and without a trailing '/', so that parent_path() is the folder it sits in and
    // filename() its own name (fs::path("out/").filename() is empty).
    destination_ = fs::absolute(destination).lexically_normal();
    if (!destination_.has_filename()) {
        destination_ = destination_.parent_path();
    }
    if (destination_ == destination_.root_path()) {
        throw input_error("the output folder '" + shown_.string() +
                          "' is the root folder; give --out-dir a folder of its own");
    }
    std::error_code ec;
    const fs::file_status status = fs::status(destination_, ec);
    if (fs::is_directory(status)) {
        if (!fs::is_empty(destination_, ec) && !fs::exists(destination_ / demo_mark, ec)) {
            throw input_error("the output folder '" + shown_.string() +
                              "' is not empty and holds no " + demo_mark +
                              ", so it was not written by nnref demo and may hold files of "
                              "yours. nnref demo replaces its output folder as a whole: give "
                              "--out-dir a new or empty folder, or remove this one");
        }
    } else if (fs::exists(status)) {
        throw input_error("the output folder '" + shown_.string() + "' is a file, not a folder");
    }

    const fs::path parent = destination_.parent_path();
    for (fs::path p = parent; fs::status(p, ec).type() == fs::file_type::not_found;
         p = p.parent_path()) {
        made_.insert(made_.begin(), p);
    }
    fs::create_directories(parent, ec);
    if (ec) {
        fail("cannot make the folder '" + parent.string() + "' for the output folder '" +
             shown_.string() + "': " + ec.message());
    }

    const std::string name = destination_.filename().string();
    const std::string pid = std::to_string(::getpid());
    staging_ = parent / (name + ".tmp-" + pid);
    old_ = parent / (name + ".old-" + pid);
    discarded_ = parent / (name + ".discarded-" + pid);
    // A folder of that name is left from a run that was killed outright (no process with
    // this id is running but us), so it is stale.
    fs::remove_all(staging_, ec);
    if (!fs::create_directory(staging_, ec) || ec) {
        fail("cannot make the folder '" + staging_.string() + "' beside the output folder '" +
             shown_.string() + "': " + ec.message());
    }
    std::ofstream mark(staging_ / demo_mark);
    mark << "The output of nnref demo. The next nnref demo into this folder replaces it whole.\n";
    if (!mark.flush()) {
        fail("cannot write '" + (staging_ / demo_mark).string() + "'");
    }
}

void StagedFolder::fail(const std::string& message) {
    discard();
    throw input_error(message);
}

void StagedFolder::commit() {
    std::error_code ec;
    const bool replacing = fs::exists(destination_, ec);
    if (replacing) {
        fs::rename(destination_, old_, ec);
        if (ec) {
            throw input_error("cannot move the older output folder '" + shown_.string() +
                              "' aside to '" + old_.string() + "': " + ec.message());
        }
    }
    fs::rename(staging_, destination_, ec);
    if (ec) {
        std::error_code put_back;
        if (replacing) {
            fs::rename(old_, destination_, put_back);
        }
        throw input_error("cannot rename '" + staging_.string() + "' to the output folder '" +
                          shown_.string() + "': " + ec.message());
    }
    done_ = true;
    if (replacing) {
        fs::remove_all(old_, ec);
        if (ec) {
            throw input_error("the new output is in '" + shown_.string() +
                              "', but the older one could not be removed from '" + old_.string() +
                              "': " + ec.message());
        }
    }
}

void StagedFolder::discard() noexcept {
    if (done_) {
        return;
    }
    done_ = true;
    std::error_code ec;
    if (!staging_.empty()) {  // (empty when making the parent folders failed)
        // Moved away before it is removed: on Ctrl-C the demo may still be writing, and a
        // folder that is no longer at its path cannot gain a file halfway through the removal.
        fs::rename(staging_, discarded_, ec);
        fs::remove_all(ec ? staging_ : discarded_, ec);
    }
    for (auto p = made_.rbegin(); p != made_.rend(); ++p) {
        fs::remove(*p, ec);  // removes only empty folders: never what someone else put there
    }
}

/// While a demo runs, a thread waits for Ctrl-C. A demo has no point at which it could stop
/// early, and a signal handler may not remove folders (it may only call async-signal-safe
/// functions, and removing a folder allocates), so on Ctrl-C this thread removes the fresh
/// folder and ends the process, exit code 130.
class InterruptWatch {
  public:
    InterruptWatch(StagedFolder& folder, std::ostream& err)
        : thread_([&folder, &err](const std::stop_token& stop) {
              while (!stop.stop_requested()) {
                  if (interrupted.load()) {
                      folder.discard();
                      say_stopped(err, folder.shown());
                      std::_Exit(130);  // no destructors: the demo is still running
                  }
                  std::this_thread::sleep_for(std::chrono::milliseconds(20));
              }
          }) {}

  private:
    std::jthread thread_;  // its destructor stops the thread and waits for it
};

}  // namespace

int run_staged_demo(const Chapter& chapter, const fs::path& out_dir, const fs::path& data_dir,
                    std::ostream& out, std::ostream& err) {
    const InterruptGuard guard;  // first, so that it stays until the folder is settled
    StagedFolder folder(out_dir);
    int rc = 0;
    {
        const InterruptWatch watch(folder, err);
        rc = chapter.demo({out, err, folder.path(), data_dir});
    }  // the watch has stopped: from here on only this function touches the folder
    if (interrupted.load()) {  // Ctrl-C after the watch's last look
        folder.discard();
        say_stopped(err, out_dir);
        return 130;
    }
    if (rc != 0) {
        err << "nnref: chapter " << chapter.number << " demo failed (it returned " << rc
            << "); nothing was written to '" << out_dir.string() << "'\n";
        return rc;  // the folder's destructor removes the fresh folder
    }
    folder.commit();
    err << "nnref: chapter " << chapter.number << " demo wrote its figure data to "
        << out_dir.string() << "\n";
    return 0;
}

}  // namespace nnref::cli
