import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_ALERT_EVENT } from '../../../kernel/bus/security.js';
import { sentinelModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import type { SentinelPlatform } from './mount.js';

/** The engine, watchers and stop actions are other rooms of this module; this test needs them all. */
async function unavailable(): Promise<string | false> {
  if (process.platform !== 'linux') return 'the sentinel watches Linux file systems only';
  if (process.getuid?.() !== 0) return 'stopping another process and fanotify need root';
  try {
    await import('../engine/index.js');
    await import('../respond/index.js');
    return false;
  } catch (error) {
    return `the sentinel engine cannot be loaded here (${error instanceof Error ? error.message.split('\n')[0] : 'unknown'})`;
  }
}

const reason = await unavailable();
if (reason) console.warn(`skipping the real sentinel test: ${reason}`);

function processState(pid: number): string | null {
  try {
    // The state follows the command name in parentheses, which may itself hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(reason !== false)('the service running a real sentinel', () => {
  let share: string;
  let test: TestApp;
  let sentinel: SentinelPlatform;
  let writer: ChildProcess | undefined;
  const alerts: unknown[] = [];

  beforeAll(async () => {
    share = mkdtempSync(join(tmpdir(), 'lifeline-sentinel-share-'));
    mkdirSync(join(share, 'reports'));
    for (let i = 0; i < 5; i++)
      writeFileSync(join(share, 'reports', `report-${i}.txt`), `quarterly report ${i}\n`.repeat(40));
    test = await createTestApp({
      config: { sentinel: { shares: [{ path: share, actions: ['suspend'] }] } },
      modules: [sentinelModule({ expose: (platform) => (sentinel = platform) })],
    });
    await test.services.bus.subscribe(
      { durable: 't-real-security', types: [SECURITY_ALERT_EVENT] },
      async (e) => {
        alerts.push(e.data);
      },
    );
    await test.platform.startModules();
  }, 60_000);

  afterAll(async () => {
    if (writer?.pid) {
      process.kill(writer.pid, 'SIGCONT');
      writer.kill('SIGKILL');
    }
    await test?.close();
    rmSync(share, { recursive: true, force: true });
  });

  it('stops a process that writes a canary, records the detection and lets an operator release it', async () => {
    const [status] = await sentinel.stores.shares.list();
    expect(status).toMatchObject({ path: share, complete: true });
    const canary = (await sentinel.stores.shares.canaries(share))[0];
    expect(canary).toBeDefined();

    // Holds the canary open after writing, as an encryptor in the middle of its work would.
    writer = spawn(
      process.execPath,
      [
        '-e',
        "const fs=require('fs');const fd=fs.openSync(process.argv[1],'r+');fs.writeSync(fd,'encrypted');setInterval(()=>{},1000)",
        canary!.path,
      ],
      { stdio: 'ignore' },
    );
    const pid = writer.pid!;
    const [detection] = await until(async () => {
      const list = await sentinel.stores.detections.list();
      return list.length > 0 ? list : undefined;
    }, 'the detection');
    expect(detection).toMatchObject({ share, status: 'stopped', writer: { pid } });
    expect(processState(pid)).toBe('T');
    const audit = await test.services.audit.list({ action: 'sentinel.detection.raised' });
    expect(audit[0]?.details.files).toContain(canary!.path);
    await until(() => (alerts.length > 0 ? true : undefined), 'the security alert');

    const released = await sentinel.service.release(detection!.id, { actor: 'ic', sourceIp: null });
    expect(released.status).toBe('released');
    expect(processState(pid)).not.toBe('T');
  }, 60_000);
});
