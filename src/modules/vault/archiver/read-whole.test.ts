import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWhole } from './read-whole.js';

const dir = mkdtempSync(join(tmpdir(), 'vault-read-whole-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readFile(content: Buffer, expected: number, limit: number): Promise<Buffer | undefined> {
  const path = join(dir, `f${content.length}-${expected}-${limit}`);
  writeFileSync(path, content);
  const handle = await open(path, 'r');
  try {
    return await readWhole(handle, BigInt(expected), limit);
  } finally {
    await handle.close();
  }
}

describe('reading a small file whole', () => {
  const content = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

  it('returns exactly the file, whatever size was expected at stat time', async () => {
    expect(await readFile(content, 1000, 4096)).toEqual(content);
    // It grew since it was stat'ed, but stays below the limit: still read whole.
    expect(await readFile(content, 10, 4096)).toEqual(content);
    // It shrank: only what is there.
    expect(await readFile(content, 5000, 8192)).toEqual(content);
    expect(await readFile(Buffer.alloc(0), 0, 4096)).toEqual(Buffer.alloc(0));
  });

  it('gives up once the file reaches the limit, so the chunker takes it from the start', async () => {
    expect(await readFile(content, 10, 1000)).toBeUndefined();
    expect(await readFile(content, 10, 999)).toBeUndefined();
    expect(await readFile(content, 10, 1001)).toEqual(content);
  });
});
