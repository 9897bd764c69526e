#!/usr/bin/env bash
# Lifeline vault vs restic 0.14 vs borg 1.2, same data, same machine, same run.
#   bash bench/vault/run.sh            # the issue's size: 2 GB mixed + 100,000 small files
#   SCALE=0.25 bash bench/vault/run.sh # a quick run
# Needs: `npm run build:server`, /usr/bin/restic, borg (apt-get install borgbackup), /usr/bin/time.
# The page cache is not dropped (that needs root and a quiet machine): every tool reads the data
# after the generator or a previous tool did, so the source files are warm for all of them alike.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE="${SCALE:-1}"
WORK="${BENCH_DIR:-/tmp/vault-bench}"
TOOLS="${TOOLS:-lifeline restic borg}"
DATASETS="${DATASETS:-mixed small}"
RESULTS="$WORK/results.tsv"
PASS=bench-password

[ -f dist/cli/main.js ] || { echo "run npm run build:server first" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"
export RESTIC_PASSWORD=$PASS BORG_PASSPHRASE=$PASS LIFELINE_VAULT_PASSWORD=$PASS
export HOME="$WORK/home" XDG_CACHE_HOME="$WORK/cache" BORG_BASE_DIR="$WORK/borg-base"
export BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
mkdir -p "$HOME" "$XDG_CACHE_HOME" "$BORG_BASE_DIR"
printf 'dataset\tstep\ttool\tseconds\tmaxrss_kb\trepo_bytes\tdata_bytes\n' >"$RESULTS"

# tool step repo [args...]: runs one step of one tool, the only place commands are spelled out.
tool_cmd() {
  local tool=$1 step=$2 repo=$3 src=$4 target=$5
  case "$tool:$step" in
    lifeline:init) node bin/lifeline.js vault --repo "$repo" init ;;
    lifeline:backup) node bin/lifeline.js vault --repo "$repo" backup "$src" ;;
    lifeline:restore) node bin/lifeline.js vault --repo "$repo" restore latest --target "$target" ;;
    lifeline:check) node bin/lifeline.js vault --repo "$repo" check --read-data ;;
    restic:init) restic -r "$repo" init --repository-version 2 ;;
    restic:backup) restic -r "$repo" backup "$src" ;;
    restic:restore) restic -r "$repo" restore latest --target "$target" ;;
    restic:check) restic -r "$repo" check --read-data ;;
    borg:init) borg init -e repokey-blake2 "$repo" ;;
    borg:backup) borg create --compression zstd,3 "$repo::s{now:%H%M%S%f}" "$src" ;;
    borg:restore) (cd "$target" && borg extract "$repo::$(borg list --last 1 --short "$repo")") ;;
    borg:check) borg check --verify-data "$repo" ;;
  esac
}

# measure dataset label tool step repo src target
measure() {
  local dataset=$1 label=$2 tool=$3 step=$4 repo=$5 src=$6 target=$7
  local out="$WORK/time.out" log="$WORK/logs/$dataset-$tool-$label.log"
  mkdir -p "$WORK/logs"
  sync
  /usr/bin/time -f '%e %M' -o "$out" bash -c "$(declare -f tool_cmd); tool_cmd $tool $step '$repo' '$src' '$target'" \
    >"$log" 2>&1 || { echo "$tool $label failed, see $log" >&2; tail -5 "$log" >&2; exit 1; }
  read -r secs rss <"$out"
  local size data
  size=$(du -sb "$repo" | cut -f1)
  data=$(du -sb "$src" | cut -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$dataset" "$label" "$tool" "$secs" "$rss" "$size" "$data" >>"$RESULTS"
  printf '  %-8s %-12s %8ss %8s KB\n' "$tool" "$label" "$secs" "$rss"
}

for dataset in $DATASETS; do
  src="$WORK/data-$dataset"
  echo "== $dataset (scale $SCALE): generating"
  npx tsx bench/vault/dataset.ts create "$dataset" "$src" "$SCALE"
  for tool in $TOOLS; do
    repo="$WORK/repo-$dataset-$tool"
    tool_cmd "$tool" init "$repo" "$src" "" >"$WORK/init-$dataset-$tool.log" 2>&1
    measure "$dataset" first "$tool" backup "$repo" "$src" ""
    measure "$dataset" unchanged "$tool" backup "$repo" "$src" ""
  done
  npx tsx bench/vault/dataset.ts change "$src"
  for tool in $TOOLS; do
    repo="$WORK/repo-$dataset-$tool"
    measure "$dataset" incremental "$tool" backup "$repo" "$src" ""
    target="$WORK/restore-$dataset-$tool"
    rm -rf "$target" && mkdir -p "$target"
    measure "$dataset" restore "$tool" restore "$repo" "$src" "$target"
    rm -rf "$target"
    measure "$dataset" check "$tool" check "$repo" "$src" ""
  done
  rm -rf "$src"
done

node bench/vault/report.mjs "$RESULTS" "$SCALE"
