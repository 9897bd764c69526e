import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encrypted, pdfBytes, prose, tempDir, writeFile } from './fixtures.testkit.js';
import { fingerprintFile, readHead } from './fingerprint-file.js';

const work = tempDir('fingerprint');
afterAll(() => work.remove());

describe('fingerprintFile', () => {
  it('reads type, size and the entropy of both ends', () => {
    const pdf = pdfBytes();
    const path = writeFile(join(work.path, 'letter.pdf'), pdf);
    const fingerprint = fingerprintFile(path);
    expect(fingerprint).toMatchObject({ size: pdf.length, type: 'pdf' });
    expect(fingerprint?.tailEntropy).toBeLessThan(6);
  });

  it('sees encryption as high entropy at both ends', () => {
    const path = writeFile(join(work.path, 'letter.pdf.locked'), encrypted(pdfBytes()));
    const fingerprint = fingerprintFile(path);
    expect(fingerprint?.type).toBe('unknown');
    expect(fingerprint?.headEntropy).toBeGreaterThan(7.9);
    expect(fingerprint?.tailEntropy).toBeGreaterThan(7.9);
  });

  it('reads the tail from the end of a large file', () => {
    const path = writeFile(
      join(work.path, 'mixed.bin'),
      Buffer.concat([Buffer.from(prose(10000)), encrypted(Buffer.alloc(8192))]),
    );
    const fingerprint = fingerprintFile(path);
    expect(fingerprint?.type).toBe('text');
    expect(fingerprint?.headEntropy).toBeLessThan(5);
    expect(fingerprint?.tailEntropy).toBeGreaterThan(7.9);
  });

  it('fingerprints an empty file as empty', () => {
    expect(fingerprintFile(writeFile(join(work.path, 'empty.txt'), ''))).toEqual({
      size: 0,
      type: 'empty',
      headEntropy: 0,
      tailEntropy: 0,
    });
  });

  it('returns null for what is not a regular file, and never follows a symlink', () => {
    const target = writeFile(join(work.path, 'target.txt'), 'hello');
    symlinkSync(target, join(work.path, 'link.txt'));
    mkdirSync(join(work.path, 'folder'));
    execFileSync('mkfifo', [join(work.path, 'pipe')]);
    expect(fingerprintFile(join(work.path, 'link.txt'))).toBeNull();
    expect(fingerprintFile(join(work.path, 'folder'))).toBeNull();
    expect(fingerprintFile(join(work.path, 'pipe'))).toBeNull();
    expect(fingerprintFile(join(work.path, 'missing'))).toBeNull();
    expect(readHead(join(work.path, 'pipe'), 10)).toBeNull();
    expect(readHead(target, 3)).toEqual(new Uint8Array(Buffer.from('hel')));
  });
});
