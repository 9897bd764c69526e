// Prints bench/sentinel/run.sh's results.jsonl as Markdown against the sentinel issue's targets
// (median files lost ≤ 3 for every variant, stop within 1 s of the first encrypted write, no false
// detections) and writes the same figures as JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const [resultsFile, summaryFile] = process.argv.slice(2);
const rows = readFileSync(resultsFile, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line));
const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fmt = (value, unit = '') =>
  value === null || value === undefined ? '–' : `${Math.round(value).toLocaleString('en-US')}${unit}`;

const attacks = rows.filter((row) => row.part === 'variant');
const variants = [...new Set(attacks.map((row) => row.variant))];
const perVariant = variants.map((variant) => {
  const runs = attacks.filter((row) => row.variant === variant);
  const lost = runs.map((row) => row.lost);
  // A writer stopped before its first encrypted write (caught by its ransom notes) counts as 0 ms.
  const stops = runs
    .map((row) => row.stopMs ?? (row.outcome === 'stopped' && row.firstWriteAt === null ? 0 : null))
    .filter((v) => v !== null);
  const recorded = runs.map((row) => row.detectionMs).filter((v) => v !== null);
  const summary = {
    variant,
    runs: runs.length,
    files: runs[0]?.files ?? 0,
    mode: runs[0]?.mode ?? '?',
    stopped: runs.filter((row) => row.outcome === 'stopped').length,
    medianLost: median(lost),
    maxLost: lost.length ? Math.max(...lost) : null,
    medianStopMs: median(stops),
    maxStopMs: stops.length ? Math.max(...stops) : null,
    medianDetectionMs: median(recorded),
    signals: [...new Set(runs.flatMap((row) => row.signals))],
  };
  summary.met =
    summary.stopped === summary.runs &&
    summary.medianLost !== null &&
    summary.medianLost <= 3 &&
    summary.maxStopMs !== null &&
    summary.maxStopMs <= 1000;
  return summary;
});
const benign = rows.filter((row) => row.part === 'benign');

const lines = [];
const out = (text = '') => lines.push(text);
out(
  `${new Date().toISOString().slice(0, 10)} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, watcher ${perVariant[0]?.mode ?? '?'}, walk order ${attacks[0]?.order ?? '?'}, ransom notes ${attacks[0]?.notes === false ? 'none' : 'one per folder'}`,
);
out();
out(
  '| variant | runs | corpus files | stopped | median files lost | max lost | median stop after first write | slowest stop | detection recorded (median) | signals | targets (≤ 3 lost, ≤ 1 s) |',
);
out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
for (const v of perVariant) {
  out(
    `| ${v.variant} | ${v.runs} | ${fmt(v.files)} | ${v.stopped}/${v.runs} | ${fmt(v.medianLost)} | ${fmt(v.maxLost)} | ${fmt(v.medianStopMs, ' ms')} | ${fmt(v.maxStopMs, ' ms')} | ${fmt(v.medianDetectionMs, ' ms')} | ${v.signals.join(', ') || '–'} | ${v.met ? 'met' : 'missed'} |`,
  );
}
if (benign.length > 0) {
  out();
  out('| benign workload | seconds | false detections | signals | ran |');
  out('|---|---:|---:|---|---|');
  for (const b of benign)
    out(
      `| ${b.workload} | ${b.seconds.toFixed(1)} | ${b.falseDetections} | ${b.signals.join(', ') || '–'} | ${b.error ? `failed: ${b.error.replace(/\s+/g, ' ').slice(0, 120)}` : 'ok'} |`,
    );
  out();
  out(`False detections in total: ${benign.reduce((sum, b) => sum + b.falseDetections, 0)} (target 0).`);
}
console.log(lines.join('\n'));
if (summaryFile) writeFileSync(summaryFile, JSON.stringify({ variants: perVariant, benign, rows }, null, 2));
