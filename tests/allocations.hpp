/// \file
/// \brief A test helper: every allocation of the test program, counted, so that a test can
///        require that a loop makes none, and the largest one remembered, so that a test can
///        require that a reader never asks for more memory than its input justifies. The
///        counting operator new is in allocations.cpp.
#pragma once

#include <cstddef>

/// How many times operator new has run since the program started.
std::size_t allocations_so_far();
/// The most bytes one operator new has asked for since the last reset_largest_allocation().
std::size_t largest_allocation();
/// Starts a new measurement of largest_allocation().
void reset_largest_allocation();
