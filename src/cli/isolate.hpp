/// \file
/// \brief Runs an exercise in a process of its own, so that a student's crash or endless loop
///        ends that exercise only, and `nnref exercises` reports it and goes on to the next.
///
/// A segfault (writing into an empty vector), an abort or a loop that never ends would
/// otherwise take the whole command with it, along with every line not yet printed. Here each
/// exercise runs in a child made by fork(), which sends its Result back through a pipe; the
/// parent waits with poll() until a deadline, kills the child with SIGKILL when it passes, and
/// reads from waitpid() how the child ended. POSIX only, like the rest of the command.
#pragma once

#include "nnref/chapter/exercise.hpp"

#include <chrono>

namespace nnref::cli {

/// Runs exercise::run(ex) in a child process and returns its result. A child killed by a
/// signal is Outcome::crashed ("exercise 1.3 crashed (signal 11: segmentation fault): ..."),
/// one still running after `timeout` is killed and Outcome::timed_out, and one that exits
/// without sending a result (the student's code called exit()) is Outcome::crashed too.
/// Flushes std::cout first, so that the child cannot print the parent's pending output again.
/// \throws std::system_error when the pipe or the child cannot be made
exercise::Result run_isolated(const exercise::Exercise& ex, std::chrono::milliseconds timeout);

}  // namespace nnref::cli
