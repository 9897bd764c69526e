import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { parseMountInfo, topMountAt, type MountEntry } from './mountinfo.js';

export const mounts = (): MountEntry[] => parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8'));
export const mountsAt = (path: string): number => mounts().filter((m) => m.mountPoint === path).length;
export const topAt = (path: string): MountEntry | undefined => topMountAt(mounts(), path);

/**
 * Unmounts whatever is stacked at `path`, even after a failed test. A process just killed may still
 * hold it busy for a moment; a lazy unmount is the last resort, so no test leaves a mount behind.
 */
export async function unmountAll(path: string): Promise<void> {
  for (let i = 0; i < 50 && mountsAt(path) > 0; i++) {
    try {
      execFileSync('umount', [path], { stdio: 'pipe' });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  while (mountsAt(path) > 0) execFileSync('umount', ['-l', path]);
}

/** Runs in the child: each stdin line `write NAME` writes NAME relative to its cwd; `hold NAME` keeps it open for writing. */
const CHILD = `
const fs = require('node:fs');
const held = [];
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [verb, name] = line.split(' ');
  try {
    if (verb === 'hold') held.push(fs.openSync(name, 'w'));
    else fs.writeFileSync(name, 'written from inside');
    console.log('ok');
  } catch (error) {
    console.log(error.code ?? 'unknown');
  }
});`;

/**
 * A process whose working directory is inside `cwd` before any action is taken, the way an smbd
 * serving a client sits in the share: it writes by relative path.
 */
export class WriterInside {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: Array<(answer: string) => void> = [];

  constructor(cwd: string) {
    this.child = spawn(process.execPath, ['-e', CHILD], { cwd });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
  }

  /** 'ok', or the errno code the write failed with (EROFS). */
  write(name: string): Promise<string> {
    return this.ask(`write ${name}`);
  }

  hold(name: string): Promise<string> {
    return this.ask(`hold ${name}`);
  }

  private ask(line: string): Promise<string> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${line}\n`);
    });
  }

  /** Kills it and waits until it is gone, so its working directory no longer holds the share busy. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
