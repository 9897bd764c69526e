import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Logger, silentLogger } from '../../../kernel/log/logger.js';
import {
  type CorrelationEngineOptions,
  type CorrelationPlan,
  planCorrelations,
  type ResolvedCorrelations,
} from '../sigma/correlation/index.js';
import type { CorrelationMatch } from '../types.js';
import { ensurePullConsumer } from './admin.js';
import { PartitionCheckpoints } from './checkpoints.js';
import type { DetectStreamConnection } from './connection.js';
import { EventConsumer, type EventStats, type RuleMatcher } from './event-consumer.js';
import { PartitionLeases } from './leases.js';
import { PartitionOwner, type PartitionStats } from './partition-owner.js';
import { MatchRouter } from './router.js';
import { EVENTS_CONSUMER, eventsSubject, partitionConsumer, partitionSubject } from './settings.js';
import type { StreamAlert } from './types.js';

export interface WorkerRules {
  readonly matcher: RuleMatcher;
  readonly correlations: ResolvedCorrelations;
}

export interface DetectWorkerOptions {
  readonly connection: DetectStreamConnection;
  readonly rules: WorkerRules;
  /** Receives every alert; the event or match is acknowledged only after this resolves. */
  readonly onAlert: (alert: StreamAlert) => Promise<void>;
  readonly workerId?: string;
  readonly logger?: Logger;
  /** Messages (an event or a batch each) pulled ahead and processed at once by this worker. Default 64. */
  readonly concurrency?: number;
  /** Messages out and unacknowledged across all workers; JetStream waits at this bound. Default 512. */
  readonly maxAckPending?: number;
  /** How long a worker may hold an event or match without acknowledging it. Default 30 s. */
  readonly ackWaitMs?: number;
  /** Lease time to live: a crashed worker's partitions move after at most this long. Default 15 s. */
  readonly leaseTtlMs?: number;
  /** Correlation state is saved (and its matches acknowledged) this often. Default 1 s. */
  readonly checkpointEveryMs?: number;
  readonly checkpointEveryMatches?: number;
  /** The largest compressed state one partition may save. Default 900 KB (NATS' 1 MB payload limit). */
  readonly maxStateBytes?: number;
  readonly engine?: Omit<CorrelationEngineOptions, 'ownsKey' | 'chaining'>;
}

export interface WorkerStats extends EventStats {
  readonly workerId: string;
  readonly partitions: readonly number[];
  readonly correlation: PartitionStats;
  readonly alerts: number;
}

/**
 * A `lifeline worker detect` process: takes a share of the event stream, runs the single-event
 * rules, routes matches that feed correlations to their partition, and counts the partitions whose
 * lease it holds. Several run side by side; each partition is counted by one of them at a time.
 */
export class DetectWorker {
  readonly workerId: string;
  private readonly logger: Logger;
  private readonly plan: CorrelationPlan;
  private readonly silent: ReadonlySet<string>;
  private readonly owners = new Map<number, PartitionOwner>();
  private readonly retired: PartitionStats = {
    observed: 0,
    fired: 0,
    malformed: 0,
    checkpoints: 0,
    failed: 0,
  };
  private events: EventConsumer | null = null;
  private leases: PartitionLeases | null = null;
  private checkpoints: PartitionCheckpoints | null = null;
  private router: MatchRouter;
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> = Promise.resolve();
  private alerts = 0;
  private stopping = false;

  private constructor(private readonly options: DetectWorkerOptions) {
    this.workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.logger = (options.logger ?? silentLogger()).child({
      component: 'detect-worker',
      worker: this.workerId,
    });
    this.plan = planCorrelations(options.rules.correlations);
    this.silent = options.rules.correlations.suppressedRuleIds;
    const { js, layout, timeoutMs } = options.connection;
    this.router = new MatchRouter(js, layout, this.plan, timeoutMs);
  }

  static async start(options: DetectWorkerOptions): Promise<DetectWorker> {
    const worker = new DetectWorker(options);
    try {
      await worker.begin();
    } catch (err) {
      await worker.stop();
      throw err;
    }
    return worker;
  }

  private get hasCorrelations(): boolean {
    return this.plan.correlations.length > 0;
  }

  private async begin(): Promise<void> {
    const { connection } = this.options;
    const { jsm, js, layout } = connection;
    const ackWaitMs = this.options.ackWaitMs ?? 30_000;
    await ensurePullConsumer(jsm, layout.stream, {
      durable: EVENTS_CONSUMER,
      filterSubject: eventsSubject(layout),
      maxAckPending: this.options.maxAckPending ?? 512,
      ackWaitMs,
    });
    if (this.hasCorrelations) {
      for (let partition = 0; partition < layout.partitions; partition++) {
        await ensurePullConsumer(jsm, layout.stream, {
          durable: partitionConsumer(partition),
          filterSubject: partitionSubject(layout, partition),
          maxAckPending: 4 * this.checkpointEveryMatches,
          ackWaitMs,
        });
      }
      const ttlMs = this.options.leaseTtlMs ?? 15_000;
      this.leases = await PartitionLeases.open(js, layout, { workerId: this.workerId, ttlMs });
      this.checkpoints = await PartitionCheckpoints.open(js, layout, this.options.maxStateBytes ?? 900_000);
      this.tick = this.balance();
      await this.tick;
      this.timer = setInterval(
        () => {
          this.tick = this.tick.then(() => this.balance());
        },
        Math.max(100, Math.floor(ttlMs / 3)),
      );
    }
    this.events = new EventConsumer({
      js,
      layout,
      matcher: this.options.rules.matcher,
      router: this.router,
      silent: this.silent,
      onAlert: (alert) => this.alert(alert),
      logger: this.logger,
      concurrency: this.options.concurrency ?? 64,
    });
    await this.events.start();
    this.logger.info(
      { partitions: layout.partitions, correlations: this.plan.correlations.length },
      'detect worker started',
    );
  }

  private get checkpointEveryMatches(): number {
    return this.options.checkpointEveryMatches ?? 256;
  }

  private async alert(alert: StreamAlert): Promise<void> {
    await this.options.onAlert(alert);
    this.alerts++;
  }

  /** Renews held leases, then gives up or takes partitions until this worker holds its fair share. */
  private async balance(): Promise<void> {
    const leases = this.leases;
    if (!leases || this.stopping) return;
    try {
      await leases.announce();
      for (const partition of leases.owned()) {
        if (!(await leases.renew(partition))) await this.retire(partition, false);
        else if (!this.owners.has(partition)) await this.adopt(partition);
      }
      const partitions = this.options.connection.layout.partitions;
      const share = Math.ceil(partitions / (await leases.liveWorkers()));
      const owned = leases.owned();
      for (const partition of owned.slice(share)) {
        await this.retire(partition, true);
        await leases.release(partition);
      }
      // Start looking at a different place on each worker so they do not all race for partition 0.
      const offset = Number.parseInt(this.workerId.slice(-6), 16) || 0;
      for (let i = 0; i < partitions && leases.owned().length < share && !this.stopping; i++) {
        const partition = (offset + i) % partitions;
        if (!leases.owns(partition) && (await leases.tryAcquire(partition))) await this.adopt(partition);
      }
    } catch (err) {
      this.logger.warn({ error: String(err) }, 'partition lease round failed; retrying');
    }
  }

  private async adopt(partition: number): Promise<void> {
    const { connection } = this.options;
    const owner = new PartitionOwner(partition, {
      js: connection.js,
      layout: connection.layout,
      plan: this.plan,
      engineOptions: this.options.engine ?? {},
      checkpoints: this.checkpoints as PartitionCheckpoints,
      onFired: (match, origin) => this.fired(match, origin),
      onGiveUp: (stopped) => this.giveUp(stopped),
      logger: this.logger,
      checkpointEveryMs: this.options.checkpointEveryMs ?? 1000,
      checkpointEveryMatches: this.checkpointEveryMatches,
      prefetch: Math.min(256, this.checkpointEveryMatches),
    });
    this.owners.set(partition, owner);
    try {
      await owner.start();
      this.logger.info({ partition }, 'partition taken');
    } catch (err) {
      this.owners.delete(partition);
      await owner.stop(false);
      this.logger.warn({ partition, error: String(err) }, 'partition could not be started');
    }
  }

  /**
   * Stops an owner that cannot go on, keeping its lease: the next lease round finds the partition
   * held but not consumed and starts it again from its checkpoint. Queued behind the lease rounds, so
   * that the new owner never starts (and reads the checkpoint) before the old one has stopped.
   */
  private giveUp(owner: PartitionOwner): void {
    this.tick = this.tick
      .then(async () => {
        if (this.owners.get(owner.partition) === owner) await this.retire(owner.partition, false);
      })
      .catch((err: unknown) =>
        this.logger.warn(
          { partition: owner.partition, error: String(err) },
          'partition could not be stopped',
        ),
      );
  }

  private async retire(partition: number, handOver: boolean): Promise<void> {
    const owner = this.owners.get(partition);
    if (!owner) return;
    this.owners.delete(partition);
    await owner.stop(handOver);
    for (const key of Object.keys(this.retired) as (keyof PartitionStats)[])
      this.retired[key] += owner.stats[key];
    this.logger.info({ partition, handOver }, 'partition given up');
  }

  private async fired(match: CorrelationMatch, origin: string): Promise<void> {
    const work: Promise<void>[] = [this.router.route({ kind: 'correlation', match }, `c${origin}`)];
    if (!this.silent.has(match.rule.id)) work.push(this.alert({ kind: 'correlation', match }));
    await Promise.all(work);
  }

  stats(): WorkerStats {
    const correlation = { ...this.retired };
    for (const owner of this.owners.values())
      for (const key of Object.keys(correlation) as (keyof PartitionStats)[])
        correlation[key] += owner.stats[key];
    const events = this.events?.stats ?? { events: 0, matches: 0, malformed: 0, failed: 0 };
    return {
      ...events,
      workerId: this.workerId,
      partitions: [...this.owners.keys()].sort((a, b) => a - b),
      correlation,
      alerts: this.alerts,
    };
  }

  /** Finishes in-flight events, saves and hands over every partition, and leaves the lease table. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.tick;
    await this.events?.stop();
    for (const partition of [...this.owners.keys()]) {
      await this.retire(partition, true);
      await this.leases?.release(partition);
    }
    // An owner that gave up just now may still be stopping.
    await this.tick;
    await this.leases?.leave();
    this.logger.info('detect worker stopped');
  }
}
