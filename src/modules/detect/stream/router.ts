import type { JetStreamClient } from 'nats';
import { type CorrelationPlan, keyOwner, partitionKey } from '../sigma/correlation/index.js';
import { encodeFeed } from './codec.js';
import { partitionSubject, type StreamLayout } from './settings.js';
import type { StreamMatch } from './types.js';

/**
 * Sends a match to the partitions owning the correlation groups it counts towards, once per
 * partition. The message id is derived from where the match came from, so a retried or redelivered
 * match is stored once (within JetStream's duplicate window).
 */
export class MatchRouter {
  routed = 0;

  constructor(
    private readonly js: JetStreamClient,
    private readonly layout: StreamLayout,
    private readonly plan: CorrelationPlan,
    private readonly timeoutMs: number,
  ) {}

  partitionsOf(item: StreamMatch): number[] {
    const partitions = new Set<number>();
    for (const key of partitionKey(item.match, this.plan))
      partitions.add(keyOwner(key, this.layout.partitions));
    return [...partitions];
  }

  async route(item: StreamMatch, origin: string): Promise<void> {
    const partitions = this.partitionsOf(item);
    if (partitions.length === 0) return;
    const payload = encodeFeed(item);
    await Promise.all(
      partitions.map((partition) =>
        this.js.publish(partitionSubject(this.layout, partition), payload, {
          msgID: `${origin}.p${partition}`,
          timeout: this.timeoutMs,
        }),
      ),
    );
    this.routed += partitions.length;
  }
}
