// What the benchmarks share: the name of the CPU they ran on and the date, for their CSV
// headers; the median of repeated timings (these machines are noisy; a median ignores the
// outliers); and the last step of writing a CSV, so that none is ever half-written.
#pragma once

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
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

/// The date and time now, as "2026-12-02 12:45 UTC".
inline std::string utc_date() {
    const std::time_t now = std::time(nullptr);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    return date;
}

/// Closes `out`, which was opened on csv + ".part", and renames it to csv. Returns 0, or 1
/// after saying so on stderr, prefixed with `program`, if the file could not be written.
inline int finish_csv(std::ofstream& out, const std::string& csv, const char* program) {
    out.close();
    if (!out || std::rename((csv + ".part").c_str(), csv.c_str()) != 0) {
        std::cerr << program << ": could not write " << csv << "\n";
        return 1;
    }
    std::cerr << "wrote " << csv << "\n";
    return 0;
}

}  // namespace nnref::bench
