import { describe, expect, it } from 'vitest';
import { Chunker } from './chunker.js';
import { createGearTable } from './gear.js';
import { MAX_CHUNK } from './params.js';
import { pseudoRandomStream } from './testdata.js';

const MB = 1024 * 1024;

describe('chunking a long stream', () => {
  it('holds less than one max-size chunk and does not grow with the stream', async () => {
    const chunker = new Chunker({ gear: createGearTable(Buffer.alloc(32, 4)) });
    const total = 200 * MB;
    let seen = 0;
    let chunks = 0;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    // Odd piece size, so chunks both span pieces and fall inside them.
    for await (const piece of pseudoRandomStream(31, total, 3 * MB + 17)) {
      for (const chunk of chunker.push(piece)) {
        seen += chunk.length;
        chunks++;
      }
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    seen += chunker.flush()?.length ?? 0;
    expect(seen).toBe(total);
    expect(chunks).toBeGreaterThan(100);
    expect(chunker.peakHeldBytes).toBeLessThan(MAX_CHUNK);
    // Garbage collection timing varies, so this only catches retaining the stream, not small growth.
    expect(rssPeak - rssBefore).toBeLessThan(128 * MB);
  });
});
