/// \file
/// \brief A test helper: every allocation of the test program, counted, so that a test can
///        require that a loop makes none. The counting operator new is in allocations.cpp.
#pragma once

#include <cstddef>

/// How many times operator new has run since the program started.
std::size_t allocations_so_far();
