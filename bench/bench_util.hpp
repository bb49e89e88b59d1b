// What the benchmarks share: the name of the CPU they ran on, for their CSV headers, and the
// median of repeated timings (these machines are noisy; a median ignores the outliers).
#pragma once

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

namespace nnref::bench {

/// The "model name" line of /proc/cpuinfo, or "unknown CPU".
inline std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("model name", 0) == 0) {
            return line.substr(line.find(':') + 2);
        }
    }
    return "unknown CPU";
}

/// The median of v (the mean of the middle two when v has an even size); v is not empty.
inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace nnref::bench
