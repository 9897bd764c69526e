/**
 * How the sentinel copes with a large share: `node --import tsx bench/sentinel/scale.ts <work dir>`.
 * Builds a tree of DIRS folders holding FILES small files, then measures how long the sentinel takes
 * to watch every folder (coverage) and to fingerprint every file (baseline), its memory, and that a
 * canary's writer deep in the tree is still stopped. Prints one Markdown table.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
// The benchmark drives the engine below the platform.
// eslint-disable-next-line no-restricted-imports
import { createSentinel } from '../../src/modules/sentinel/engine/index.js';
// eslint-disable-next-line no-restricted-imports
import type { Detection } from '../../src/modules/sentinel/types.js';

const work = process.argv[2] ?? '/tmp/sentinel-scale';
const files = Number(process.env['FILES'] ?? '300000');
const dirs = Number(process.env['DIRS'] ?? '20000');
const prefer = (process.env['PREFER'] ?? 'auto') as 'auto' | 'fanotify' | 'inotify';
const share = join(work, `share-${files}-${dirs}`);

/** Three levels: top-level departments, their years, then folders of documents. */
function folderPath(index: number): string {
  return join(share, `Department ${index % 40}`, `Year ${Math.floor(index / 40) % 25}`, `Folder ${index}`);
}

function buildTree(): void {
  if (existsSync(join(share, '.complete'))) return;
  rmSync(share, { recursive: true, force: true });
  const text = Buffer.from('Ward meeting notes, quality indicators and rosters. '.repeat(30));
  for (let dir = 0; dir < dirs; dir++) mkdirSync(folderPath(dir), { recursive: true });
  for (let file = 0; file < files; file++) {
    const body = file % 5 === 0 ? randomBytes(1_200) : text;
    writeFileSync(join(folderPath(file % dirs), `document-${file}.${file % 5 === 0 ? 'jpg' : 'txt'}`), body);
  }
  writeFileSync(join(share, '.complete'), '');
}

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

let started = process.hrtime.bigint();
buildTree();
process.stderr.write(`tree ready in ${seconds(started).toFixed(1)} s\n`);

const detections: Detection[] = [];
let watchedAfter = 0;
let seen: (() => void) | null = null;
const sentinel = createSentinel(
  { path: share, actions: ['suspend'], prefer },
  {
    onDetection: (detection) => {
      detections.push(detection);
      seen?.();
    },
  },
);
started = process.hrtime.bigint();
const coverage = await sentinel.start();
watchedAfter = seconds(started);
await sentinel.ready;
const startSeconds = seconds(started);
const rssMiB = process.memoryUsage().rss / 2 ** 20;

// A writer deep in the tree, touching the canary of the last department folder.
const canary = sentinel.canaries().at(-1)!.path;
const detected = new Promise<void>((resolve) => (seen = resolve));
const child = spawn(
  process.execPath,
  ['-e', `require('fs').writeFileSync(${JSON.stringify(canary)}, 'x'); setInterval(() => {}, 1000);`],
  { stdio: 'ignore' },
);
await Promise.race([detected, new Promise((resolve) => setTimeout(resolve, 10_000))]);
const state = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.[0];
child.kill('SIGKILL');
await sentinel.close();

const date = new Date().toISOString().slice(0, 10);
console.log(
  `${date} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}\n`,
);
console.log(
  '| mode | folders watched | files fingerprinted | every folder watched after | fingerprints done after | RSS after start | canary writer stopped |',
);
console.log('|---|---:|---:|---:|---:|---:|---|');
console.log(
  `| ${coverage.mode} | ${coverage.directories.toLocaleString('en-US')} | ${files.toLocaleString('en-US')} | ${watchedAfter.toFixed(1)} s | ${startSeconds.toFixed(1)} s | ${Math.round(rssMiB)} MiB | ${state === 'T' && detections.length > 0 ? 'yes' : 'no'} |`,
);
