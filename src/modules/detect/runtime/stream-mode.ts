import type { EventBus } from '../../../kernel/bus/types.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { AlertService } from '../alerts/service.js';
import { exclusionTest, type ExclusionTest } from '../engine/index.js';
import type { IngestHub } from '../ingest/index.js';
import {
  ALERT_MATCH_EVENT,
  connectDetectStream,
  DetectEventPublisher,
  type StreamAlert,
} from '../stream/index.js';

export interface StreamModeDeps {
  natsUrl: string;
  layout: { stream: string; prefix: string; partitions: number };
  hub: IngestHub;
  bus: EventBus;
  alerts: AlertService;
  logger: Logger;
}

/** Events per stream message: several per delivery, well under NATS's 1 MB message limit. */
const EVENTS_PER_MESSAGE = 64;

/**
 * Ingest for a larger site: events go to the JetStream detection stream for `lifeline worker
 * detect` processes, and the matches the workers hand back on the bus become alerts here, where
 * dedup folds a match a worker handed on twice after a crash.
 */
export async function startStreamMode(deps: StreamModeDeps): Promise<() => Promise<void>> {
  const connection = await connectDetectStream({
    url: deps.natsUrl,
    layout: deps.layout,
    name: 'lifeline-ingest',
  });
  try {
    const publisher = new DetectEventPublisher(connection);
    // Workers hold no database: the analysts' false-positive verdicts are applied here, before storing.
    let excluded: ExclusionTest | undefined;
    const loadExclusions = async () => {
      excluded = exclusionTest(await deps.alerts.exclusions());
    };
    await loadExclusions();
    const stopWatching = deps.alerts.onFiltersChanged(() => {
      loadExclusions().catch((error: unknown) =>
        deps.logger.error({ err: error }, 'false-positive filters could not be reloaded'),
      );
    });
    const subscription = await deps.bus.subscribe(
      { durable: 'detect-alert-store', types: [ALERT_MATCH_EVENT] },
      async (event) => {
        const { kind, match } = event.data as StreamAlert;
        if (kind === 'rule' && excluded?.(match.rule.id, match.event.fields)) return;
        await deps.alerts.raise(match);
      },
    );
    deps.hub.consume((events) => publisher.publishBatch(events), { batchSize: EVENTS_PER_MESSAGE });
    deps.logger.info(
      { stream: connection.layout.stream, nats: connection.display },
      'detection runs on workers',
    );
    return async () => {
      stopWatching();
      await subscription.unsubscribe();
      await connection.close();
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
