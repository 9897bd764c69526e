#!/usr/bin/env bash
# Lifeline sentinel benchmark: simulated ransomware variants against the sentinel on a realistic
# hospital share (files lost, time from first encrypted write to stop), and the benign workload suite
# (false detections). Prints Markdown; writes results.jsonl and summary.json in the work directory.
#   bash bench/sentinel/run.sh                                   # 3,000 files, every variant 5 times
#   FILES=200 RUNS=1 VARIANTS="fast partial" bash bench/sentinel/run.sh   # a quick run
# Settings: FILES, RUNS, VARIANTS, ORDER (sorted|readdir), NOTES (1: a ransom note per folder; 0: none),
# PREFER (auto|fanotify|inotify),
# SLOW_INTERVAL_MS (default 3000), LIMIT_S (longest a run may take, default 120), PARTS ("variants benign",
# add "scale" for a share of FILES_LARGE files (default 300,000) in DIRS folders (default 20,000)),
# BENIGN_TREE (share folder the benign suite reads, default Radiology), BENCH_DIR (default /tmp/sentinel-bench).
# Run as root for fanotify (the kernel guard); otherwise the sentinel falls back to inotify.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="${BENCH_DIR:-/tmp/sentinel-bench}"
RESULTS="$WORK/results.jsonl"
mkdir -p "$WORK"
PARTS="${PARTS:-variants benign}"
if [[ "$PARTS" == *variants* || "$PARTS" == *benign* ]]; then
  PARTS="$PARTS" node --import tsx bench/sentinel/bench.ts "$WORK" >"$RESULTS"
  node bench/sentinel/report.mjs "$RESULTS" "$WORK/summary.json"
fi
# A large share (FILES_LARGE files in DIRS folders): time to watch and fingerprint it, memory.
if [[ "$PARTS" == *scale* ]]; then
  FILES="${FILES_LARGE:-300000}" node --import tsx bench/sentinel/scale.ts "$WORK/scale"
fi
