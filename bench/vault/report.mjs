// Prints bench/vault/run.sh's results.tsv as Markdown tables with ratios against restic and borg.
// Ratios are throughput ratios: > 1 means Lifeline was faster (or, for size and RSS, smaller).
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const [file, scale] = process.argv.slice(2);
const rows = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [dataset, step, tool, secs, rss, repo, data] = line.split('\t');
    return {
      dataset,
      step,
      tool,
      secs: Number(secs),
      rss: Number(rss),
      repo: Number(repo),
      data: Number(data),
    };
  });
const get = (d, s, t) => rows.find((r) => r.dataset === d && r.step === s && r.tool === t);
const mb = (n) => (n / 1e6).toFixed(0);
const ratio = (a, b) => (a && b ? (b / a).toFixed(2) : '–');

console.log(
  `\n${new Date().toISOString().slice(0, 10)} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, scale ${scale}`,
);
for (const dataset of [...new Set(rows.map((r) => r.dataset))]) {
  const first = get(dataset, 'first', 'lifeline') ?? rows.find((r) => r.dataset === dataset);
  console.log(`\n### ${dataset} — ${mb(first.data)} MB of source data\n`);
  console.log('| step | Lifeline s (MB/s) | restic s | borg s | vs restic | vs borg | RSS MB L / r / b |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const step of ['first', 'unchanged', 'incremental', 'restore', 'check']) {
    const [l, r, b] = ['lifeline', 'restic', 'borg'].map((t) => get(dataset, step, t));
    const rate = l ? ` (${mb(l.data / l.secs)})` : '';
    const rss = [l, r, b].map((x) => (x ? (x.rss / 1024).toFixed(0) : '–')).join(' / ');
    console.log(
      `| ${step} | ${l?.secs ?? '–'}${rate} | ${r?.secs ?? '–'} | ${b?.secs ?? '–'} | ` +
        `${ratio(l?.secs, r?.secs)}× | ${ratio(l?.secs, b?.secs)}× | ${rss} |`,
    );
  }
  const [l, r, b] = ['lifeline', 'restic', 'borg'].map((t) => get(dataset, 'incremental', t));
  const pct = (x) => (l && x ? `${(((l.repo - x.repo) / x.repo) * 100).toFixed(1)} %` : '–');
  console.log(
    `\nrepository after the incremental: Lifeline ${mb(l?.repo ?? 0)} MB, restic ${mb(r?.repo ?? 0)} MB ` +
      `(${pct(r)}), borg ${mb(b?.repo ?? 0)} MB (${pct(b)})`,
  );
}
