import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../kernel/db/connect.js';
// eslint-disable-next-line no-restricted-imports -- the store seeds a detection as the serving process would
import { DetectionStore } from '../modules/sentinel/platform/detection-store.js';
// eslint-disable-next-line no-restricted-imports -- the stores seed a watching process's lease and canaries
import { LeaseStore } from '../modules/sentinel/platform/lease-store.js';
// eslint-disable-next-line no-restricted-imports -- as above
import { ShareStore } from '../modules/sentinel/platform/share-store.js';
// eslint-disable-next-line no-restricted-imports -- test kits are not part of the module's public index
import { detectionOn } from '../modules/sentinel/platform/sentinel.testkit.js';
import { type CliHarness, cliHarness, eventually } from './cli.testkit.js';

let cli: CliHarness;
beforeEach(() => {
  cli = cliHarness();
});
afterEach(() => cli.close());

async function withDb(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<unknown>) {
  await cli.run(['db', 'migrate']);
  const database = await openDatabase(`sqlite:${cli.dbFile}`);
  try {
    await work(database.db);
  } finally {
    await database.close();
  }
}

async function seed(detection: ReturnType<typeof detectionOn>): Promise<void> {
  await withDb((db) => new DetectionStore(db).add(detection, 'stopped'));
}

/** Another process (the server, on node ward-b) watches `share` for the next hour. */
async function seedLease(share: string, canaries: string[] = []): Promise<void> {
  const now = new Date();
  await withDb(async (db) => {
    await new LeaseStore(db).acquire(
      share,
      { id: 'ward-b:4711:server', node: 'ward-b', pid: 4711 },
      { now: now.toISOString(), expiresAt: new Date(now.getTime() + 3_600_000).toISOString() },
      () => false,
    );
    await new ShareStore(db).replaceCanaries(
      share,
      canaries.map((path) => ({
        path,
        directory: share,
        position: 'first' as const,
        sha256: '0'.repeat(64),
        placedAt: now.toISOString(),
      })),
    );
  });
}

/** Field 22 of /proc/<pid>/stat: when the process started. */
function startTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

function processState(pid: number): string | undefined {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
}

const asRoot = process.platform === 'linux' && process.getuid?.() === 0;

describe('lifeline sentinel', () => {
  it('says when no share is configured and lists no detections', async () => {
    const status = await cli.run(['sentinel', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('no share is configured');
    const detections = await cli.run(['sentinel', 'detections']);
    expect(detections.stdout).toContain('no detections');
  });

  it('shows a stored detection in one line and in detail', async () => {
    await seed(detectionOn('/srv/share', 'det-cli'));
    const list = await cli.run(['sentinel', 'detections', '--status', 'stopped']);
    expect(list.stdout).toMatch(
      /det-cli \/srv\/share: pid 4242 \/usr\/bin\/python3 \(alice\), score 14, 2 files; suspend ok \[stopped\]/,
    );
    const detail = await cli.run(['sentinel', 'detections', 'det-cli']);
    expect(detail.stdout).toContain('signal canary-touched +10 /srv/share/!0000-budget.docx');
    expect(detail.stdout).toContain('file /srv/share/a.pdf');
    const wrong = await cli.run(['sentinel', 'detections', '--status', 'gone']);
    expect(wrong.code).toBe(2);
  });

  it('refuses to release an unknown detection', async () => {
    const result = await cli.run(['sentinel', 'release', 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SENTINEL_DETECTION_NOT_FOUND');
  });

  it('does not renew canaries from a process that does not watch the shares', async () => {
    const result = await cli.run(['sentinel', 'canaries', '--renew']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SENTINEL_NOT_RUNNING');
    expect((await cli.run(['sentinel', 'canaries'])).stdout).toContain('no canaries placed');
    const database = await openDatabase(`sqlite:${cli.dbFile}`);
    try {
      const audit = await database.db
        .selectFrom('audit_log')
        .select(['action', 'outcome'])
        .where('action', '=', 'sentinel.canaries.renew.request')
        .execute();
      expect(audit).toEqual([{ action: 'sentinel.canaries.renew.request', outcome: 'failure' }]);
    } finally {
      await database.close();
    }
  });

  it.skipIf(!asRoot)('releases a stopped writer with SIGCONT and kills another, auditing both', async () => {
    const sleeper = () => spawn('sleep', ['60'], { stdio: 'ignore' });
    const first = sleeper();
    const second = sleeper();
    try {
      process.kill(first.pid!, 'SIGSTOP');
      process.kill(second.pid!, 'SIGSTOP');
      await eventually(() => (processState(first.pid!) === 'T' ? true : undefined));
      await seed(
        detectionOn('/srv/share', 'det-a', {
          writer: {
            pid: first.pid!,
            startTicks: startTicks(first.pid!),
            executable: '/usr/bin/sleep',
            commandLine: 'sleep 60',
            user: 'root',
          },
        }),
      );
      await seed(
        detectionOn('/srv/share', 'det-b', {
          writer: {
            pid: second.pid!,
            startTicks: startTicks(second.pid!),
            executable: '/usr/bin/sleep',
            commandLine: 'sleep 60',
            user: 'root',
          },
        }),
      );
      const released = await cli.run(['sentinel', 'release', 'det-a']);
      expect(released.stdout).toContain(`det-a: writer pid ${first.pid} released`);
      expect(processState(first.pid!)).not.toBe('T');
      const killed = await cli.run(['sentinel', 'release', 'det-b', '--kill']);
      expect(killed.stdout).toContain('killed');
      await eventually(() => (second.exitCode !== null || second.signalCode !== null ? true : undefined));
      const audit = await cli.run(['audit', 'verify']);
      expect(audit.code).toBe(0);
    } finally {
      first.kill('SIGKILL');
      second.kill('SIGKILL');
    }
  });

  it('runs the simulator only in a prepared directory and restores what it changed', async () => {
    const target = join(cli.dir, 'target');
    const refused = await cli.run(['sentinel', 'simulate', '--target', cli.dir, '--variant', 'fast']);
    expect(refused.code).toBe(1);
    const prepared = await cli.run(['sentinel', 'simulate', '--prepare', target]);
    expect(prepared.code).toBe(0);
    mkdirSync(join(target, 'docs'));
    for (let i = 0; i < 4; i++)
      writeFileSync(join(target, 'docs', `letter-${i}.txt`), `Dear colleague ${i}\n`.repeat(30));
    const before = readFileSync(join(target, 'docs', 'letter-0.txt'), 'utf8');
    const ran = await cli.run(['sentinel', 'simulate', '--target', target, '--variant', 'fast']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/fast: changed \d+ files/);
    const restored = await cli.run(['sentinel', 'simulate', '--restore', target]);
    expect(restored.stdout).toMatch(/restored \d+ of \d+ files/);
    expect(readFileSync(join(target, 'docs', 'letter-0.txt'), 'utf8')).toBe(before);
    const both = await cli.run(['sentinel', 'simulate', '--prepare', target, '--restore', target]);
    expect(both.code).toBe(2);
    const badOrder = await cli.run(['sentinel', 'simulate', '--target', target, '--order', 'random']);
    expect(badOrder.code).toBe(2);
    const quiet = await cli.run([
      'sentinel',
      'simulate',
      '--target',
      target,
      '--order',
      'readdir',
      '--no-notes',
    ]);
    expect(quiet.stdout).toMatch(/changed 4 files and left 0 notes/);
    await cli.run(['sentinel', 'simulate', '--restore', target]);
    expect(readFileSync(join(target, 'docs', 'letter-0.txt'), 'utf8')).toBe(before);
  });

  it('watches a share in the foreground until stopped, printing its coverage', async () => {
    const share = join(cli.dir, 'share');
    mkdirSync(join(share, 'a'), { recursive: true });
    writeFileSync(join(share, 'a', 'note.txt'), 'hello\n');
    const abort = new AbortController();
    const running = cli.spawn(['sentinel', 'watch', share, '--mode', 'inotify'], { signal: abort.signal });
    await eventually(() =>
      running.output().stdout.includes('watching;') || running.output().stderr ? true : undefined,
    );
    abort.abort();
    const result = await running.done;
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`${share}: watched \\(inotify, \\d+ directories\\)`));
    expect(result.stdout).toContain('stopped watching');
    expect(result.code).toBe(0);
    const status = await cli.run(['sentinel', 'status']);
    expect(status.stdout).toContain(`${share}: watched whole (inotify`);
  });

  it('refuses to watch a share another live process watches, naming it', async () => {
    const share = join(cli.dir, 'watched');
    mkdirSync(share);
    await seedLease(share);
    const result = await cli.run(['sentinel', 'watch', share, '--mode', 'inotify']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${share}: SENTINEL_SHARE_WATCHED`);
    expect(result.stderr).toContain('ward-b:4711:server');
    expect(result.stdout).not.toContain('watching;');
    const status = await cli.run(['sentinel', 'status']);
    expect(status.stdout).toContain('watched by ward-b:4711:server');
  });

  it('leaves the canaries of a watched share to the sentinel when it restores a simulation there', async () => {
    const target = join(cli.dir, 'demo-share');
    await cli.run(['sentinel', 'simulate', '--prepare', target]);
    const canary = join(target, '!0000-budget.txt');
    writeFileSync(canary, 'Budget 2027, draft\n'.repeat(40));
    writeFileSync(join(target, 'letter.txt'), 'Dear colleague\n'.repeat(40));
    await seedLease(target, [canary]);
    const ran = await cli.run(['sentinel', 'simulate', '--target', target, '--variant', 'fast']);
    expect(ran.code).toBe(0);
    const encrypted = readFileSync(canary, 'utf8');
    const restored = await cli.run(['sentinel', 'simulate', '--restore', target]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('left 1 canaries to the sentinel');
    expect(readFileSync(join(target, 'letter.txt'), 'utf8')).toBe('Dear colleague\n'.repeat(40));
    // Never written by the restore: the watching sentinel replaces it.
    expect(readFileSync(canary, 'utf8')).toBe(encrypted);
  });

  it('refuses to watch with an action that needs settings it lacks', async () => {
    const result = await cli.run(['sentinel', 'watch', cli.dir, '--actions', 'script']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('script');
  });
});
