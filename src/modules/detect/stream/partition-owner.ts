import type { ConsumerMessages, JetStreamClient, JsMsg } from 'nats';
import type { Logger } from '../../../kernel/log/logger.js';
import {
  CorrelationEngine,
  type CorrelationEngineOptions,
  type CorrelationPlan,
  keyOwner,
} from '../sigma/correlation/index.js';
import type { CorrelationMatch } from '../types.js';
import type { PartitionCheckpoints } from './checkpoints.js';
import { decodeFeed } from './codec.js';
import { partitionConsumer, type StreamLayout } from './settings.js';

export interface PartitionOwnerDeps {
  readonly js: JetStreamClient;
  readonly layout: StreamLayout;
  readonly plan: CorrelationPlan;
  readonly engineOptions: Omit<CorrelationEngineOptions, 'ownsKey' | 'chaining'>;
  readonly checkpoints: PartitionCheckpoints;
  /** Handles a correlation that fired; `origin` is stable across redeliveries of its trigger. */
  readonly onFired: (match: CorrelationMatch, origin: string) => Promise<void>;
  /** Called when a save finds that another worker has saved this partition since: it is not ours. */
  readonly onLost: (partition: number) => void;
  readonly logger: Logger;
  readonly checkpointEveryMs: number;
  /** Saves as soon as this many matches wait for it; keep it below the consumer's max ack pending. */
  readonly checkpointEveryMatches: number;
  readonly prefetch: number;
}

export interface PartitionStats {
  observed: number;
  fired: number;
  malformed: number;
  checkpoints: number;
}

/**
 * Counts one partition's correlation groups, for as long as this worker holds its lease. Matches are
 * acknowledged only after a checkpoint that includes them is saved: a crash then loses nothing and
 * counts nothing twice, since the next owner restores the checkpoint and receives exactly the
 * unacknowledged rest again.
 */
export class PartitionOwner {
  readonly stats: PartitionStats = { observed: 0, fired: 0, malformed: 0, checkpoints: 0 };
  private engine: CorrelationEngine | null = null;
  private revision = 0;
  private pending: JsMsg[] = [];
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private latestEventTime = 0;
  private stopped = false;

  constructor(
    readonly partition: number,
    private readonly deps: PartitionOwnerDeps,
  ) {}

  async start(): Promise<void> {
    const { engineOptions, checkpoints, layout, js } = this.deps;
    const options: CorrelationEngineOptions = {
      ...engineOptions,
      ownsKey: (key) => keyOwner(key, layout.partitions) === this.partition,
      chaining: 'external',
    };
    const saved = await checkpoints.load(this.partition);
    this.revision = saved.revision;
    this.engine = this.restore(saved.state, options);
    const consumer = await js.consumers.get(layout.stream, partitionConsumer(this.partition));
    this.messages = await consumer.consume({ max_messages: this.deps.prefetch });
    this.timer = setInterval(() => void this.checkpoint(), this.deps.checkpointEveryMs);
    this.loop = this.run(this.messages);
  }

  /**
   * The saved state, or a fresh one when it cannot be read: a damaged checkpoint costs the open
   * windows of one partition, but must not keep the partition from being counted at all.
   */
  private restore(state: unknown, options: CorrelationEngineOptions): CorrelationEngine {
    const { plan, logger } = this.deps;
    if (state === null) return new CorrelationEngine(plan, options);
    try {
      return CorrelationEngine.restore(plan, state, options);
    } catch (err) {
      logger.error(
        { partition: this.partition, error: String(err) },
        'correlation checkpoint unreadable; starting empty',
      );
      return new CorrelationEngine(plan, options);
    }
  }

  /**
   * Stops taking matches. With `handOver` the state is saved and acknowledged first (a rebalance or a
   * clean shutdown); without it, unsaved matches are released at once to whoever owns the partition next.
   */
  async stop(handOver: boolean): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.messages?.stop();
    await this.loop;
    await this.saving;
    if (handOver) await this.checkpoint(true);
    for (const msg of this.pending) msg.nak();
    this.pending = [];
    this.engine = null;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        if (this.stopped) {
          msg.nak();
          continue;
        }
        await this.handle(msg);
        if (this.pending.length >= this.deps.checkpointEveryMatches) await this.checkpoint();
      }
    } catch (err) {
      if (!this.stopped)
        this.deps.logger.warn(
          { partition: this.partition, error: String(err) },
          'partition consumer stopped',
        );
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const feed = decodeFeed(msg.data);
    if (feed === null || this.engine === null) {
      this.stats.malformed++;
      this.deps.logger.warn(
        { partition: this.partition, seq: msg.seq },
        'malformed correlation feed dropped',
      );
      msg.term();
      return;
    }
    this.stats.observed++;
    const fired = this.engine.observe(feed.match);
    const time = Date.parse(
      feed.kind === 'rule' ? (feed.match.event.time ?? feed.match.event.receivedAt) : feed.match.windowEnd,
    );
    if (time > this.latestEventTime) this.latestEventTime = time;
    for (const [i, match] of fired.entries()) {
      this.stats.fired++;
      await this.deps.onFired(match, `${this.partition}.${msg.seq}.${i}`);
    }
    this.pending.push(msg);
  }

  /** Saves the state and acknowledges the matches it includes; one save at a time. */
  private checkpoint(final = false): Promise<void> {
    this.saving = this.saving.then(() => this.save(final));
    return this.saving;
  }

  private async save(final: boolean): Promise<void> {
    const engine = this.engine;
    if (engine === null || this.pending.length === 0 || (this.stopped && !final)) return;
    // Groups whose window closed can never fire again: no need to carry them to the next owner.
    if (this.latestEventTime > 0) engine.expire(this.latestEventTime);
    const covered = this.pending;
    this.pending = [];
    try {
      const saved = await this.deps.checkpoints.save(this.partition, engine.snapshot(), this.revision);
      if (saved.result === 'conflict') {
        this.deps.logger.warn({ partition: this.partition }, 'partition taken over by another worker');
        this.pending = [...covered, ...this.pending];
        this.deps.onLost(this.partition);
        return;
      }
      if (saved.result === 'too-large')
        this.deps.logger.warn(
          { partition: this.partition },
          'correlation state too large to checkpoint; a crash would lose it',
        );
      this.revision = saved.revision;
      this.stats.checkpoints++;
      for (const msg of covered) msg.ack();
    } catch (err) {
      // NATS is unreachable: keep the matches unacknowledged and try again at the next checkpoint.
      this.pending = [...covered, ...this.pending];
      this.deps.logger.warn(
        { partition: this.partition, error: String(err) },
        'checkpoint failed; will retry',
      );
    }
  }
}
