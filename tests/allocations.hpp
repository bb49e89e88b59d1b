/// \file
/// \brief A test helper: every allocation of the test program, counted, so that a test can
///        require that a loop makes none, and the largest one remembered, so that a test can
///        require that a reader never asks for more memory than its input justifies. The
///        counting operator new is in allocations.cpp.
#pragma once

#include <cstddef>

/// False where the count is not available: ThreadSanitizer's runtime defines operator new
/// itself, so the TSan build has no counting operator new, and the tests that need it are
/// disabled there with Boost.Test's enable_if decorator.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NNREF_NO_COUNTING_NEW 1
#endif
#endif
#ifdef NNREF_NO_COUNTING_NEW
constexpr bool allocations_counted = false;
#else
constexpr bool allocations_counted = true;
#endif
/// How many times operator new has run since the program started.
std::size_t allocations_so_far();
/// The most bytes one operator new has asked for since the last reset_largest_allocation().
std::size_t largest_allocation();
/// Starts a new measurement of largest_allocation().
void reset_largest_allocation();
