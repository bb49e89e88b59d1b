#!/usr/bin/env bash
# The test cli.demo_interrupt: Ctrl-C stops `nnref demo` with exit code 130, and the files the
# demo had written so far are removed with the folder that held them and the parent folders
# made for it.
#   demo-interrupt.sh <the nnref command> <a folder, emptied first>
set -u
nnref=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
# Chapter 7's demo writes opt_quadratic_paths.csv after about a second, and runs for several.
"$nnref" demo 7 --out-dir "$work/made/07-optimizers" > "$work/output.txt" 2>&1 &
pid=$!
for _ in $(seq 600); do  # wait for the first CSV file, up to a minute
    compgen -G "$work/made/07-optimizers.tmp-*/opt_quadratic_paths.csv" > /dev/null && break
    if ! kill -0 "$pid" 2>/dev/null; then
        cat "$work/output.txt"
        echo "nnref demo 7 ended before it wrote its first CSV file"
        exit 1
    fi
    sleep 0.1
done
kill -INT "$pid"
wait "$pid"
rc=$?
cat "$work/output.txt"
if [ "$rc" -ne 130 ]; then
    echo "expected exit code 130 after Ctrl-C, got $rc"
    exit 1
fi
grep -q "stopped by Ctrl-C" "$work/output.txt" || { echo "no message about Ctrl-C"; exit 1; }
left=$(ls -A "$work")
[ "$left" = output.txt ] || { echo "left behind in $work:"; ls -laR "$work"; exit 1; }
echo "Ctrl-C: exit 130, and nothing left behind"
