#!/usr/bin/env node
// Builds the sentinel's fanotify addon with the system C compiler: no node-gyp, no Python, no download.
// When it cannot build, it says what is missing in one line and exits 0 (the sentinel then watches
// with inotify); with --require it exits 1 instead. --force rebuilds even when the addon is current.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src/modules/sentinel/native');
const outDir = join(root, 'build/native');
const output = join(outDir, 'sentinel_fanotify.node');
const args = new Set(process.argv.slice(2));
const required = args.has('--require');

function giveUp(missing) {
  const line = `sentinel native addon not built: ${missing}; the sentinel will fall back to inotify (no kernel guard).`;
  console.error(line);
  process.exit(required ? 1 : 0);
}

if (process.platform !== 'linux') giveUp(`fanotify needs Linux, this is ${process.platform}`);

const compiler = process.env.CC || 'cc';
if (spawnSync(compiler, ['--version'], { stdio: 'ignore' }).status !== 0) {
  giveUp(`no C compiler (${compiler}) found; install gcc or set CC`);
}

const includeDir = resolve(dirname(process.execPath), '..', 'include', 'node');
if (!existsSync(join(includeDir, 'node_api.h'))) {
  giveUp(`Node headers not found at ${includeDir} (node_api.h); install the Node.js headers`);
}
if (!existsSync('/usr/include/linux/fanotify.h')) {
  giveUp('linux/fanotify.h not found; install the Linux kernel headers (linux-libc-dev)');
}

const sources = readdirSync(sourceDir)
  .filter((name) => name.endsWith('.c') || name.endsWith('.h'))
  .map((name) => join(sourceDir, name));
const newestSource = Math.max(...sources.map((file) => statSync(file).mtimeMs));
if (!args.has('--force') && existsSync(output) && statSync(output).mtimeMs >= newestSource) {
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
const partial = `${output}.${process.pid}.tmp`;
const result = spawnSync(
  compiler,
  [
    '-O2',
    '-std=gnu11',
    '-Wall',
    '-Wextra',
    '-shared',
    '-fPIC',
    '-pthread',
    '-fvisibility=hidden',
    `-I${includeDir}`,
    ...sources.filter((file) => file.endsWith('.c')),
    '-o',
    partial,
  ],
  { encoding: 'utf8' },
);
if (result.status !== 0) {
  process.stderr.write(result.stderr ?? '');
  giveUp(`the C compiler failed (${compiler}, exit ${result.status ?? result.signal})`);
}
// Rename into place so a running process never loads a half-written addon.
renameSync(partial, output);
console.log(`sentinel native addon built: ${output}`);
