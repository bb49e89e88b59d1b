/// \file
/// \brief The test program's operator new and delete: malloc and free, with a count (see
///        allocations.hpp). In a file of their own, so that no other code inlines them.
#include "allocations.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> count{0};
std::atomic<std::size_t> largest{0};
}  // namespace

std::size_t allocations_so_far() { return count.load(); }
std::size_t largest_allocation() { return largest.load(); }
void reset_largest_allocation() { largest.store(0); }

#ifndef NNREF_NO_COUNTING_NEW
void* operator new(std::size_t n) {
    ++count;
    // The largest so far, updated without a lock: retry if another thread changed it.
    for (std::size_t seen = largest.load(); n > seen && !largest.compare_exchange_weak(seen, n);) {
    }
    if (void* p = std::malloc(n ? n : 1)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif
