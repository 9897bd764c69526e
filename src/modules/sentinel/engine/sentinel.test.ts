import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Detection } from '../types.js';
import { fanotifyAvailable } from '../watch/index.js';
import { createSentinel } from './sentinel.js';
import type { Sentinel } from './options.js';

const fanotify = fanotifyAvailable();
const PDF_HEAD = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n';

/** A child node process running a script; it is the writer the sentinel must find and stop. */
function writer(script: string): ChildProcess {
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

function processState(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? null;
  } catch {
    return null;
  }
}

describe.skipIf(!fanotify.ok)('the sentinel on a real share (fanotify)', () => {
  let share: string;
  let sentinel: Sentinel | null = null;
  const children: ChildProcess[] = [];
  const detections: Detection[] = [];
  let seen: (() => void) | null = null;

  beforeEach(() => {
    share = mkdtempSync(join(tmpdir(), 'sentinel-engine-'));
    for (const folder of ['Cardiology', 'Finance']) {
      mkdirSync(join(share, folder));
      for (let index = 0; index < 20; index++) {
        writeFileSync(join(share, folder, `report-${index}.pdf`), PDF_HEAD + 'text line\n'.repeat(400));
      }
    }
    detections.length = 0;
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await sentinel?.close();
    sentinel = null;
    rmSync(share, { recursive: true, force: true });
  });

  async function watch(): Promise<Sentinel> {
    sentinel = createSentinel(
      { path: share, actions: ['suspend'], prefer: 'fanotify' },
      {
        onDetection: (detection) => {
          detections.push(detection);
          seen?.();
        },
      },
    );
    await sentinel.start();
    return sentinel;
  }

  const nextDetection = (): Promise<void> => new Promise((resolve) => (seen = resolve));

  it('suspends a process that writes a canary and records who it was', async () => {
    await watch();
    const canary = canaryPath();
    const detected = nextDetection();
    const child = writer(
      `require('fs').writeFileSync(${JSON.stringify(canary)}, 'x'); setInterval(() => {}, 1000);`,
    );
    children.push(child);
    await detected;
    const detection = detections[0]!;
    expect(detection.writer.pid).toBe(child.pid);
    expect(detection.writer.executable).toBe(process.execPath);
    expect(detection.signals.map((signal) => signal.kind)).toContain('canary-touched');
    expect(detection.actions).toEqual([expect.objectContaining({ action: 'suspend', ok: true })]);
    expect(processState(child.pid!)).toBe('T');
  });

  it('stops a writer that turns documents into random bytes before it gets far', async () => {
    await watch();
    const detected = nextDetection();
    const files = Array.from({ length: 20 }, (_, index) => join(share, 'Finance', `report-${index}.pdf`));
    // A steady encryptor (one file every 20 ms) that avoids the canaries: the scores must catch it.
    const child = writer(
      `const fs = require('fs'), c = require('crypto'), pause = new Int32Array(new SharedArrayBuffer(4));
       for (const f of ${JSON.stringify(files)}) {
         fs.writeFileSync(f, c.randomBytes(fs.statSync(f).size));
         Atomics.wait(pause, 0, 0, 20);
       }`,
    );
    children.push(child);
    await detected;
    const detection = detections[0]!;
    expect(detection.writer.pid).toBe(child.pid);
    expect(detection.signals.some((signal) => signal.kind !== 'canary-touched')).toBe(true);
    expect(processState(child.pid!)).toBe('T');
    const untouched = files.filter((file) => readFileSync(file, 'latin1').startsWith('%PDF'));
    expect(untouched.length).toBeGreaterThan(0);
  });

  it('does not take ordinary work for an attack', async () => {
    await watch();
    const folder = join(share, 'Cardiology');
    const benign = writer(
      `const fs = require('fs'), c = require('crypto'), z = require('zlib');
       for (let i = 0; i < 30; i++) fs.writeFileSync(${JSON.stringify(folder)} + '/scan-' + i + '.bin.gz', z.gzipSync(c.randomBytes(20000)));
       fs.renameSync(${JSON.stringify(join(folder, 'report-1.pdf'))}, ${JSON.stringify(join(folder, 'report-1-final.pdf'))});`,
    );
    children.push(benign);
    await new Promise((resolve) => benign.once('exit', resolve));
    // Events arrive in order: once a canary probe is detected, the benign work before it was judged.
    const detected = nextDetection();
    const probe = writer(
      `require('fs').writeFileSync(${JSON.stringify(canaryPath())}, 'x'); setInterval(() => {}, 1000);`,
    );
    children.push(probe);
    await detected;
    expect(detections.map((detection) => detection.writer.pid)).toEqual([probe.pid]);
  });

  function canaryPath(): string {
    const first = sentinel?.canaries()[0];
    if (!first) throw new Error('no canary placed');
    return first.path;
  }
});
