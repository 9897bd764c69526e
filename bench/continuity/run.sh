#!/usr/bin/env bash
# Lifeline continuity benchmark: kit builds for a 600-bed hospital and a 100,000-patient site, the
# offline viewer in headless Chromium (open, search), and ADT → kit-on-device staleness. Prints Markdown.
#   bash bench/continuity/run.sh                 # 100,000 patients, every measurement 3 times
#   REPEAT=1 PATIENTS=20000 bash bench/continuity/run.sh   # a quick run
#   PARTS="viewer" bash bench/continuity/run.sh  # one part again: site-kit, viewer and staleness reuse
#                                                # the site database and kit files of an earlier run
# Needs Debian's Chromium at /usr/bin/chromium (or LIFELINE_CHROMIUM). Builds the viewer script when it
# is missing or older than its sources. Each part runs in its own process, so each peak RSS is its own.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="${BENCH_DIR:-/tmp/continuity-bench}"
PATIENTS="${PATIENTS:-100000}"
ALL_PARTS="inpatients site-import site-kit viewer staleness"
PARTS="${PARTS:-$ALL_PARTS}"
export REPEAT="${REPEAT:-3}"
RESULTS="$WORK/results.jsonl"
VIEWER=dist/viewer/lifeline-viewer.js
TSX="node --import tsx"

mkdir -p "$WORK"
if [ ! -f "$VIEWER" ] || [ -n "$(find src/modules/continuity/viewer src/modules/continuity/kit -newer "$VIEWER" -name '*.ts' -print -quit)" ]; then
  echo "== building the viewer script" >&2
  npm run --silent build:viewer >&2
fi
if [ "$PARTS" = "$ALL_PARTS" ]; then : >"$RESULTS"; fi
touch "$RESULTS"
for part in $PARTS; do
  # A part run again replaces its earlier results; the other parts' stay.
  grep -v "\"part\":\"$part\"" "$RESULTS" >"$RESULTS.kept" || true
  mv "$RESULTS.kept" "$RESULTS"
  case "$part" in
    inpatients) $TSX bench/continuity/inpatients.ts "$WORK" >>"$RESULTS" ;;
    site-import) $TSX bench/continuity/site.ts "$WORK" import "$PATIENTS" >>"$RESULTS" ;;
    site-kit) $TSX bench/continuity/site.ts "$WORK" build >>"$RESULTS" ;;
    viewer) $TSX bench/continuity/viewer.ts "$WORK" >>"$RESULTS" ;;
    staleness) $TSX bench/continuity/staleness.ts "$WORK" >>"$RESULTS" ;;
    *) echo "unknown part: $part" >&2 && exit 2 ;;
  esac
done
node bench/continuity/report.mjs "$RESULTS"
