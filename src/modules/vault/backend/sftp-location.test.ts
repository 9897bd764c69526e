import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHostKey, fingerprintOf, parseKnownHosts } from './sftp-known-hosts.js';
import { formatSftpLocation, parseSftpLocation } from './sftp-location.js';

describe('parseSftpLocation', () => {
  it("reads both of restic's forms", () => {
    expect(parseSftpLocation('sftp:backup@vault.example:/srv/restic')).toEqual({
      user: 'backup',
      host: 'vault.example',
      port: 22,
      path: '/srv/restic',
    });
    expect(parseSftpLocation('sftp:vault.example:repos/ward-7')).toEqual({
      user: undefined,
      host: 'vault.example',
      port: 22,
      path: 'repos/ward-7',
    });
    expect(parseSftpLocation('sftp://backup@10.0.0.5:2222//srv/restic')).toEqual({
      user: 'backup',
      host: '10.0.0.5',
      port: 2222,
      path: '/srv/restic',
    });
    expect(parseSftpLocation('sftp://vault.example/home-relative')).toMatchObject({
      port: 22,
      path: 'home-relative',
    });
    expect(parseSftpLocation('sftp:root@[::1]:/srv/repo')).toMatchObject({ host: '::1', path: '/srv/repo' });
    expect(parseSftpLocation('sftp://root@[::1]:2200//srv/repo')).toMatchObject({ host: '::1', port: 2200 });
  });

  it('refuses passwords, bad ports and missing parts without echoing the secret', () => {
    for (const bad of [
      'sftp://backup:hunter2@host//srv',
      'sftp://host:70000//srv',
      'sftp:host',
      'sftp:host:',
      'sftp://host',
      'sftp:user@:/srv',
      'sftp:us er@host:/srv',
      'ftp:host:/srv',
    ]) {
      let message = '';
      try {
        parseSftpLocation(bad);
      } catch (error) {
        expect(error).toMatchObject({ code: 'VAULT_REPO_UNSUPPORTED' });
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain('hunter2');
    }
  });

  it('never throws anything but a LifelineError, and formats what it parses back to the same place', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tail) => {
        for (const text of [`sftp:${tail}`, `sftp://${tail}`]) {
          try {
            const parsed = parseSftpLocation(text);
            if (!parsed.path.includes('%'))
              expect(parseSftpLocation(formatSftpLocation(parsed))).toEqual(parsed);
          } catch (error) {
            expect(error).toMatchObject({ code: 'VAULT_REPO_UNSUPPORTED' });
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

const KEY_A = Buffer.concat([Buffer.from('\0\0\0\x0bssh-ed25519\0\0\0\x20'), Buffer.alloc(32, 1)]);
const KEY_B = Buffer.concat([Buffer.from('\0\0\0\x0bssh-ed25519\0\0\0\x20'), Buffer.alloc(32, 2)]);
const line = (hosts: string, key: Buffer): string => `${hosts} ssh-ed25519 ${key.toString('base64')}`;

describe('known_hosts', () => {
  it('trusts a listed key, flags a changed one, and names unknown hosts', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        line('vault.example,10.0.0.5', KEY_A),
        line('[vault.example]:2222', KEY_B),
        line('*.backup.example,!evil.backup.example', KEY_A),
        '@cert-authority *.example ssh-ed25519 AAAA',
        'garbage line',
      ].join('\n'),
    );
    expect(checkHostKey(entries, 'vault.example', 22, KEY_A)).toBe('trusted');
    expect(checkHostKey(entries, '10.0.0.5', 22, KEY_A)).toBe('trusted');
    expect(checkHostKey(entries, 'vault.example', 22, KEY_B)).toBe('changed');
    expect(checkHostKey(entries, 'vault.example', 2222, KEY_B)).toBe('trusted');
    expect(checkHostKey(entries, 'vault.example', 2200, KEY_A)).toBe('unknown');
    expect(checkHostKey(entries, 'a.backup.example', 22, KEY_A)).toBe('trusted');
    expect(checkHostKey(entries, 'evil.backup.example', 22, KEY_A)).toBe('unknown');
    const revoked = parseKnownHosts(
      `@revoked * ssh-ed25519 ${KEY_A.toString('base64')}\n${line('vault.example', KEY_A)}`,
    );
    expect(checkHostKey(revoked, 'vault.example', 22, KEY_A)).toBe('revoked');
  });

  it.skipIf(!existsSync('/usr/bin/ssh-keygen'))('matches names that ssh-keygen -H hashed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-kh-'));
    try {
      const file = join(dir, 'known_hosts');
      writeFileSync(file, `${line('[vault.example]:2222', KEY_A)}\n`);
      execFileSync('/usr/bin/ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('|1|')).toBe(true);
      const entries = parseKnownHosts(text);
      expect(checkHostKey(entries, 'vault.example', 2222, KEY_A)).toBe('trusted');
      expect(checkHostKey(entries, 'vault.example', 22, KEY_A)).toBe('unknown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints fingerprints as ssh-keygen -l does', () => {
    expect(fingerprintOf(KEY_A)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('skips whatever it cannot read instead of failing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const entries = parseKnownHosts(text);
        expect(['trusted', 'unknown', 'changed', 'revoked']).toContain(
          checkHostKey(entries, 'vault.example', 22, KEY_A),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
