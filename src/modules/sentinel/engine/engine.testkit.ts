/**
 * A real share in a temporary folder, a real Sentinel on it and child processes that write to it:
 * the writers the engine must find and stop. Test-only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanaryRecord } from '../canary/index.js';
import type { Detection } from '../types.js';
import type { Sentinel, ShareOptions } from './options.js';
import { createSentinel, type EngineTuning } from './sentinel.js';

export const PDF_HEAD = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n';

export interface Harness {
  share: string;
  sentinel: Sentinel;
  /** Every report of a detection, in order (a detection reported again appears again). */
  reports: Detection[];
  problems: Array<{ message: string; kind: string }>;
  published: CanaryRecord[][];
  /** Resolves true once `ready()` holds after some report, false if it does not within `limitMs`. */
  until(ready: () => boolean, limitMs?: number): Promise<boolean>;
  /** A child node process running `script`; killed at dispose. */
  writer(script: string): ChildProcess;
  dispose(): Promise<void>;
}

export function makeShare(): string {
  const share = mkdtempSync(join(tmpdir(), 'sentinel-engine-'));
  for (const folder of ['Cardiology', 'Finance']) {
    mkdirSync(join(share, folder));
    for (let index = 0; index < 20; index++) {
      writeFileSync(join(share, folder, `report-${index}.pdf`), PDF_HEAD + 'text line\n'.repeat(400));
    }
  }
  return share;
}

export async function watchShare(
  options: Omit<ShareOptions, 'path'>,
  tuning: EngineTuning = {},
): Promise<Harness> {
  const share = makeShare();
  const reports: Detection[] = [];
  const problems: Harness['problems'] = [];
  const published: CanaryRecord[][] = [];
  const children: ChildProcess[] = [];
  let poke: () => void = () => undefined;
  const sentinel = createSentinel(
    { path: share, actions: ['suspend'], ...options },
    {
      onDetection: (detection) => {
        reports.push(structuredClone(detection));
        poke();
      },
      onProblem: (message, kind) => problems.push({ message, kind }),
      onCanaries: (records) => {
        published.push(records);
        poke();
      },
    },
    {},
    tuning,
  );
  await sentinel.start();
  const until = async (ready: () => boolean, limitMs = 10_000): Promise<boolean> => {
    const deadline = Date.now() + limitMs;
    while (!ready()) {
      if (Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        poke = resolve;
        setTimeout(resolve, 50);
      });
    }
    return true;
  };
  return {
    share,
    sentinel,
    reports,
    problems,
    published,
    until,
    writer(script) {
      const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
      children.push(child);
      return child;
    },
    async dispose() {
      for (const child of children) child.kill('SIGKILL');
      await sentinel.close();
      rmSync(share, { recursive: true, force: true });
    },
  };
}

export function processState(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? null;
  } catch {
    return null;
  }
}

export const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** A script that overwrites `files` with random bytes of the same size, `pauseMs` apart. */
export function encryptScript(files: readonly string[], pauseMs: number, stay = false): string {
  return `const fs = require('fs'), c = require('crypto'), pause = new Int32Array(new SharedArrayBuffer(4));
    for (const f of ${JSON.stringify(files)}) {
      fs.writeFileSync(f, c.randomBytes(fs.statSync(f).size));
      Atomics.wait(pause, 0, 0, ${pauseMs});
    }
    ${stay ? 'setInterval(() => {}, 1000);' : ''}`;
}
