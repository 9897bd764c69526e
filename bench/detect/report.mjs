// Prints bench/detect/run.sh's results.jsonl as Markdown: one row per stage, then the memory check.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const [resultsFile, eventsFile, bigFile] = process.argv.slice(2);
const rows = readFileSync(resultsFile, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const bytes = (file) => (file && existsSync(file) ? statSync(file).size : 0);
const mb = (kb) => (kb / 1024).toFixed(0);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const STAGES = {
  'readline-parse': '(a) readline + JSON.parse (the floor)',
  'split-parse': "(a') the scan's line splitter + JSON.parse",
  normalise: '(b) splitter + parse + normalise (EVTX → flat fields)',
  scan: '(c) full scan: normalise + every Windows rule, windows pipeline',
};

const size = bytes(eventsFile);
console.log(
  `\n${new Date().toISOString().slice(0, 10)} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ` +
    `${fmt(rows[0]?.events ?? 0)} events, ${(size / 1e6).toFixed(0)} MB (${(size / (rows[0]?.events || 1)).toFixed(0)} B/event)\n`,
);
console.log('| stage | events/s | MB/s | wall s | peak RSS MB | matches | planted found |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows.filter((r) => r.stage in STAGES)) {
  const seconds = row.scanSeconds ?? row.seconds;
  const wall =
    row.loadSeconds === undefined
      ? row.seconds.toFixed(1)
      : `${row.seconds.toFixed(1)} (rules ${row.loadSeconds.toFixed(1)})`;
  console.log(
    `| ${STAGES[row.stage]} | ${fmt(row.eventsPerSecond)} | ${(size / 1e6 / seconds).toFixed(0)} | ${wall} | ` +
      `${row.scanPeakRssKb === undefined ? mb(row.peakRssKb) : `${mb(row.scanPeakRssKb)} (rules ${mb(row.loadPeakRssKb)})`} | ${row.matches === undefined ? '–' : fmt(row.matches)} | ` +
      `${row.planted === undefined ? '–' : `${row.plantedFound} / ${row.planted}`} |`,
  );
}
const stream = rows.find((r) => r.stage === 'stream');
if (stream)
  console.log(
    `| (d) through NATS JetStream: one \`worker detect\` (rules as in c), ${fmt(stream.events)} events ` +
      `in batches of 64; publishing incl. normalise ${fmt(stream.publishPerSecond)} events/s | ` +
      `${fmt(stream.eventsPerSecond)} | – | ${stream.seconds.toFixed(1)} | ${mb(stream.peakRssKb)} | ${fmt(stream.matches)} | – |`,
  );
const scan = rows.find((r) => r.stage === 'scan');
if (scan)
  console.log(`\n${fmt(scan.rules)} rules active (${scan.ruleProblems} documents refused by the engine).`);

const big = rows.find((r) => r.stage === 'scan-large');
if (big) {
  // Samples taken while the rules were compiled say nothing about the scan's memory.
  const samples = big.rssSamplesKb.slice(big.scanFromSample ?? 0);
  const heap = (big.heapAfterGcKb ?? []).slice(big.scanFromSample ?? 0);
  const third = Math.max(1, Math.floor(samples.length / 3));
  const avg = (list) => list.reduce((a, b) => a + b, 0) / list.length;
  const early = avg(samples.slice(third, 2 * third));
  const late = avg(samples.slice(-third));
  console.log(
    `\nFlat memory: full scan of ${(bytes(bigFile) / 1e9).toFixed(2)} GB (${fmt(big.events)} events) in ` +
      `${big.scanSeconds.toFixed(0)} s (${fmt(big.eventsPerSecond)} events/s, ${(bytes(bigFile) / 1e6 / big.scanSeconds).toFixed(0)} MB/s); ` +
      `RSS sampled ${samples.length}× during the scan (every second): min ${mb(Math.min(...samples))} MB, ` +
      `max ${mb(Math.max(...samples))} MB, middle third ${mb(early)} MB, last third ${mb(late)} MB, ` +
      `scan peak (VmHWM) ${mb(big.scanPeakRssKb ?? big.peakRssKb)} MB, rule compilation peak ${mb(big.loadPeakRssKb)} MB; ` +
      `planted found ${big.plantedFound} / ${big.planted}.` +
      (heap.length > 0
        ? ` Heap in use after a full collection, each second: ${mb(Math.min(...heap))}–${mb(Math.max(...heap))} MB ` +
          `(first ${mb(heap[0])}, last ${mb(heap[heap.length - 1])}).`
        : ''),
  );
}
