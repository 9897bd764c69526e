import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectType } from './detect-type.js';
import { encrypted, hasTool, prose, run, tempDir, writeFile } from './fixtures.testkit.js';

/**
 * Compressed and encrypted containers that ordinary tools write, recognised by their headers: a
 * copy of a document in one of these is ordinary work, typeless noise is not.
 */
const work = tempDir('containers');
afterAll(() => work.remove());
writeFile(join(work.path, 'notes.txt'), prose(20000));
const fileHead = (name: string): Uint8Array => readFileSync(join(work.path, name)).subarray(0, 4096);

describe.skipIf(!hasTool('lz4'))('lz4 (needs the lz4 tool)', () => {
  it('recognises the frame format and the legacy format', () => {
    run('lz4', ['-q', '-f', 'notes.txt', 'notes.txt.lz4'], work.path);
    run('lz4', ['-q', '-f', '-l', 'notes.txt', 'notes.legacy.lz4'], work.path);
    expect(detectType(fileHead('notes.txt.lz4'))).toBe('lz4');
    expect(detectType(fileHead('notes.legacy.lz4'))).toBe('lz4');
  });
});

describe.skipIf(!hasTool('openssl'))('openssl enc (needs the openssl tool)', () => {
  it('recognises salted output, and sees unsalted output as typeless', () => {
    const key = ['-pass', 'pass:x', '-pbkdf2'];
    run('openssl', ['enc', '-aes-256-cbc', '-salt', ...key, '-in', 'notes.txt', '-out', 'a.enc'], work.path);
    run(
      'openssl',
      ['enc', '-aes-256-cbc', '-nosalt', ...key, '-in', 'notes.txt', '-out', 'b.enc'],
      work.path,
    );
    expect(detectType(fileHead('a.enc'))).toBe('openssl');
    expect(detectType(fileHead('b.enc'))).toBe('unknown');
  });
});

describe('age', () => {
  it('recognises the binary and the armoured header', () => {
    const binary = Buffer.concat([
      Buffer.from('age-encryption.org/v1\n-> X25519 abc\nQk9PTQ\n--- xyz\n'),
      encrypted(Buffer.alloc(4000)),
    ]);
    const armoured = Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+\n');
    expect(detectType(binary)).toBe('age');
    expect(detectType(armoured)).toBe('age');
  });

  it('does not take text that mentions age for it', () => {
    expect(detectType(Buffer.from('see age-encryption.org/v1 for the format'))).toBe('text');
  });
});

describe('a container that stores a PDF verbatim', () => {
  it('is the container, not the PDF it holds', () => {
    const zstdFrame = Buffer.concat([
      Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00]),
      Buffer.from('%PDF-1.7\n'),
    ]);
    expect(detectType(zstdFrame)).toBe('zstd');
    expect(
      detectType(Buffer.concat([Buffer.from('junk before the header\n'), Buffer.from('%PDF-1.4\n')])),
    ).toBe('pdf');
  });
});
