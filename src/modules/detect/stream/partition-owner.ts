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
  /**
   * Called when this owner cannot go on counting: another worker has saved the partition since, a
   * message could not be handled, or the consumer ended. The owner has stopped taking matches; the
   * worker stops it without a hand-over and, while the lease is still its own, starts the partition
   * again from its checkpoint.
   */
  readonly onGiveUp: (owner: PartitionOwner) => void;
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
  /** Matches whose handling failed, each restarting the partition from its checkpoint. */
  failed: number;
}

/** Raised by the correlation engine itself: the same match would fail again, so it is not retried. */
class UncountableMatch extends Error {
  override readonly name = 'UncountableMatch';
}

/**
 * Counts one partition's correlation groups, for as long as this worker holds its lease. Matches are
 * acknowledged only after a checkpoint that includes them is saved: a crash then loses nothing and
 * counts nothing twice, since the next owner restores the checkpoint and receives exactly the
 * unacknowledged rest again.
 */
export class PartitionOwner {
  readonly stats: PartitionStats = { observed: 0, fired: 0, malformed: 0, checkpoints: 0, failed: 0 };
  private engine: CorrelationEngine | null = null;
  private revision = 0;
  private pending: JsMsg[] = [];
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> = Promise.resolve();
  /** The message being handled: observed by the engine, not yet handed on nor in `pending`. */
  private handling: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private latestEventTime = 0;
  private stopped = false;
  private givenUp = false;

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
    let ended: unknown = null;
    try {
      for await (const msg of messages) {
        // Once stopping, whatever was pulled ahead goes back at once rather than after the ack wait.
        if (this.stopped || this.givenUp) {
          msg.nak();
          continue;
        }
        this.handling = this.handleOrGiveUp(msg);
        try {
          await this.handling;
        } finally {
          this.handling = null;
        }
        if (!this.givenUp && this.pending.length >= this.deps.checkpointEveryMatches) await this.checkpoint();
      }
    } catch (err) {
      ended = err;
    }
    // Ended on its own (e.g. the consumer was deleted): a partition nobody consumes must not stay held.
    if (!this.stopped) this.giveUp('partition consumer stopped; restarting it', ended);
  }

  /**
   * A message that cannot be handled — its alert not handed on (the bus unreachable), or the engine
   * failing on it — must neither stop the partition for good nor be lost. Retrying it here is not
   * enough: the engine has already counted it, and counting it again on redelivery would break
   * exactly-once counting. Undoing that count in place would mean rolling back everything counted
   * since the last checkpoint, which is what a new owner does anyway. So this owner gives the
   * partition up the way it does when it loses it, without saving: the worker keeps the lease and
   * starts the partition again from its checkpoint, and every unacknowledged match (this one
   * included) is delivered again and counted once. A correlation whose hand-off failed then fires
   * again and is handed on (at least once; the alert store deduplicates). Never rejects: saves wait
   * for it.
   */
  private async handleOrGiveUp(msg: JsMsg): Promise<void> {
    try {
      await this.handle(msg);
    } catch (err) {
      this.stats.failed++;
      this.giveUp('correlation match not handled; restarting the partition from its checkpoint', err);
      try {
        // A match the engine itself fails on would fail every time: drop it rather than stall here.
        if (err instanceof UncountableMatch) msg.term();
        else msg.nak();
      } catch {
        // The connection is gone: the match comes back once its ack wait runs out.
      }
    }
  }

  /** Stops taking matches and saving, then asks the worker to stop this owner. */
  private giveUp(reason: string, err: unknown): void {
    if (this.givenUp) return;
    this.givenUp = true;
    if (this.timer) clearInterval(this.timer);
    this.messages?.stop();
    this.deps.logger.warn({ partition: this.partition, error: errorKind(err) }, reason);
    this.deps.onGiveUp(this);
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
    let fired: CorrelationMatch[];
    try {
      fired = this.engine.observe(feed.match);
    } catch (err) {
      throw new UncountableMatch('the correlation engine failed on a match', { cause: err });
    }
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
    // The state must hold exactly the matches it acknowledges: not one observed whose hand-off is
    // still under way (it is not in `pending` yet, and may yet fail and be delivered again).
    while (this.handling) await this.handling;
    const engine = this.engine;
    if (engine === null || this.givenUp || this.pending.length === 0 || (this.stopped && !final)) return;
    const covered = this.pending;
    this.pending = [];
    try {
      // Groups whose window closed can never fire again: no need to carry them to the next owner.
      if (this.latestEventTime > 0) engine.expire(this.latestEventTime);
      const saved = await this.deps.checkpoints.save(this.partition, engine.snapshot(), this.revision);
      if (saved.result === 'conflict') {
        this.pending = [...covered, ...this.pending];
        this.giveUp('partition taken over by another worker', null);
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

/** What kind of error it was, for the log: a message could quote event content. */
function errorKind(err: unknown): string | null {
  if (err === null || err === undefined) return null;
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${err.name} ${code}` : err.name;
}
