import type { EventBus } from '../../../kernel/bus/types.js';
import type { Registry } from 'prom-client';
import { isLifelineError, loggableError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { AlertService } from '../alerts/service.js';
import { exclusionTest, type ExclusionTest } from '../engine/index.js';
import type { IngestHub } from '../ingest/index.js';
import {
  ALERT_MATCH_EVENT,
  connectDetectStream,
  DetectEventPublisher,
  type DetectStreamConnection,
  type StreamAlert,
} from '../stream/index.js';
import { counterIn } from './metrics.js';

export interface StreamModeDeps {
  natsUrl: string;
  layout: { stream: string; prefix: string; partitions: number };
  hub: IngestHub;
  bus: EventBus;
  alerts: AlertService;
  logger: Logger;
  metrics: Registry;
}

/** Events per stream message: several per delivery (the publisher splits what NATS cannot carry). */
const EVENTS_PER_MESSAGE = 64;
const RELOAD_EVERY_MS = 60_000;

/**
 * Ingest for a larger site: events go to the JetStream detection stream for `lifeline worker
 * detect` processes, and the matches the workers hand back on the bus become alerts here, where
 * dedup folds a match a worker handed on twice after a crash.
 */
export async function startStreamMode(deps: StreamModeDeps): Promise<() => Promise<void>> {
  const verdicts = new Verdicts(deps.alerts, deps.logger);
  await verdicts.reload();
  const stopWatching = deps.alerts.onFiltersChanged(() => void verdicts.reload());
  const timer = setInterval(() => void verdicts.reload(), RELOAD_EVERY_MS);
  timer.unref();
  const undoWatching = () => {
    clearInterval(timer);
    stopWatching();
  };
  let connection: DetectStreamConnection;
  try {
    connection = await connectDetectStream({
      url: deps.natsUrl,
      layout: deps.layout,
      name: 'lifeline-ingest',
    });
  } catch (error) {
    undoWatching();
    throw error;
  }
  try {
    const publisher = new DetectEventPublisher(connection);
    const subscription = await deps.bus.subscribe(
      { durable: 'detect-alert-store', types: [ALERT_MATCH_EVENT] },
      async (event) => {
        const alert = event.data as StreamAlert;
        if (await verdicts.excludes(alert)) return;
        await deps.alerts.raise(alert.match);
      },
    );
    const refused = counterIn(
      deps.metrics,
      'lifeline_detect_stream_refused_total',
      'Events too large for a message on the detection stream, even without their raw text',
    );
    deps.hub.consume(
      async (events) => {
        try {
          await publisher.publishBatch(events);
        } catch (error) {
          // The rest of the batch is stored; retrying would only delay the queue and lose it again.
          if (!isLifelineError(error) || error.code !== 'DETECT_STREAM_EVENT_TOO_LARGE') throw error;
          const count = Number(error.details.refused ?? 1);
          refused.inc(count);
          deps.logger.warn({ refused: count }, 'events too large for the detection stream were dropped');
        }
      },
      { batchSize: EVENTS_PER_MESSAGE },
    );
    deps.logger.info(
      { stream: connection.layout.stream, nats: connection.display },
      'detection runs on workers',
    );
    const open = connection;
    return async () => {
      undoWatching();
      await subscription.unsubscribe();
      await open.close();
    };
  } catch (error) {
    undoWatching();
    await connection.close();
    throw error;
  }
}

/**
 * The analysts' false-positive verdicts, applied where alerts are stored: workers hold no database.
 * Reloads run one after the other so the newest verdicts always win.
 */
class Verdicts {
  private test: ExclusionTest | undefined;
  private reloads: Promise<void> = Promise.resolve();

  constructor(
    private readonly alerts: AlertService,
    private readonly logger: Logger,
  ) {}

  reload(): Promise<void> {
    this.reloads = this.reloads.then(async () => {
      try {
        this.test = exclusionTest(await this.alerts.exclusions());
      } catch (error) {
        this.logger.error({ err: loggableError(error) }, 'false-positive filters could not be reloaded');
      }
    });
    return this.reloads;
  }

  async excludes({ kind, match }: StreamAlert): Promise<boolean> {
    await this.reloads;
    if (!this.test) return false;
    return kind === 'rule'
      ? this.test(match.rule.id, match.event.fields)
      : this.test(match.rule.id, match.group);
  }
}
