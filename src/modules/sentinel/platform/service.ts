import { resolve } from 'node:path';
import type { AuditLog } from '../../../kernel/audit/log.js';
import { HEALTH_ALERT_EVENT } from '../../../kernel/bus/health.js';
import { SECURITY_ALERT_EVENT } from '../../../kernel/bus/security.js';
import type { EventBus, Subscription } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import { LifelineError, isLifelineError, loggableError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { SentinelConfig } from '../config.js';
import type { Sentinel, ShareOptions } from '../engine/options.js';
import type { ActionOutcome, Detection, WatchCoverage } from '../types.js';
import type { DetectionRecord } from './detection-store.js';
import {
  type SentinelFactory,
  type SentinelResponders,
  engineFactory,
  engineResponders,
  shareOptions,
} from './engine-link.js';
import {
  CANARY_RENEW_REQUESTED_EVENT,
  WRITER_RELEASED_EVENT,
  WRITER_STOPPED_EVENT,
  canaryAlert,
  coverageAlert,
  detectionAlert,
  detectionAuditDetails,
  writerStopped,
} from './reports.js';
import type { SentinelStores } from './stores.js';

export interface Who {
  actor: string;
  sourceIp: string | null;
}

export interface SentinelServiceDeps {
  config: SentinelConfig;
  stores: SentinelStores;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** The engine's createSentinel unless given (tests give a stand-in). */
  createSentinel?: SentinelFactory;
  responders?: SentinelResponders;
  /** Told of each share's coverage and each stored detection, e.g. to print them in a terminal. */
  observer?: {
    coverage?(share: string, coverage: WatchCoverage): void;
    detection?(detection: Detection): void;
  };
}

const SYSTEM: Who = { actor: 'system:sentinel', sourceIp: null };

/**
 * Runs one sentinel per configured share in the serving process, keeps what they report (coverage,
 * canaries, detections), raises the alerts and carries out what operators decide about a writer.
 */
export class SentinelService {
  readonly #running = new Map<string, Sentinel>();
  /** Shares watched without being configured (the demo hospital's), with their options. */
  readonly #added = new Map<string, ShareOptions>();
  readonly #responders: SentinelResponders;
  #subscriptions: Subscription[] = [];

  constructor(private readonly deps: SentinelServiceDeps) {
    this.#responders = deps.responders ?? engineResponders;
  }

  /** Shares this process watches now. */
  watching(): string[] {
    return [...this.#running.keys()];
  }

  /** Shares watched by watchShare rather than the configuration, with their options. */
  addedShares(): ShareOptions[] {
    return [...this.#added.values()];
  }

  /**
   * Watches a share that is not in the configuration (the demo hospital's); its coverage, canaries
   * and detections are kept like a configured share's. A configured or already watched share is left
   * as it is.
   */
  async watchShare(options: ShareOptions): Promise<void> {
    const path = resolve(options.path);
    if (this.#running.has(path) || this.deps.config.shares.some((share) => share.path === path)) return;
    const share = { ...options, path };
    this.#added.set(path, share);
    await this.startShare(path, this.deps.createSentinel ?? (await engineFactory()), share);
  }

  /** Starts every configured share; a share that cannot be watched whole is reported, not fatal. */
  async start(): Promise<void> {
    const factory =
      this.deps.createSentinel ?? (this.deps.config.shares.length > 0 ? await engineFactory() : undefined);
    for (const share of this.deps.config.shares) {
      if (!factory) break;
      await this.startShare(share.path, factory, await shareOptions(share, this.deps.config.mode));
    }
    this.#subscriptions.push(
      await this.deps.bus.subscribe(
        { durable: 'sentinel-released', types: [WRITER_RELEASED_EVENT] },
        async (event) => {
          const id = (event.data as { detectionId?: unknown }).detectionId;
          if (typeof id === 'string') for (const sentinel of this.#running.values()) sentinel.forget(id);
        },
      ),
      await this.deps.bus.subscribe(
        { durable: 'sentinel-canary-renew', types: [CANARY_RENEW_REQUESTED_EVENT] },
        async (event) => {
          const by = (event.data as { by?: unknown }).by;
          await this.renewCanaries({ actor: typeof by === 'string' ? by : SYSTEM.actor, sourceIp: null });
        },
      ),
    );
  }

  private async startShare(path: string, factory: SentinelFactory, options: ShareOptions): Promise<void> {
    const canaries = await this.deps.stores.shares.canaries(path);
    let reported: WatchCoverage | undefined;
    const sentinel = factory(
      options,
      {
        onDetection: (detection) => this.recordDetection(detection),
        onCoverage: (coverage) => {
          reported = coverage;
        },
        onCanaries: (records) => this.deps.stores.shares.replaceCanaries(path, records),
        onProblem: (message) => this.deps.logger.warn({ share: path, problem: message }, 'sentinel problem'),
      },
      { canaries: canaries.map(({ share: _share, ...record }) => record) },
    );
    try {
      const coverage = await sentinel.start();
      this.#running.set(path, sentinel);
      await this.recordCoverage(path, coverage);
    } catch (error) {
      await sentinel.close().catch(() => undefined);
      const coverage: WatchCoverage =
        reported?.complete === false
          ? reported
          : {
              mode: reported?.mode ?? (this.deps.config.mode === 'fanotify' ? 'fanotify' : 'inotify'),
              roots: [path],
              directories: reported?.directories ?? 0,
              complete: false,
              problem: isLifelineError(error)
                ? `${error.code}: ${error.message}`
                : `the watch did not start (${loggableError(error)})`,
            };
      await this.recordCoverage(path, { ...coverage, complete: false });
    }
  }

  private async recordCoverage(share: string, coverage: WatchCoverage): Promise<void> {
    await this.deps.stores.shares.recordCoverage(share, coverage, this.deps.clock.now().toISOString());
    this.deps.observer?.coverage?.(share, coverage);
    if (coverage.complete) return;
    this.deps.logger.error({ share, problem: coverage.problem }, 'sentinel does not watch this share');
    await this.deps.bus.publish(HEALTH_ALERT_EVENT, coverageAlert(share, coverage), 'sentinel');
  }

  /** Stores a detection, audits it with its files, and raises the bus event and the critical alert. */
  async recordDetection(detection: Detection): Promise<void> {
    const killed = detection.actions.some((a) => a.action === 'kill' && a.ok);
    const added = await this.deps.stores.detections.add(detection, killed ? 'killed' : 'stopped');
    if (!added) return;
    this.deps.observer?.detection?.(detection);
    const acted = detection.actions.some((a) => a.ok);
    await this.deps.audit.append({
      actor: SYSTEM.actor,
      action: 'sentinel.detection.raised',
      target: detection.id,
      outcome: acted ? 'success' : 'failure',
      details: detectionAuditDetails(detection),
      sourceIp: null,
    });
    await this.deps.bus.publish(WRITER_STOPPED_EVENT, writerStopped(detection), 'sentinel');
    await this.deps.bus.publish(SECURITY_ALERT_EVENT, detectionAlert(detection), 'sentinel');
  }

  /** Lets a stopped writer run again (SIGCONT): the operator judged it harmless. */
  async release(id: string, who: Who): Promise<DetectionRecord> {
    const detection = await this.stoppedWriter(id);
    const outcome = await this.#responders.resume(detection.writer.pid);
    return this.settle(detection, outcome, 'released', 'sentinel.writer.release', who);
  }

  /** Ends a stopped writer for good (SIGKILL). */
  async kill(id: string, who: Who): Promise<DetectionRecord> {
    const detection = await this.stoppedWriter(id);
    const outcome = await this.#responders.kill({
      share: detection.share,
      writer: detection.writer,
      signals: detection.signals,
      files: detection.files,
      detectionId: detection.id,
    });
    return this.settle(detection, outcome, 'killed', 'sentinel.writer.kill', who);
  }

  /** Closes a detection without acting on the writer (it is gone, or was dealt with elsewhere). */
  async resolve(id: string, who: Who): Promise<DetectionRecord> {
    const detection = await this.detection(id);
    const at = this.deps.clock.now().toISOString();
    const closed = await this.deps.stores.detections.close(id, { status: 'resolved', by: who.actor, at });
    await this.audit(who, 'sentinel.detection.resolve', id, closed, { share: detection.share });
    if (!closed)
      throw new LifelineError('SENTINEL_DETECTION_CLOSED', undefined, { id, status: detection.status });
    return this.detection(id);
  }

  /** Undoes the read-only action on a share. */
  async makeWritable(share: string, who: Who): Promise<ActionOutcome> {
    const known =
      this.deps.config.shares.some((s) => s.path === share) || (await this.deps.stores.shares.get(share));
    if (!known) throw new LifelineError('SENTINEL_SHARE_UNKNOWN', undefined, { share });
    const outcome = await this.#responders.makeWritable(share);
    await this.audit(who, 'sentinel.share.writable', share, outcome.ok, { detail: outcome.detail });
    if (!outcome.ok)
      throw new LifelineError('SENTINEL_ACTION_FAILED', outcome.detail, { share, action: 'writable' });
    return outcome;
  }

  /** New canary contents on every share this process watches. */
  async renewCanaries(who: Who): Promise<Array<{ share: string; canaries: number }>> {
    if (this.#running.size === 0) {
      await this.audit(who, 'sentinel.canaries.renew', null, false, { reason: 'no share is watched here' });
      throw new LifelineError(
        'SENTINEL_NOT_RUNNING',
        'No share is watched by this process, so no canary can be renewed here',
      );
    }
    const renewed: Array<{ share: string; canaries: number }> = [];
    for (const [share, sentinel] of this.#running) {
      try {
        const records = await sentinel.renewCanaries();
        await this.deps.stores.shares.replaceCanaries(share, records);
        await this.deps.stores.shares.markCanaries(share, 'renewed', this.deps.clock.now().toISOString());
        await this.audit(who, 'sentinel.canaries.renew', share, true, { canaries: records.length });
        renewed.push({ share, canaries: records.length });
      } catch (error) {
        await this.audit(who, 'sentinel.canaries.renew', share, false, { error: loggableError(error) });
        throw error;
      }
    }
    return renewed;
  }

  /** The scheduled check: a canary missing or changed without a detection is worth a person's look. */
  async verifyCanaries(): Promise<Array<{ share: string; problems: number }>> {
    const checked: Array<{ share: string; problems: number }> = [];
    for (const [share, sentinel] of this.#running) {
      const problems = await sentinel.verifyCanaries();
      await this.deps.stores.shares.markCanaries(share, 'verified', this.deps.clock.now().toISOString());
      checked.push({ share, problems: problems.length });
      if (problems.length === 0) continue;
      const list = problems.map((p) => ({ path: p.record.path, problem: p.problem }));
      await this.audit(SYSTEM, 'sentinel.canaries.verify', share, false, {
        problems: list.map((p) => `${p.problem} ${p.path}`),
      });
      await this.deps.bus.publish(HEALTH_ALERT_EVENT, canaryAlert(share, list), 'sentinel');
    }
    return checked;
  }

  async close(): Promise<void> {
    const subscriptions = this.#subscriptions;
    this.#subscriptions = [];
    for (const subscription of subscriptions) await subscription.unsubscribe();
    const running = [...this.#running.values()];
    this.#running.clear();
    for (const sentinel of running) await sentinel.close();
  }

  async detection(id: string): Promise<DetectionRecord> {
    const detection = await this.deps.stores.detections.get(id);
    if (!detection) throw new LifelineError('SENTINEL_DETECTION_NOT_FOUND', undefined, { id });
    return detection;
  }

  private async stoppedWriter(id: string): Promise<DetectionRecord & { writer: { pid: number } }> {
    const detection = await this.detection(id);
    if (detection.status !== 'stopped')
      throw new LifelineError('SENTINEL_DETECTION_CLOSED', undefined, { id, status: detection.status });
    const pid = detection.writer.pid;
    if (pid === null) throw new LifelineError('SENTINEL_NO_WRITER', undefined, { id });
    return { ...detection, writer: { ...detection.writer, pid } };
  }

  private async settle(
    detection: DetectionRecord,
    outcome: ActionOutcome,
    status: 'released' | 'killed',
    action: string,
    who: Who,
  ): Promise<DetectionRecord> {
    const details = { share: detection.share, pid: detection.writer.pid, detail: outcome.detail };
    if (!outcome.ok) {
      await this.deps.stores.detections.addAction(detection.id, outcome);
      await this.audit(who, action, detection.id, false, details);
      throw new LifelineError('SENTINEL_ACTION_FAILED', outcome.detail, {
        id: detection.id,
        action: outcome.action,
      });
    }
    const at = this.deps.clock.now().toISOString();
    const closed = await this.deps.stores.detections.close(detection.id, {
      status,
      by: who.actor,
      at,
      outcome,
    });
    await this.audit(who, action, detection.id, closed, details);
    if (!closed) throw new LifelineError('SENTINEL_DETECTION_CLOSED', undefined, { id: detection.id });
    await this.deps.bus.publish(
      WRITER_RELEASED_EVENT,
      { detectionId: detection.id, status, by: who.actor },
      'sentinel',
    );
    return this.detection(detection.id);
  }

  private async audit(
    who: Who,
    action: string,
    target: string | null,
    ok: boolean,
    details: Record<string, string | number | boolean | null | readonly string[]>,
  ): Promise<void> {
    await this.deps.audit.append({
      actor: who.actor,
      action,
      target,
      outcome: ok ? 'success' : 'failure',
      details,
      sourceIp: who.sourceIp,
    });
  }
}
