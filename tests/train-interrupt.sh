#!/usr/bin/env bash
# The test cli.train_interrupt: Ctrl-C stops `nnref train` cleanly, with exit code 130, and
# leaves the model of the last complete epoch on disk, which `nnref eval` reads.
#   train-interrupt.sh <the nnref command> <a folder, emptied first>
set -u
nnref=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
"$nnref" train --limit 6000 --epochs 1000 --threads 2 --out "$work/model.nnref" > "$work/out.txt" 2>&1 &
pid=$!
for _ in $(seq 600); do  # wait for the first epoch's model, up to a minute
    [ -f "$work/model.nnref" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
        cat "$work/out.txt"
        echo "nnref train ended before its first epoch"
        exit 1
    fi
    sleep 0.1
done
kill -INT "$pid"
wait "$pid"
rc=$?
cat "$work/out.txt"
if [ "$rc" -ne 130 ]; then
    echo "expected exit code 130 after Ctrl-C, got $rc"
    exit 1
fi
grep -q "stopped by Ctrl-C" "$work/out.txt" || { echo "no message about Ctrl-C"; exit 1; }
[ ! -e "$work/model.nnref.tmp" ] || { echo "a half-written model was left behind"; exit 1; }
"$nnref" eval --model "$work/model.nnref" > /dev/null || { echo "the model on disk does not load"; exit 1; }
echo "Ctrl-C: exit 130, and the last complete model loads"
