import { randomBytes } from 'node:crypto';
import { connect, StorageType } from 'nats';
import { describe, expect, it } from 'vitest';
import { natsConnectionOptions, parseNatsUrl } from '../../../kernel/bus/nats-url.js';
import { isLifelineError, type LifelineError } from '../../../kernel/errors.js';
import { connectDetectStream } from './connection.js';
import { streamLayout } from './settings.js';
import { testNatsUrl } from './stream.testkit.js';

async function failure(promise: Promise<unknown>): Promise<LifelineError> {
  try {
    await promise;
  } catch (error) {
    if (isLifelineError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('detect stream settings', () => {
  it('refuses names NATS would refuse, before connecting', () => {
    expect(() => streamLayout({ stream: 'has space' })).toThrow(/stream name/);
    expect(() => streamLayout({ prefix: 'a.*' })).toThrow(/subject prefix/);
    expect(() => streamLayout({ partitions: 0 })).toThrow(/partitions/);
    expect(() => streamLayout({ partitions: 1.5 })).toThrow(/partitions/);
    expect(streamLayout({ partitions: 3 })).toEqual({
      stream: 'LIFELINE_DETECT',
      prefix: 'lifeline-detect',
      partitions: 3,
    });
  });
});

describe('connectDetectStream', () => {
  it('fails with DETECT_STREAM_UNAVAILABLE naming the address, never the credentials', async () => {
    const error = await failure(
      connectDetectStream({ url: 'nats://ops:hunter2@127.0.0.1:1', timeoutMs: 1000 }),
    );
    expect(error.code).toBe('DETECT_STREAM_UNAVAILABLE');
    const shown = JSON.stringify({ message: error.message, details: error.details });
    expect(shown).toContain('127.0.0.1:1');
    expect(shown).not.toContain('hunter2');
  });

  it.skipIf(!testNatsUrl)('says so when another stream already takes the prefix', async () => {
    const url = testNatsUrl ?? '';
    const suffix = randomBytes(5).toString('hex');
    const nc = await connect(natsConnectionOptions(parseNatsUrl(url), 5000));
    const jsm = await nc.jetstreamManager();
    // As the platform bus's own stream does with `<bus prefix>.>`.
    await jsm.streams.add({
      name: `BUS_${suffix}`,
      subjects: [`taken-${suffix}.>`],
      storage: StorageType.Memory,
    });
    try {
      const error = await failure(
        connectDetectStream({ url, layout: { stream: `DETECT_${suffix}`, prefix: `taken-${suffix}` } }),
      );
      expect(error.code).toBe('DETECT_STREAM_UNAVAILABLE');
      expect(error.message).toMatch(/give the detection stream a prefix of its own/);
    } finally {
      await jsm.streams.delete(`BUS_${suffix}`);
      await nc.close();
    }
  });
});
