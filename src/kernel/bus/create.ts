import type { Clock } from '../clock.js';
import type { BusConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { InProcessBus } from './in-process.js';
import { NatsBus } from './nats.js';
import type { EventBus } from './types.js';

/**
 * NATS JetStream when `bus.natsUrl` is configured (several processes or nodes), otherwise the
 * in-process bus, which needs no other service.
 */
export async function createBus(
  config: BusConfig,
  logger: Logger,
  options: { clock?: Clock } = {},
): Promise<EventBus> {
  const busLogger = logger.child({ component: 'bus' });
  if (config.natsUrl) {
    const bus = await NatsBus.connect({
      url: config.natsUrl,
      stream: config.stream,
      subjectPrefix: config.subjectPrefix,
      logger: busLogger,
      ...options,
    });
    busLogger.info(
      { stream: config.stream, subjectPrefix: config.subjectPrefix },
      'event bus: NATS JetStream',
    );
    return bus;
  }
  busLogger.info('event bus: in-process');
  return new InProcessBus({ logger: busLogger, ...options });
}
