/// \file
/// \brief How run_isolated() works: fork(), a pipe for the Result, poll() until the deadline,
///        SIGKILL when it passes, and waitpid() to learn how the child ended (see isolate.hpp).

#include "cli/isolate.hpp"

#include "nnref/core/text.hpp"

#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>

namespace nnref::cli {

namespace {

using exercise::Outcome;
using exercise::Result;
using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

/// A file descriptor that is closed when it goes out of scope, on every path out.
class Descriptor {
  public:
    explicit Descriptor(int fd) : fd_(fd) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() { close(); }
    int get() const { return fd_; }
    void close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

  private:
    int fd_;
};

/// The result as the child sends it: "outcome digits length\n", then the detail's bytes.
/// 17 significant digits carry a double exactly.
std::string serialize(const Result& r) {
    std::ostringstream out;
    out << static_cast<int>(r.outcome) << ' ' << std::setprecision(17) << r.digits << ' '
        << r.detail.size() << '\n'
        << r.detail;
    return out.str();
}

/// The result back from the child's message; nothing when the message is cut short, as when
/// the child ended before it had written it all.
std::optional<Result> deserialize(const std::string& message) {
    std::istringstream in(message);
    int outcome = -1;
    double digits = 0;
    std::size_t length = 0;
    if (!(in >> outcome >> digits >> length) || in.get() != '\n' || outcome < 0 ||
        outcome > static_cast<int>(Outcome::not_judged)) {
        return std::nullopt;
    }
    const auto start = static_cast<std::size_t>(in.tellg());
    if (message.size() - start != length) {
        return std::nullopt;
    }
    return Result{static_cast<Outcome>(outcome), digits, message.substr(start)};
}

/// Writes all of `text`, however many calls it takes; false when the pipe is broken.
bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

/// The child's side: run the check, send the result, and leave with _exit, which neither
/// runs the parent's atexit handlers nor flushes the parent's buffers a second time.
[[noreturn]] void run_child(const exercise::Exercise& ex, int out) {
    // Die of the signal, whatever handler the parent set: a test framework catches SIGSEGV
    // and SIGABRT to report them, and would go on running its own tests in this child.
    for (const int number : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS}) {
        std::signal(number, SIG_DFL);
    }
    // What the student's code prints gets out even if it crashes right afterwards.
    std::cout << std::unitbuf;
    const bool sent = write_all(out, serialize(exercise::run(ex)));
    std::fflush(stdout);  // printf's output, which _exit would drop
    _exit(sent ? 0 : 1);
}

/// Reads the child's message until the pipe closes, which it does when the child, its only
/// writer, ends.
/// \return false when the deadline passed first
bool read_until(int fd, Clock::time_point deadline, std::string& message) {
    char buffer[4096];
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd readable{fd, POLLIN, 0};
        const int ready =
            ::poll(&readable, 1, static_cast<int>(std::min<long long>(left.count(), INT_MAX)));
        if (ready < 0 && errno != EINTR) {
            fail("poll");
        }
        if (ready <= 0) {
            continue;  // a signal, or poll's own timeout: the deadline decides
        }
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno != EINTR) {
            fail("read");
        }
        if (n == 0) {
            return true;
        }
        if (n > 0) {
            message.append(buffer, static_cast<std::size_t>(n));
        }
    }
}

/// "exercise 1.3 crashed (signal 11: segmentation fault)", and what that usually means in a
/// student's code.
std::string crash_detail(const std::string& id, int number) {
    std::string name = strsignal(number);  // "Segmentation fault"
    if (!name.empty()) {
        name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
    }
    std::string why;
    switch (number) {
        case SIGSEGV:
        case SIGBUS:
            why =
                "your code read or wrote memory it does not own, such as past the end of a "
                "vector, or into an empty one (give it its size first)";
            break;
        case SIGABRT:
            why =
                "a failed assert, or memory damaged by a write out of bounds (the C library "
                "aborts when it notices)";
            break;
        case SIGFPE:
            why = "an integer divided by zero";
            break;
        default:
            break;
    }
    return cat("exercise ", id, " crashed (signal ", number, ": ", name, ")",
               why.empty() ? "" : ": ", why);
}

}  // namespace

exercise::Result run_isolated(const exercise::Exercise& ex, std::chrono::milliseconds timeout) {
    // The child gets a copy of every output buffer; emptied now, none is printed twice.
    std::cout.flush();
    std::clog.flush();
    std::fflush(nullptr);

    int ends[2];
    if (::pipe(ends) != 0) {
        fail("pipe");
    }
    Descriptor from_child(ends[0]), to_parent(ends[1]);
    const Clock::time_point deadline = Clock::now() + timeout;
    const pid_t pid = ::fork();
    if (pid < 0) {
        fail("fork");
    }
    if (pid == 0) {
        from_child.close();
        run_child(ex, to_parent.get());
    }
    // The parent keeps no write end, so the pipe closes when the child ends.
    to_parent.close();
    std::string message;
    const bool finished = read_until(from_child.get(), deadline, message);
    if (!finished) {
        ::kill(pid, SIGKILL);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            fail("waitpid");
        }
    }
    if (!finished) {
        const double seconds = std::chrono::duration<double>(timeout).count();
        return {Outcome::timed_out, 0,
                cat("exercise ", ex.id, " timed out after ", seconds,
                    " s: look for a loop whose condition never becomes false (nnref exercises "
                    "--timeout S gives it longer)")};
    }
    if (WIFSIGNALED(status)) {
        return {Outcome::crashed, 0, crash_detail(ex.id, WTERMSIG(status))};
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        if (const auto result = deserialize(message)) {
            return *result;
        }
    }
    return {Outcome::crashed, 0,
            cat("exercise ", ex.id, " ended the program (exit status ", WEXITSTATUS(status),
                ") before its check was done: does your code call exit()?")};
}

}  // namespace nnref::cli
