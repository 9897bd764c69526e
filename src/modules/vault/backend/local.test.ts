import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendContract, plantFile } from './contract.testkit.js';
import { backendError } from './io-errors.js';
import { LocalBackend } from './local.js';

backendContract('local', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vault-local-'));
  return {
    backend: new LocalBackend(join(dir, 'repo')),
    dispose: () => rm(dir, { recursive: true, force: true }),
    plant: (path, modified) => plantFile(join(dir, 'repo', path), modified),
  };
});

describe('LocalBackend specifics', () => {
  it('lays files out as restic does and leaves no temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vault-local-'));
    try {
      const backend = new LocalBackend(dir);
      await backend.create();
      const name = `ab${'0'.repeat(62)}`;
      await backend.save('data', name, Buffer.from('pack'));
      await backend.save('config', 'config', Buffer.from('c'));
      expect((await stat(join(dir, 'data', 'ab', name))).size).toBe(4);
      expect((await stat(join(dir, 'config'))).size).toBe(1);
      expect(await readdir(join(dir, 'data', 'ab'))).toEqual([name]);
      for (const sub of ['keys', 'locks', 'snapshots', 'index'])
        expect((await stat(join(dir, sub))).isDirectory()).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('skips stray files when listing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vault-local-'));
    try {
      const backend = new LocalBackend(dir);
      await backend.create();
      await writeFile(join(dir, 'snapshots', '.tmp-partial'), 'x');
      const names: string[] = [];
      for await (const info of backend.list('snapshot')) names.push(info.name);
      expect(names).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing repository directory as VAULT_REPO_NOT_FOUND', async () => {
    const backend = new LocalBackend(join(tmpdir(), `vault-missing-${process.pid}-${Date.now()}`));
    expect(await backend.exists()).toBe(false);
    await expect(backend.load('config', 'config')).rejects.toMatchObject({ code: 'VAULT_REPO_NOT_FOUND' });
    await expect(backend.save('snapshot', 'a'.repeat(64), Buffer.from('x'))).rejects.toMatchObject({
      code: 'VAULT_REPO_NOT_FOUND',
    });
    const listing = async (): Promise<void> => {
      for await (const _ of backend.list('snapshot')) void _;
    };
    await expect(listing()).rejects.toMatchObject({ code: 'VAULT_REPO_NOT_FOUND' });
  });
});

describe('backendError', () => {
  it('maps a full disk to VAULT_DISK_FULL and other failures to VAULT_BACKEND_FAILED without paths', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left, write /srv/vault/data/ab/x'), {
      code: 'ENOSPC',
    });
    expect(backendError('saving a data file', enospc)).toMatchObject({ code: 'VAULT_DISK_FULL' });
    const eio = Object.assign(new Error('EIO: i/o error, open /srv/patients/smith'), { code: 'EIO' });
    const mapped = backendError('loading a data file', eio);
    expect(mapped).toMatchObject({ code: 'VAULT_BACKEND_FAILED', details: { errno: 'EIO' } });
    expect(mapped.message).not.toContain('/srv');
  });
});
