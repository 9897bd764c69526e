#!/usr/bin/env bash
# Lifeline detection benchmark: one synthetic Windows event file, measured four ways in one run, plus
# a flat-memory check on a ~3 GB file. Prints a Markdown table.
#   bash bench/detect/run.sh            # 1,000,000 events
#   bash bench/detect/run.sh 100000     # a quick run
#   BIG_BYTES=0 bash bench/detect/run.sh  # skip the 3 GB memory check
#   NATS_URL=nats://127.0.0.1:4222 bash bench/detect/run.sh  # add the JetStream worker path
# Each stage runs in its own process, so its peak RSS (VmHWM) is its own. Files are kept in $BENCH_DIR
# (default /tmp/detect-bench) and reused by the next run; delete them to regenerate.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000000}"
WORK="${BENCH_DIR:-/tmp/detect-bench}"
BIG_BYTES="${BIG_BYTES:-3000000000}"
RESULTS="$WORK/results.jsonl"
EVENTS="$WORK/events-$N.ndjson"
BIG="$WORK/events-$BIG_BYTES-bytes.ndjson"
TSX="node --import tsx"

mkdir -p "$WORK"
: >"$RESULTS"
if [ ! -f "$EVENTS" ]; then
  echo "== generating $N events" >&2
  $TSX bench/detect/generate.ts "$EVENTS" "$N"
fi
for stage in readline-parse split-parse normalise scan; do
  echo "== $stage" >&2
  $TSX bench/detect/stage.ts "$stage" "$EVENTS" >>"$RESULTS"
done
if [ -n "${NATS_URL:-}" ]; then
  echo "== through NATS JetStream, one worker" >&2
  $TSX bench/detect/stream.ts "$EVENTS" $((N < 200000 ? N : 200000)) "$NATS_URL" >>"$RESULTS"
fi
if [ "$BIG_BYTES" != 0 ]; then
  if [ ! -f "$BIG" ]; then
    echo "== generating $BIG_BYTES bytes of events" >&2
    # About 1.15 KB an event: the count only spaces the planted attacks over the file.
    $TSX bench/detect/generate.ts "$BIG" $((BIG_BYTES / 1150)) --bytes "$BIG_BYTES"
  fi
  echo "== scan of the large file, RSS and the collected heap sampled every second" >&2
  node --expose-gc --import tsx bench/detect/stage.ts scan "$BIG" --sample-ms 1000 | sed 's/"stage":"scan"/"stage":"scan-large"/' >>"$RESULTS"
fi
node bench/detect/report.mjs "$RESULTS" "$EVENTS" "$BIG"
