/// \file
/// \brief `nnref demo N`: runs a chapter's demo so that its output folder appears whole, or
///        not at all.
#pragma once

#include "cli/chapters.hpp"

#include <filesystem>
#include <ostream>

namespace nnref::cli {

/// The file every run of a demo leaves in its output folder. A folder that holds it is a
/// demo's output, which the next run may replace; any other folder may hold the user's files.
inline constexpr const char* demo_mark = ".nnref-demo";

/// Runs `chapter`'s demo into `out_dir`, all or nothing.
///
/// The demo writes into a fresh folder beside `out_dir`, `<out_dir>.tmp-<process id>`. When it
/// returns 0, a rename makes that folder `out_dir`. An older `out_dir` is renamed aside first
/// and removed after, so that `out_dir` is at every moment the old output or the new one,
/// never a mixture. When the demo throws, returns non-zero or is stopped by Ctrl-C, the fresh
/// folder is removed, and so are the parent folders made for it (`nnref-out/` on a first
/// run); an older `out_dir` stays as it was.
///
/// Since the whole of `out_dir` is replaced, an `out_dir` that exists must be empty or hold
/// `demo_mark`: `--out-dir .` must not delete the user's files.
/// \param chapter the chapter whose demo runs
/// \param out_dir the output folder; made, with its parents, when it does not exist
/// \param data_dir nnref's data folder, passed on to the demo
/// \param out the demo's text (stdout)
/// \param err the demo's times and this function's messages (stderr)
/// \return the demo's return code. Ctrl-C ends the process with exit code 130 instead, once
///         the fresh folder is removed: a demo has no point at which it could stop early.
/// \throws input_error when `out_dir` cannot be used or replaced; whatever the demo throws,
///         after the fresh folder is removed
int run_staged_demo(const Chapter& chapter, const std::filesystem::path& out_dir,
                    const std::filesystem::path& data_dir, std::ostream& out, std::ostream& err);

}  // namespace nnref::cli
