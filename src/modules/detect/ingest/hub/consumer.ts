import type { Logger } from '../../../../kernel/log/logger.js';
import type { DetectEvent } from '../../types.js';
import type { Signal } from './signal.js';

export type BatchHandler = (events: DetectEvent[]) => Promise<void>;

export interface ConsumeOptions {
  /** Most events handed over at once. */
  readonly batchSize?: number;
  /** Attempts per batch before its events are counted as dropped. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
}

/** What the consumer loop needs from the hub's queue. */
export interface BatchQueue {
  peek(count: number): DetectEvent[];
  /** Removes the first `count` events; `processed` false counts them as dropped. */
  ack(count: number, processed: boolean): void;
  readonly changed: Signal;
}

export interface Consumer {
  /** Finishes the batch in hand, then stops. */
  stop(): Promise<void>;
}

/**
 * Hands queued events to `handler` in order, a batch at a time; a batch leaves the queue only when
 * the handler resolved (processed) or failed `maxAttempts` times (dropped, and reported).
 */
export function startConsumer(
  queue: BatchQueue,
  handler: BatchHandler,
  options: ConsumeOptions,
  logger: Logger | undefined,
): Consumer {
  const batchSize = options.batchSize ?? 500;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  let stopped = false;
  let wakeSleeper: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    let attempts = 0;
    while (!stopped) {
      const batch = queue.peek(batchSize);
      if (batch.length === 0) {
        await queue.changed.wait();
        continue;
      }
      try {
        await handler(batch);
        attempts = 0;
        queue.ack(batch.length, true);
      } catch (error) {
        attempts++;
        // The handler's message may quote event content; only its kind is logged.
        logger?.warn(
          { error: error instanceof Error ? error.name : typeof error, attempts, events: batch.length },
          'detection batch failed',
        );
        if (attempts >= maxAttempts) {
          attempts = 0;
          queue.ack(batch.length, false);
        } else {
          await pause(retryDelayMs * attempts);
        }
      }
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      queue.changed.notify();
      wakeSleeper?.();
      await running;
    },
  };
}
