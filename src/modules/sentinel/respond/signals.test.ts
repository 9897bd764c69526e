import { spawn, type ChildProcess } from 'node:child_process';

import { afterEach, describe, expect, it } from 'vitest';

import { processState } from './proc.js';
import { killAction, resumeWriter, suspendAction } from './signals.js';
import { contextFor } from './testkit.js';

const children: ChildProcess[] = [];

function sleeper(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child.pid as number;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('suspend, resume and kill', () => {
  it('stops a running writer, resumes it, and kills it', async () => {
    const pid = sleeper();
    const suspended = await suspendAction().run(contextFor(pid));
    expect(suspended).toMatchObject({ action: 'suspend', ok: true });
    expect(await processState(pid)).toBe('T');

    expect(await resumeWriter(pid)).toMatchObject({ ok: true });
    expect(['S', 'R']).toContain(await processState(pid));

    expect(await killAction().run(contextFor(pid))).toMatchObject({ action: 'kill', ok: true });
    expect(['Z', null]).toContain(await processState(pid));
  });

  it('kills a writer that is already suspended', async () => {
    const pid = sleeper();
    await suspendAction().run(contextFor(pid));
    expect(await killAction().run(contextFor(pid))).toMatchObject({ ok: true });
  });

  it('stops a node process that is busy writing', async () => {
    const child = spawn(
      process.execPath,
      ['-e', 'const fs=require("fs");for(;;){fs.writeFileSync("/dev/null","x".repeat(4096))}'],
      {
        stdio: 'ignore',
      },
    );
    children.push(child);
    const outcome = await suspendAction().run(contextFor(child.pid as number));
    expect(outcome.ok).toBe(true);
    expect(await processState(child.pid as number)).toBe('T');
  });

  it('fails clearly when there is no pid, the process is gone, or it must not be stopped', async () => {
    expect(await suspendAction().run(contextFor(null))).toMatchObject({
      ok: false,
      detail: 'the writer is not known (no pid)',
    });
    const child = spawn('true');
    await new Promise((resolve) => child.on('close', resolve));
    const gone = await suspendAction().run(contextFor(child.pid as number));
    expect(gone).toMatchObject({ ok: false, detail: `process ${child.pid} is gone` });
    expect(await killAction().run(contextFor(child.pid as number))).toMatchObject({ ok: false });
    expect(await suspendAction().run(contextFor(1))).toMatchObject({ ok: false });
    expect(await suspendAction().run(contextFor(process.pid))).toMatchObject({
      ok: false,
      detail: `pid ${process.pid} is the sentinel itself`,
    });
    expect(await resumeWriter(child.pid as number)).toMatchObject({ ok: false });
  });
});
