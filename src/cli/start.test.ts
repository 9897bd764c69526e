import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIMULATION_MARKER_FILE as MARKER_FILE } from '../modules/sentinel/index.js';
import { type CliHarness, cliHarness, eventually } from './cli.testkit.js';
import { DEFAULT_CONSOLE_DIR } from './server-run.js';

let cli: CliHarness;
let consoleDir: string;
beforeEach(() => {
  cli = cliHarness({ LIFELINE_SERVER_HOST: '127.0.0.1', LIFELINE_SERVER_PORT: '0' });
  consoleDir = join(cli.dir, 'console');
  mkdirSync(consoleDir);
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>test console</title>');
});
afterEach(() => cli.close());

async function startServer(command: 'start' | 'serve') {
  const controller = new AbortController();
  const running = cli.spawn([command], {
    signal: controller.signal,
    env: { LIFELINE_SERVER_CONSOLE_DIR: consoleDir },
  });
  let exited = false;
  void running.done.then(() => (exited = true));
  const url = await eventually(() => {
    if (exited) throw new Error(`${command} exited early: ${running.output().stderr}`);
    return /running at (http:\/\/\S+)/.exec(running.output().stdout)?.[1];
  });
  return { url, running, stop: () => controller.abort() };
}

describe('lifeline start', () => {
  it('seeds an empty database, serves health and the console, and stops cleanly on request', async () => {
    const server = await startServer('start');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const page = await fetch(`${server.url}/some/deep/link`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('test console');

    server.stop();
    const result = await server.running.done;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Lifeline stopped');
    expect(result.stdout.match(/password:\s+\S{20}/g)).toHaveLength(1);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    // The demo hospital's logs went through detection before the server stopped.
    const db = new Database(cli.dbFile, { readonly: true });
    const titles = db.prepare('select rule_title from detect_alerts').pluck().all();
    // And its documents were backed up once, by the nightly job the demo sets up.
    const runs = db.prepare('select outcome from vault_job_runs').pluck().all();
    // And its file share was made as a simulation target and watched by the sentinel at once.
    const watched = db.prepare('select path, complete, started_at from sentinel_shares').all() as Array<{
      started_at: string;
    }>;
    db.close();
    const demoShare = join(cli.dir, 'demo-share');
    expect(watched).toEqual([{ path: demoShare, complete: 1, started_at: expect.any(String) }]);
    const marker = readFileSync(join(demoShare, MARKER_FILE), 'utf8');
    expect(runs).toEqual(['success']);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Shadow copies deleted with vssadmin',
        'Many failed logons from one address',
        'PsExec service installed',
      ]),
    );

    // A second start finds users and prints no password.
    const again = await startServer('start');
    again.stop();
    const second = await again.running.done;
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('password');
    expect(second.stdout).not.toContain('seeded');
    // The demo share is watched again, not made again.
    const reopened = new Database(cli.dbFile, { readonly: true });
    const rewatched = reopened.prepare('select started_at from sentinel_shares').pluck().all() as string[];
    reopened.close();
    expect(rewatched).toHaveLength(1);
    expect(rewatched[0]! > watched[0]!.started_at).toBe(true);
    expect(readFileSync(join(demoShare, MARKER_FILE), 'utf8')).toBe(marker);
  });

  it('does not seed when demo.seed is off', async () => {
    const controller = new AbortController();
    const running = cli.spawn(['start'], { signal: controller.signal, env: { LIFELINE_DEMO_SEED: 'false' } });
    await eventually(() => (running.output().stdout.includes('running at') ? true : undefined));
    controller.abort();
    expect((await running.done).stdout).not.toContain('seeded');
    const users = await cli.run(['user', 'list', '--json']);
    expect(JSON.parse(users.stdout)).toEqual([]);
  });
});

describe('shutdown', () => {
  it('does not let a connection stuck mid-request hold it past the grace period', async () => {
    const controller = new AbortController();
    const running = cli.spawn(['serve'], {
      signal: controller.signal,
      env: { LIFELINE_SERVER_SHUTDOWN_GRACE_SECONDS: '1' },
    });
    const url = new URL(await eventually(() => /running at (\S+)/.exec(running.output().stdout)?.[1]));
    const socket = connect(Number(url.port), url.hostname);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', () => undefined);
    // Headers never finish: without the bound, Node would wait for its own 60 s header timeout.
    await new Promise((resolve) => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n', resolve));
    controller.abort();
    const result = await running.done;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Lifeline stopped');
    await closed;
  });
});

describe('lifeline serve', () => {
  it('never seeds', async () => {
    const server = await startServer('serve');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    server.stop();
    const result = await server.running.done;
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('seeded');
    expect(JSON.parse((await cli.run(['user', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('reports a port in use as one line naming the setting', async () => {
    const server = await startServer('serve');
    const port = new URL(server.url).port;
    const clash = await cli.run(['serve', '--port', port]);
    server.stop();
    await server.running.done;
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(
      `lifeline: cannot listen on 127.0.0.1:${port}: the port is in use; set server.host / server.port (CONFIG_INVALID)\n`,
    );
  });
});

describe('console location', () => {
  it('is web/dist at the package root, from src/ and dist/ alike', () => {
    expect(DEFAULT_CONSOLE_DIR).toBe(resolve(import.meta.dirname, '../../web/dist'));
  });
});
