/// \file
/// \brief The test program's operator new and delete: malloc and free, with a count (see
///        allocations.hpp). In a file of their own, so that no other code inlines them.
#include "allocations.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> count{0};
}  // namespace

std::size_t allocations_so_far() { return count.load(); }

void* operator new(std::size_t n) {
    ++count;
    if (void* p = std::malloc(n ? n : 1)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
