import { randomBytes, createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildFixture, tempDir } from '../archiver/fixture.testkit.js';
import { describeTree, diffTrees } from '../archiver/tree-diff.testkit.js';
import { checkRepository } from '../check/check.js';
import { Repository } from '../repo/repository.js';
import { hasRestic, restic } from '../repo/restic.testkit.js';
import { backupWithLock, restoreWithLock } from '../service.js';
import { backendContract, plantFile } from './contract.testkit.js';
import { SftpBackend } from './sftp.js';
import { type SshServer, sshdAvailable, startRelay, startSshServer } from './sftp-server.testkit.js';

const FAST = { kdf: { N: 1024, r: 8, p: 1 }, packSize: 256 * 1024 };
const id = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
let server: SshServer;
let counter = 0;

async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the operation to fail');
}

// A real sshd and a network protocol: under a fully loaded CI machine a round trip can take far
// longer than the default test timeout, so this suite gets a generous one.
describe.skipIf(!sshdAvailable)('SftpBackend against OpenSSH', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startSshServer();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  backendContract('sftp', async () => {
    const name = `contract-${++counter}`;
    const backend = new SftpBackend(server.location(name), server.options);
    return {
      backend,
      dispose: async () => undefined,
      plant: (path, modified) => plantFile(join(server.dir, 'repos', name, path), modified),
    };
  });

  it('lays files out as restic does, read-only, with no temporary files left', async () => {
    const backend = new SftpBackend(server.location('layout'), server.options);
    try {
      await backend.create();
      const data = Buffer.from('pack');
      await backend.save('data', id(data), data);
      const root = join(server.dir, 'repos', 'layout');
      const dir = join(root, 'data', id(data).slice(0, 2));
      expect(readdirSync(dir)).toEqual([id(data)]);
      expect(statSync(join(dir, id(data))).mode & 0o777).toBe(0o400);
      expect(readdirSync(join(root, 'data'))).toHaveLength(256);
      for (const sub of ['keys', 'locks', 'snapshots', 'index'])
        expect(statSync(join(root, sub)).isDirectory()).toBe(true);
      expect(backend.location).toBe(`sftp://root@127.0.0.1:${server.port}/${root}`);
    } finally {
      await backend.close();
    }
  });

  it('reports a missing repository directory as VAULT_REPO_NOT_FOUND', async () => {
    const backend = new SftpBackend(server.location('never-created'), server.options);
    try {
      expect(await backend.exists()).toBe(false);
      expect((await failure(backend.load('config', 'config'))).code).toBe('VAULT_REPO_NOT_FOUND');
      const listing = async (): Promise<void> => {
        for await (const _ of backend.list('snapshot')) void _;
      };
      expect((await failure(listing())).code).toBe('VAULT_REPO_NOT_FOUND');
    } finally {
      await backend.close();
    }
  });

  it('refuses an unknown host key, says how to trust it, and accepts it once trusted', async () => {
    const empty = join(server.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const options = { ...server.options, knownHostsFile: empty };
    const refused = await failure(new SftpBackend(server.location('unknown'), options).exists());
    expect(refused.code).toBe('VAULT_BACKEND_FAILED');
    expect(refused.message).toContain(`is not known (${server.hostFingerprint})`);
    expect(refused.message).toContain(`LIFELINE_VAULT_SFTP_HOST_KEY=${server.hostFingerprint}`);
    expect(refused.message).toContain(`ssh-keyscan -p ${server.port} 127.0.0.1`);

    const trusted = new SftpBackend(server.location('unknown'), {
      ...options,
      trustedHostKey: server.hostFingerprint,
    });
    expect(await trusted.exists()).toBe(false);
    await trusted.close();
  });

  it('refuses a host whose key differs from known_hosts', async () => {
    const other = join(server.dir, 'other_known_hosts');
    const fake = Buffer.concat([Buffer.from('\0\0\0\x0bssh-ed25519\0\0\0\x20'), randomBytes(32)]);
    writeFileSync(other, `[127.0.0.1]:${server.port} ssh-ed25519 ${fake.toString('base64')}\n`);
    const refused = await failure(
      new SftpBackend(server.location('mitm'), { ...server.options, knownHostsFile: other }).exists(),
    );
    expect(refused).toMatchObject({ code: 'VAULT_BACKEND_FAILED' });
    expect(refused.message).toContain('does not match');
  });

  it('names the failed login without revealing the key', async () => {
    const stranger = join(server.dir, 'stranger_key');
    writeFileSync(stranger, readFileSync(join(server.dir, 'host_key')));
    const refused = await failure(
      new SftpBackend(server.location('auth'), { ...server.options, keyFile: stranger }).exists(),
    );
    expect(refused.code).toBe('VAULT_BACKEND_FAILED');
    expect(refused.message).toContain('did not accept the SSH key for user root');
    expect(refused.message).not.toContain('PRIVATE KEY');
  });

  it('reports an unreachable server as one VAULT_BACKEND_FAILED line', async () => {
    const relay = await startRelay(1);
    await relay.close();
    const backend = new SftpBackend(`sftp://root@127.0.0.1:${relay.port}//srv/repo`, server.options);
    const refused = await failure(backend.exists());
    expect(refused.code).toBe('VAULT_BACKEND_FAILED');
    expect(refused.message).toBe(`cannot connect to the SFTP server 127.0.0.1:${relay.port} (ECONNREFUSED)`);
  });

  it('reconnects once when the connection drops between and during operations', async () => {
    const relay = await startRelay(server.port);
    const known = join(server.dir, 'relay_known_hosts');
    const hostLine = readFileSync(server.knownHosts, 'utf8').split(' ').slice(1).join(' ');
    writeFileSync(known, `[127.0.0.1]:${relay.port} ${hostLine}`);
    const path = join(server.dir, 'repos', 'relay');
    const backend = new SftpBackend(`sftp://root@127.0.0.1:${relay.port}/${path}`, {
      ...server.options,
      knownHostsFile: known,
    });
    try {
      await backend.create();
      const data = randomBytes(3 * 1024 * 1024);
      await backend.save('data', id(data), data);
      relay.cut();
      expect((await backend.load('data', id(data))).equals(data)).toBe(true);
      const loading = backend.load('data', id(data));
      relay.cut();
      expect((await loading).equals(data)).toBe(true);
      const more = randomBytes(2 * 1024 * 1024);
      const saving = backend.save('data', id(more), more);
      setImmediate(() => relay.cut());
      await saving;
      expect((await backend.load('data', id(more))).equals(more)).toBe(true);
      // Once the server is gone for good, the one retry fails and says so plainly.
      await relay.close();
      const gone = await failure(backend.load('data', id(more)));
      expect(gone).toMatchObject({ code: 'VAULT_BACKEND_FAILED' });
      expect(gone.message).toBe(`cannot connect to the SFTP server 127.0.0.1:${relay.port} (ECONNREFUSED)`);
    } finally {
      await backend.close();
      await relay.close();
    }
  });

  it('initialises, backs up, checks and restores a repository over SFTP', async () => {
    const source = await tempDir('sftp-src');
    const target = await tempDir('sftp-dst');
    await buildFixture(source);
    const location = server.location('roundtrip');
    const repo = await Repository.init(new SftpBackend(location, server.options), 'pw', FAST);
    const { snapshotId } = await backupWithLock(repo, { paths: [source] });
    await repo.backend.close();

    const reopened = await Repository.open(new SftpBackend(location, server.options), 'pw');
    try {
      expect((await checkRepository(reopened, { readData: true })).ok).toBe(true);
      const stats = await restoreWithLock(reopened, snapshotId, { target });
      expect(stats.errors).toEqual([]);
      expect(diffTrees(await describeTree(source), await describeTree(join(target, source)), 500n)).toEqual(
        [],
      );
    } finally {
      await reopened.backend.close();
      await rm(source, { recursive: true, force: true });
      await rm(target, { recursive: true, force: true });
    }
  }, 120_000);

  it.skipIf(!hasRestic)(
    'is readable by restic through its own sftp backend',
    async () => {
      const source = await tempDir('sftp-restic');
      onTestFinished(() => rm(source, { recursive: true, force: true }));
      await buildFixture(source);
      const location = server.location('restic');
      const repo = await Repository.init(new SftpBackend(location, server.options), 'pw', FAST);
      await backupWithLock(repo, { paths: [source] });
      await repo.backend.close();
      const home = await tempDir('sftp-restic-home');
      onTestFinished(() => rm(home, { recursive: true, force: true }));
      const command =
        `ssh -i ${server.clientKey} -p ${server.port} -o UserKnownHostsFile=${server.knownHosts} ` +
        '-o StrictHostKeyChecking=yes -o BatchMode=yes root@127.0.0.1 -s sftp';
      const path = join(server.dir, 'repos', 'restic');
      const run = (args: string[]) =>
        restic(`sftp:root@127.0.0.1:${path}`, 'pw', ['-o', `sftp.command=${command}`, ...args], home);
      const check = await run(['check', '--read-data']);
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
      const out = join(home, 'out');
      expect((await run(['restore', 'latest', '--target', out])).code).toBe(0);
      expect(diffTrees(await describeTree(source), await describeTree(join(out, source)))).toEqual([]);
    },
    120_000,
  );
});
