import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { describe, expect, it } from 'vitest';
import { busConfigSchema } from '../config/schema.js';
import { silentLogger } from '../log/logger.js';
import { createBus } from './create.js';
import { testNatsUrl } from './harness.testkit.js';
import { natsConnectionOptions, parseNatsUrl } from './nats-url.js';

describe('createBus', () => {
  it('chooses the in-process bus when no NATS URL is configured', async () => {
    const bus = await createBus(busConfigSchema.parse({}), silentLogger());
    expect(bus.kind).toBe('in-process');
    await bus.close();
  });

  it('fails with BUS_UNAVAILABLE when the configured NATS cannot be reached', async () => {
    const config = busConfigSchema.parse({ natsUrl: 'nats://127.0.0.1:1' });
    await expect(createBus(config, silentLogger())).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
  });

  it.skipIf(!testNatsUrl)('chooses NATS JetStream when a NATS URL is configured', async () => {
    const suffix = randomBytes(6).toString('hex');
    const config = busConfigSchema.parse({
      natsUrl: testNatsUrl,
      stream: `LIFELINE_TEST_${suffix}`,
      subjectPrefix: `lifeline-test-${suffix}`,
    });
    const bus = await createBus(config, silentLogger());
    try {
      expect(bus.kind).toBe('nats');
      await bus.ping();
    } finally {
      await bus.close();
      const nc = await connect(natsConnectionOptions(parseNatsUrl(testNatsUrl ?? ''), 5000));
      await (await nc.jetstreamManager()).streams.delete(config.stream);
      await nc.close();
    }
  });
});
