#!/usr/bin/python3
"""The MLP bench: one epoch of chapter 9's fast MLP against PyTorch and the GEMM limit.

Same work for all: 784-512-256-10, ReLU, softmax cross-entropy, Adam lr 1e-3, batch 128, the
60000 Fashion-MNIST training images, one epoch. Each round runs, one after the other:
  - nnref train, 2 threads and 1 thread (its printed epoch time: the training loop alone),
    and 2 threads --unfused (the same numbers without fusion: what fusion buys);
  - PyTorch through ../shared/bench/torch_mlp.py at its best on these machines
    (OPENBLAS_CORETYPE=SkylakeX, one BLAS thread; Debian's python3-torch, bench only);
  - the GEMM limit: the epoch's matrix products alone, in OpenBLAS on 2 threads
    (nnref_bench_gemm --epoch-limit 2).
It prints each one's min and median, nnref's peak RSS (from /usr/bin/time -v), then a separate
10-epoch nnref run's test accuracy (--skip-accuracy skips it), and ends with the line

  summary mlp epoch_s=X torch_epoch_s=Y gemm_limit_s=G ratio_torch=X/Y ratio_gemm=X/G peak_rss_mb=R test_acc_10ep=A

It writes the CSV files the book plots into --out-dir: mlp_bench.csv (every run's epoch time),
mlp_phases.csv (the time of each phase of a step, 1 and 2 threads) and mlp_train_log.csv (the
10-epoch run's log). Run it on an idle machine, from the top of the repository:

  /usr/bin/python3 bench/mlp_bench.py --rounds 3 --out-dir chapters/09-fast-mlp/figures
"""
import argparse, csv, os, re, shutil, statistics, subprocess, sys, tempfile, time


def run(cmd, env=None):
    """Runs a command and returns its stdout; stops the bench if it fails."""
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit(f"mlp_bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}")
    return p.stdout


def nnref_epoch(nnref, threads, work, log, extra=()):
    """One epoch of nnref train: (the epoch's seconds, peak RSS in MB)."""
    out = run(["/usr/bin/time", "-v", nnref, "train", "--epochs", "1", "--threads", str(threads),
               "--out", os.path.join(work, "model.nnref"), "--log", log, *extra])
    seconds = float(re.search(r"epoch 1/1: .*?, ([0-9.]+) s", out).group(1))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out).group(1))
    return seconds, rss_kb / 1024


def torch_epoch(script):
    env = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX", OPENBLAS_NUM_THREADS="1")
    out = run(["/usr/bin/python3", script, "1", "128", "1"], env)
    return float(re.search(r"epoch 1 time ([0-9.]+)s", out).group(1))


def gemm_limit(bench):
    out = run([bench, "--epoch-limit", "2"])
    return float(re.search(r"epoch_limit_s=([0-9.]+)", out).group(1))


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="runs of each, alternating (at least 3)")
    ap.add_argument("--nnref", default=os.path.join(top, "build/solutions/src/cli/nnref"))
    ap.add_argument("--gemm-bench", default=os.path.join(top, "build/solutions/bench/nnref_bench_gemm"))
    ap.add_argument("--torch-script", default=os.path.join(top, "../shared/bench/torch_mlp.py"))
    ap.add_argument("--out-dir", default=".", help="where to write the CSV files")
    ap.add_argument("--skip-accuracy", action="store_true", help="skip the 10-epoch run")
    args = ap.parse_args()
    if args.rounds < 3:
        sys.exit("mlp_bench: --rounds must be at least 3")
    for path in (args.nnref, args.gemm_bench, args.torch_script, "/usr/bin/time"):
        if not os.path.exists(path):
            sys.exit(f"mlp_bench: {path} does not exist (build first; Debian: time, python3-torch)")

    work = tempfile.mkdtemp(prefix="nnref-mlp-bench-")
    times = {"nnref 2 threads": [], "nnref 1 thread": [], "nnref unfused": [], "PyTorch": [],
             "GEMM limit": []}
    rss, logs = [], {1: [], 2: []}
    for r in range(args.rounds):
        for threads in (2, 1):
            log = os.path.join(work, f"log-{threads}-{r}.csv")
            s, mb = nnref_epoch(args.nnref, threads, work, log)
            times[f"nnref {threads} thread{'s' if threads == 2 else ''}"].append(s)
            logs[threads].append((s, log))
            rss.append(mb)
        s, mb = nnref_epoch(args.nnref, 2, work, os.path.join(work, f"log-unfused-{r}.csv"), ["--unfused"])
        times["nnref unfused"].append(s)
        rss.append(mb)
        times["PyTorch"].append(torch_epoch(args.torch_script))
        times["GEMM limit"].append(gemm_limit(args.gemm_bench))
        print(f"round {r + 1} of {args.rounds}: " + ", ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items()),
              flush=True)

    print(f"\none epoch (seconds), {args.rounds} rounds, alternating:")
    for k, v in times.items():
        print(f"  {k:16s} min {min(v):.3f}  median {statistics.median(v):.3f}")
    peak_rss = max(rss)
    print(f"nnref train's peak RSS: {peak_rss:.0f} MB")

    os.makedirs(args.out_dir, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with open(os.path.join(args.out_dir, "mlp_bench.csv"), "w", newline="") as f:
        f.write(f"# mlp_bench.py, {stamp}, {args.rounds} rounds; one epoch's seconds\n")
        f.write("# run min median\n")
        for k, v in times.items():
            f.write(f'"{k}" {min(v):.4f} {statistics.median(v):.4f}\n')
    # The phases of the median run of each thread count.
    with open(os.path.join(args.out_dir, "mlp_phases.csv"), "w", newline="") as f:
        f.write(f"# mlp_bench.py, {stamp}: the seconds of each phase of one epoch, median run\n")
        f.write("# phase 1_thread 2_threads\n")
        phases = {}
        for threads in (1, 2):
            runs = sorted(logs[threads])
            with open(runs[len(runs) // 2][1]) as log:
                row = list(csv.DictReader(log))[0]
            phases[threads] = row
        for name in ("load", "forward", "activation", "loss", "backward", "update"):
            f.write(f'"{name}" {float(phases[1][name + "_s"]):.4f} {float(phases[2][name + "_s"]):.4f}\n')

    accuracy = float("nan")
    if not args.skip_accuracy:
        log = os.path.join(args.out_dir, "mlp_train_log.csv")
        run([args.nnref, "train", "--epochs", "10", "--threads", "2", "--out", os.path.join(work, "model10.nnref"),
             "--log", log])
        with open(log) as f:
            accuracy = float(list(csv.DictReader(f))[-1]["test_accuracy"])
        print(f"test accuracy after 10 epochs: {100 * accuracy:.2f}%")
    shutil.rmtree(work)

    x = statistics.median(times["nnref 2 threads"])
    y = statistics.median(times["PyTorch"])
    g = statistics.median(times["GEMM limit"])
    print(f"summary mlp epoch_s={x:.3f} torch_epoch_s={y:.3f} gemm_limit_s={g:.3f} ratio_torch={x / y:.2f} "
          f"ratio_gemm={x / g:.2f} peak_rss_mb={peak_rss:.0f} test_acc_10ep={accuracy:.4f}")


if __name__ == "__main__":
    main()
