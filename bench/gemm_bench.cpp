/// \file
/// \brief The GEMM bench: every stage of chapter 9's matrix product, OpenBLAS's cblas_sgemm
///        and the register-only FMA peak, at the MLP's shapes and at 1024³, with 1 and 2
///        threads, interleaved in one run. Run it on an idle machine:
///
///     build/solutions/bench/nnref_bench_gemm [--rounds 7] [--csv gemm_bench.csv]
///
/// OpenBLAS runs its best kernel here, SkylakeX (these machines preset Haswell, which is
/// about half as fast); the bench sets OPENBLAS_CORETYPE and starts itself again when it is
/// not already so, and says which core OpenBLAS used. Each round runs every measurement once,
/// in the same order: a pause (idle threads of OpenBLAS and OpenMP spin for a while after a
/// call, and would steal the next one's cores), a warm-up, then the fastest of 5 runs back to
/// back. A measurement's figure is its median over the rounds. One slower than a second runs
/// in the first round only, and once.
///
/// The last lines are machine-readable, one per thread count:
///     summary gemm threads=T shapes=mlp nnref_gflops=X openblas_gflops=Y peak_gflops=P ratio=X/Y
#include "bench_util.hpp"
#include "09-fast-mlp/accuracy.hpp"
#include "09-fast-mlp/gemm.hpp"
#include "09-fast-mlp/model.hpp"
#include "nnref/core/matrix.hpp"
#include "nnref/core/random.hpp"

#include <cblas.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern "C" {
void openblas_set_num_threads(int threads);
char* openblas_get_corename(void);
}

namespace {

namespace fast = nnref::fast;
using fast::Op;
using clock_type = std::chrono::steady_clock;

double seconds_of(const std::function<void()>& f) {
    const auto start = clock_type::now();
    f();
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

/// One product's inputs and output, in the storage its transposes ask for, plus the same
/// product as plain C = AB (stages 0 to 2 take no transposes).
struct Operands {
    fast::Product shape;
    std::vector<float> A, B, C;
    std::size_t lda, ldb;
    nnref::Matrix<float> A_plain, B_plain;  // op(A) and op(B), stored as they are used
};

Operands make_operands(const fast::Product& p, nnref::Rng& rng) {
    Operands o{p, {}, {}, std::vector<float>(p.M * p.N), p.a == Op::transpose ? p.M : p.K,
               p.b == Op::transpose ? p.K : p.N, nnref::Matrix<float>(p.M, p.K), nnref::Matrix<float>(p.K, p.N)};
    for (std::size_t i = 0; i < p.M; ++i) {
        for (std::size_t k = 0; k < p.K; ++k) {
            o.A_plain(i, k) = static_cast<float>(rng.uniform(-1.0, 1.0));
        }
    }
    for (std::size_t k = 0; k < p.K; ++k) {
        for (std::size_t j = 0; j < p.N; ++j) {
            o.B_plain(k, j) = static_cast<float>(rng.uniform(-1.0, 1.0));
        }
    }
    o.A.resize(p.M * p.K);
    o.B.resize(p.K * p.N);
    for (std::size_t i = 0; i < p.M; ++i) {
        for (std::size_t k = 0; k < p.K; ++k) {
            (p.a == Op::transpose ? o.A[k * p.M + i] : o.A[i * p.K + k]) = o.A_plain(i, k);
        }
    }
    for (std::size_t k = 0; k < p.K; ++k) {
        for (std::size_t j = 0; j < p.N; ++j) {
            (p.b == Op::transpose ? o.B[j * p.K + k] : o.B[k * p.N + j]) = o.B_plain(k, j);
        }
    }
    return o;
}

/// The implementations measured. `threads` is 0 for a single-threaded stage.
struct Method {
    std::string name;  // as in the CSV and the table
    int threads;
    std::function<void(Operands&)> run;
};

std::vector<Method> methods() {
    std::vector<Method> m;
    const auto plain = [](auto f) {
        return [f](Operands& o) {
            f(o.shape.M, o.shape.N, o.shape.K, &o.A_plain[0], &o.B_plain[0], o.C.data());
        };
    };
    m.push_back({"0 reference", 0, [](Operands& o) {
                     const nnref::Matrix<float> C = matmul(o.A_plain, o.B_plain);
                     std::memcpy(o.C.data(), &C[0], o.C.size() * sizeof(float));
                 }});
    m.push_back({"1 i-j-k", 0, plain(fast::matmul_ijk)});
    m.push_back({"1 i-k-j", 0, plain(fast::matmul_ikj)});
    m.push_back({"2 blocked", 0, plain(fast::matmul_blocked)});
    m.push_back({"3 packed", 0, [](Operands& o) {
                     fast::GemmOptions opt{o.shape.a, o.shape.b};
                     fast::gemm_packed(o.shape.M, o.shape.N, o.shape.K, o.A.data(), o.lda, o.B.data(),
                                       o.ldb, o.C.data(), o.shape.N, opt);
                 }});
    for (const int threads : {1, 2}) {
        m.push_back({"4 threads", threads, [threads](Operands& o) {
                         fast::GemmOptions opt{o.shape.a, o.shape.b};
                         opt.threads = threads;
                         fast::gemm(o.shape.M, o.shape.N, o.shape.K, o.A.data(), o.lda, o.B.data(),
                                    o.ldb, o.C.data(), o.shape.N, opt);
                     }});
        m.push_back({"OpenBLAS", threads, [threads](Operands& o) {
                         openblas_set_num_threads(threads);
                         const auto t = [](Op op) { return op == Op::transpose ? CblasTrans : CblasNoTrans; };
                         cblas_sgemm(CblasRowMajor, t(o.shape.a), t(o.shape.b), static_cast<int>(o.shape.M),
                                     static_cast<int>(o.shape.N), static_cast<int>(o.shape.K), 1.0f,
                                     o.A.data(), static_cast<int>(o.lda), o.B.data(), static_cast<int>(o.ldb),
                                     0.0f, o.C.data(), static_cast<int>(o.shape.N));
                     }});
    }
    return m;
}

/// The bandwidth of a[i] = b[i] + s c[i] on arrays far larger than the caches, in GB/s
/// (three floats moved per entry; STREAM's triad, McCalpin 1995).
double triad_gbytes(int threads) {
    const std::size_t n = std::size_t{1} << 25;  // 128 MiB per array
    std::vector<float> a(n, 1.0f), b(n, 2.0f), c(n, 3.0f);
    double best = 1e30;
    for (int r = 0; r < 5; ++r) {
        best = std::min(best, seconds_of([&] {
#pragma omp parallel for schedule(static) num_threads(threads)
            for (std::size_t i = 0; i < n; ++i) {
                a[i] = b[i] + 0.5f * c[i];
            }
        }));
    }
    return 3.0 * sizeof(float) * static_cast<double>(n) / best / 1e9;
}

using nnref::bench::cpu_model;
using nnref::bench::median;

int usage(const char* error) {
    std::cerr << "nnref_bench_gemm: " << error << "\n"
              << "usage: nnref_bench_gemm [--rounds N] [--csv FILE] [--openblas-coretype NAME]\n"
              << "       nnref_bench_gemm --epoch-limit THREADS   the GEMM limit of one training epoch\n";
    return 2;
}

}  // namespace

/// The GEMM limit of an epoch: the products of every step of one epoch of 784-512-256-10 on
/// 60000 images at batch 128 (468 full batches and one of 96), with OpenBLAS alone, and
/// nothing else a training step does. Prints "epoch_limit_s=X".
int epoch_limit(int threads) {
    nnref::Rng rng(1);
    std::vector<Operands> full, last;
    for (const fast::Product& p : fast::mlp_products(128, {784, 512, 256, 10})) {
        full.push_back(make_operands(p, rng));
    }
    for (const fast::Product& p : fast::mlp_products(60000 % 128, {784, 512, 256, 10})) {
        last.push_back(make_operands(p, rng));
    }
    const std::vector<Method> all = methods();
    const auto found = std::find_if(all.begin(), all.end(), [threads](const Method& m) {
        return m.name == "OpenBLAS" && m.threads == threads;
    });
    if (found == all.end()) {
        std::cerr << "nnref_bench_gemm: --epoch-limit takes 1 or 2 threads\n";
        return 2;
    }
    const Method& openblas = *found;
    for (Operands& o : full) {
        openblas.run(o);  // warm
    }
    const double s = seconds_of([&] {
        for (int step = 0; step < 60000 / 128; ++step) {
            for (Operands& o : full) {
                openblas.run(o);
            }
        }
        for (Operands& o : last) {
            openblas.run(o);
        }
    });
    std::cout << "epoch_limit_s=" << std::fixed << std::setprecision(4) << s << " threads=" << threads
              << " openblas_core=" << openblas_get_corename() << "\n";
    return 0;
}

int main(int argc, char** argv) {
    int rounds = 7, limit_threads = 0;
    std::string csv = "gemm_bench.csv", coretype = "SkylakeX";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) {
            return usage(("'" + arg + "' needs a value").c_str());
        }
        if (arg == "--rounds") {
            rounds = std::atoi(argv[++i]);
            if (rounds < 1) {
                return usage("--rounds must be 1 or more");
            }
        } else if (arg == "--csv") {
            csv = argv[++i];
        } else if (arg == "--openblas-coretype") {
            coretype = argv[++i];
        } else if (arg == "--epoch-limit") {
            limit_threads = std::atoi(argv[++i]);
        } else {
            return usage(("unknown option '" + arg + "'").c_str());
        }
    }
    // OpenBLAS reads its core type when it is loaded, before main: set it and start again.
    const char* set = std::getenv("OPENBLAS_CORETYPE");
    if (set == nullptr || coretype != set) {
        setenv("OPENBLAS_CORETYPE", coretype.c_str(), 1);
        execv("/proc/self/exe", argv);
        std::cerr << "nnref_bench_gemm: cannot restart itself with OPENBLAS_CORETYPE=" << coretype << "\n";
        return 1;
    }

    if (limit_threads > 0) {
        return epoch_limit(limit_threads);
    }
    const fast::Target& t = fast::target();
    std::cout << "GEMM bench on " << cpu_model() << ", " << std::thread::hardware_concurrency()
              << " hardware threads\n"
              << "nnref target " << fast::describe(t) << "\n"
              << "OpenBLAS core " << openblas_get_corename() << " (OPENBLAS_CORETYPE=" << coretype << ")\n";

    std::map<int, double> peak;
    for (const int threads : {1, 2}) {
        peak[threads] = fast::measure_peak_gflops(t, threads, 0.5);
    }
    std::cout << std::fixed << std::setprecision(1) << "FMA peak (register-only loop, " << t.name
              << "): " << peak[1] << " GFLOP/s on 1 thread, " << peak[2] << " on 2\n"
              << "memory bandwidth (triad): " << triad_gbytes(1) << " GB/s on 1 thread, "
              << triad_gbytes(2) << " on 2\n";

    // The two groups of shapes: one training step's products, and one 1024³ product.
    nnref::Rng rng(1);
    std::map<std::string, std::vector<Operands>> groups;
    for (const fast::Product& p : fast::mlp_products(128, {784, 512, 256, 10})) {
        groups["mlp"].push_back(make_operands(p, rng));
    }
    groups["1024"].push_back(make_operands({"1024^3", 1024, 1024, 1024, Op::none, Op::none}, rng));

    // Every method gives a right answer before it is timed (OpenBLAS included).
    const std::vector<Method> all = methods();
    for (const Method& m : all) {
        for (auto& [group, operands] : groups) {
            Operands& o = operands.front();
            m.run(o);
            const fast::ErrorCheck e = fast::check_against_double(
                o.shape.M, o.shape.N, o.shape.K, &o.A_plain[0], o.shape.K, &o.B_plain[0], o.shape.N, nullptr,
                o.C.data(), o.shape.N, {});
            if (!(e.ratio <= 1)) {
                std::cerr << "nnref_bench_gemm: " << m.name << " is wrong on " << o.shape.name << ": "
                          << e.ratio << " of the error bound\n";
                return 1;
            }
        }
    }

    // Interleaved rounds: every measurement once per round, in the same order. A measurement
    // is a pause (for the other library's idle threads to stop spinning), one warm-up run of
    // the group, then the fastest of `repeats` runs back to back, as training runs them.
    std::map<std::pair<std::string, std::size_t>, std::vector<double>> times;  // (group, method)
    for (int round = 0; round < rounds; ++round) {
        for (auto& entry : groups) {
            const std::string& group = entry.first;
            std::vector<Operands>& operands = entry.second;  // a lambda below captures it
            for (std::size_t k = 0; k < all.size(); ++k) {
                auto& ts = times[{group, k}];
                if (round > 0 && ts.front() > 1.0) {
                    continue;  // too slow to repeat
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                const auto pass = [&] {
                    for (Operands& o : operands) {
                        all[k].run(o);
                    }
                };
                const double first = seconds_of(pass);
                const int repeats = first > 0.2 ? 1 : 5;
                double best = 1e30;
                for (int r = 0; r < repeats; ++r) {
                    best = std::min(best, seconds_of(pass));
                }
                ts.push_back(best);
            }
        }
        std::cerr << "round " << round + 1 << " of " << rounds << " done\n";
    }

    // GFLOP/s: the group's FLOPs over the median time.
    const auto gflops = [&](const std::string& group, std::size_t k) {
        double flops = 0;
        for (const Operands& o : groups[group]) {
            flops += fast::gemm_flops(o.shape.M, o.shape.N, o.shape.K);
        }
        return flops / median(times[{group, k}]) / 1e9;
    };
    std::ofstream out(csv + ".part");
    out << "# nnref_bench_gemm, " << nnref::bench::utc_date() << ", " << cpu_model() << ", target " << t.name
        << ", OpenBLAS " << openblas_get_corename() << ", " << rounds << " rounds (median)\n"
        << "# GFLOP/s; '-' where a stage has no threaded form\n"
        << "# stage mlp_1_thread mlp_2_threads 1024_1_thread 1024_2_threads\n";
    std::cout << "\nGFLOP/s (median of " << rounds << " interleaved rounds)\n"
              << "  stage          mlp 1 thread  mlp 2 threads  1024^3 1 thread  1024^3 2 threads\n";
    const auto row = [&](const std::string& name, double m1, double m2, double c1, double c2) {
        const auto cell = [](double v, int width) {
            std::ostringstream s;
            if (v < 0) {
                s << std::setw(width) << "-";
            } else {
                s << std::fixed << std::setprecision(1) << std::setw(width) << v;
            }
            return s.str();
        };
        std::cout << "  " << std::left << std::setw(13) << name << std::right << cell(m1, 13)
                  << cell(m2, 15) << cell(c1, 17) << cell(c2, 18) << "\n";
        out << '"' << name << '"' << cell(m1, 8) << cell(m2, 8) << cell(c1, 8) << cell(c2, 8) << "\n";
    };
    std::map<std::string, std::map<int, std::map<std::string, double>>> table;  // name, threads, group
    for (std::size_t k = 0; k < all.size(); ++k) {
        for (const auto& [group, operands] : groups) {
            table[all[k].name][std::max(1, all[k].threads)][group] = gflops(group, k);
        }
    }
    std::vector<std::string> order;
    for (const Method& m : all) {
        if (std::find(order.begin(), order.end(), m.name) == order.end()) {
            order.push_back(m.name);
        }
    }
    for (const std::string& name : order) {
        auto& by = table[name];
        const auto at = [&](int threads, const std::string& group) {
            return by.count(threads) ? by[threads][group] : -1.0;
        };
        row(name, at(1, "mlp"), at(2, "mlp"), at(1, "1024"), at(2, "1024"));
    }
    row("FMA peak", peak[1], peak[2], peak[1], peak[2]);
    const int written = nnref::bench::finish_csv(out, csv, "nnref_bench_gemm");

    std::cout << "\n";
    for (const int threads : {1, 2}) {
        double best = 0;
        std::string best_name;
        for (const std::string& name : order) {
            if (name == "OpenBLAS" || !table[name].count(threads)) {
                continue;
            }
            if (table[name][threads]["mlp"] > best) {
                best = table[name][threads]["mlp"];
                best_name = name;
            }
        }
        const double blas = table["OpenBLAS"][threads]["mlp"];
        const double cube = table["4 threads"][threads]["1024"], cube_blas = table["OpenBLAS"][threads]["1024"];
        std::cout << "threads=" << threads << ": best stage '" << best_name << "' at " << std::setprecision(1)
                  << best << " GFLOP/s (OpenBLAS " << blas << "), " << std::setprecision(0)
                  << 100 * best / peak[threads]
                  << "% of the peak; at 1024^3 " << std::setprecision(2) << cube / cube_blas
                  << " of OpenBLAS\n";
    }
    for (const int threads : {1, 2}) {
        double best = 0;
        for (const std::string& name : order) {
            if (name != "OpenBLAS" && table[name].count(threads)) {
                best = std::max(best, table[name][threads]["mlp"]);
            }
        }
        const double blas = table["OpenBLAS"][threads]["mlp"];
        std::cout << std::setprecision(1) << "summary gemm threads=" << threads << " shapes=mlp nnref_gflops="
                  << best << " openblas_gflops=" << blas << " peak_gflops=" << peak[threads]
                  << std::setprecision(2) << " ratio=" << best / blas << "\n";
    }
    return written;
}
