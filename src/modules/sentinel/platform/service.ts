import { resolve } from 'node:path';
import type { AuditLog } from '../../../kernel/audit/log.js';
import { HEALTH_ALERT_EVENT } from '../../../kernel/bus/health.js';
import { SECURITY_ALERT_EVENT } from '../../../kernel/bus/security.js';
import type { EventBus, Subscription } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import { type LifelineError, isLifelineError, loggableError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { SentinelConfig } from '../config.js';
import type { Sentinel, ShareOptions } from '../engine/options.js';
import type { ActionOutcome, Detection, WatchCoverage } from '../types.js';
import { CanaryCare, SYSTEM } from './canary-care.js';
import type { DetectionRecord, DetectionStatus } from './detection-store.js';
import {
  type SentinelFactory,
  type SentinelResponders,
  engineFactory,
  engineResponders,
  shareOptions,
} from './engine-link.js';
import type { ShareLease } from './lease-store.js';
import { ShareLeases, type ShareLeasesDeps } from './leases.js';
import { maskSecrets } from './mask.js';
import { OperatorActions, type Who } from './operator-actions.js';
import {
  CANARY_RENEW_REQUESTED_EVENT,
  WRITER_RELEASED_EVENT,
  WRITER_STOPPED_EVENT,
  coverageAlert,
  detectionAlert,
  detectionAuditDetails,
  eventsLostAlert,
  unwatchedAlert,
  writerStopped,
} from './reports.js';
import type { SentinelStores } from './stores.js';

export type { Who } from './operator-actions.js';

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
  /** Lease timing and the liveness probe of holders on this node (tests shorten or replace them). */
  leases?: Pick<ShareLeasesDeps, 'alive' | 'ttlMs' | 'renewMs'>;
  /** Told of each share's coverage and each stored detection, e.g. to print them in a terminal. */
  observer?: {
    coverage?(share: string, coverage: WatchCoverage): void;
    detection?(detection: Detection): void;
    /** The share is watched by another live process (SENTINEL_SHARE_WATCHED). */
    refused?(share: string, error: LifelineError): void;
  };
}

/** Actions that stop the writer from changing more files; when every one fails it is not stopped. */
const HALTING = new Set<ActionOutcome['action']>(['suspend', 'kill', 'read-only']);

/**
 * Runs one sentinel per configured share in the serving process, keeps what they report (coverage,
 * canaries, detections), raises the alerts and carries out what operators decide about a writer.
 */
export class SentinelService {
  readonly #running = new Map<string, Sentinel>();
  /** Shares watched without being configured (the demo hospital's), with their options. */
  readonly #added = new Map<string, ShareOptions>();
  /** Shares another process watches; taken over once its lease runs out. */
  readonly #waiting = new Map<string, { factory: SentinelFactory; options: ShareOptions }>();
  /** How each running share was started, to stand by for it again should its lease be lost. */
  readonly #startedWith = new Map<string, { factory: SentinelFactory; options: ShareOptions }>();
  readonly #pending = new Set<Promise<void>>();
  readonly #leases: ShareLeases;
  readonly #operator: OperatorActions;
  readonly #canaries: CanaryCare;
  #subscriptions: Subscription[] = [];

  constructor(private readonly deps: SentinelServiceDeps) {
    this.#operator = new OperatorActions({ ...deps, responders: deps.responders ?? engineResponders });
    this.#canaries = new CanaryCare({ ...deps, audit: this.#operator, running: () => this.#running });
    this.#leases = new ShareLeases({
      ...deps.leases,
      store: deps.stores.leases,
      clock: deps.clock,
      onLost: (share, lease) => this.lost(share, lease),
      onTick: () => this.retryWaiting(),
    });
  }

  /** Shares this process watches now. */
  watching(): string[] {
    return [...this.#running.keys()];
  }

  /** Shares watched by watchShare rather than the configuration, with their options. */
  addedShares(): ShareOptions[] {
    return [...this.#added.values()];
  }

  /** This process's lease holder id. */
  get holder(): string {
    return this.#leases.holder.id;
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

  /**
   * Starts every configured share at once and resolves when each is watched (or reported): the
   * files are fingerprinted afterwards, and the server does not wait for that to listen.
   */
  async start(): Promise<void> {
    const factory =
      this.deps.createSentinel ?? (this.deps.config.shares.length > 0 ? await engineFactory() : undefined);
    if (factory)
      await Promise.all(
        this.deps.config.shares.map(async (share) =>
          this.startShare(share.path, factory, await shareOptions(share, this.deps.config.mode)),
        ),
      );
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

  /** Resolves once the work started by the sentinels' reports (problems, fingerprinting) is done. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  private async startShare(path: string, factory: SentinelFactory, options: ShareOptions): Promise<void> {
    try {
      await this.#leases.take(path);
      this.#waiting.delete(path);
    } catch (error) {
      if (!isLifelineError(error) || error.code !== 'SENTINEL_SHARE_WATCHED') throw error;
      if (this.#waiting.has(path)) return;
      // Not fatal: this process stands by and takes the share over once the holder's lease runs out.
      this.#waiting.set(path, { factory, options });
      this.deps.logger.warn(
        { share: path, holder: error.details.holder },
        'share watched by another process',
      );
      this.deps.observer?.refused?.(path, error);
      return;
    }
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
        onProblem: (message, kind) => this.track(path, kind, this.problem(path, message, kind)),
      },
      { canaries: canaries.map(({ share: _share, ...record }) => record) },
    );
    try {
      const coverage = await sentinel.start();
      this.#running.set(path, sentinel);
      this.#startedWith.set(path, { factory, options });
      await this.recordCoverage(path, coverage);
      // Not awaited, nor tracked by settled(): fingerprinting a large share takes minutes.
      sentinel.ready
        .then(() => this.deps.stores.shares.markBaseline(path, this.deps.clock.now().toISOString()))
        .catch((error: unknown) =>
          this.deps.logger.error(
            { share: path, err: loggableError(error) },
            'sentinel baseline not recorded',
          ),
        );
    } catch (error) {
      await sentinel.close().catch(() => undefined);
      await this.#leases.give(path);
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

  /** Work a sentinel's report started; a failure is logged with the share and kind only. */
  private track(share: string, kind: string, work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) =>
        this.deps.logger.error({ share, kind, err: loggableError(error) }, 'sentinel report not handled'),
      )
      .finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  /**
   * Coverage lost after start. The log names the share root and the kind only: the message may name
   * a sub-folder, and folder names may hold patient names; the status keeps it for readers.
   */
  private async problem(
    share: string,
    message: string,
    kind: 'overflow' | 'unwatched' | 'action',
  ): Promise<void> {
    this.deps.logger.warn({ share, kind }, 'sentinel coverage problem');
    const at = this.deps.clock.now().toISOString();
    if (kind === 'unwatched') {
      await this.deps.stores.shares.markIncomplete(share, message);
      const mode = (await this.deps.stores.shares.get(share))?.mode ?? 'inotify';
      await this.deps.bus.publish(HEALTH_ALERT_EVENT, unwatchedAlert(share, mode), 'sentinel');
    } else if (kind === 'overflow') {
      // Changes went unseen: a touched canary may be among them, so look now, not at the next check.
      await this.deps.stores.shares.markEventsLost(share, at);
      await this.#operator.audit(SYSTEM, 'sentinel.share.events-lost', share, false, {});
      const sentinel = this.#running.get(share);
      const problems = sentinel ? await this.#canaries.check(share, sentinel) : 0;
      await this.deps.bus.publish(HEALTH_ALERT_EVENT, eventsLostAlert(share, problems), 'sentinel');
    }
  }

  private async recordCoverage(share: string, coverage: WatchCoverage): Promise<void> {
    await this.deps.stores.shares.recordCoverage(share, coverage, this.deps.clock.now().toISOString());
    this.deps.observer?.coverage?.(share, coverage);
    if (coverage.complete) return;
    this.deps.logger.error({ share, mode: coverage.mode }, 'sentinel does not watch this share');
    await this.deps.bus.publish(HEALTH_ALERT_EVENT, coverageAlert(share, coverage), 'sentinel');
  }

  /** Stores a detection, audits it with its files, and raises the bus event and the critical alert. */
  async recordDetection(reported: Detection): Promise<void> {
    // A command line may carry a password: it is stored and audited masked.
    const detection: Detection = {
      ...reported,
      writer: { ...reported.writer, commandLine: maskSecrets(reported.writer.commandLine) },
    };
    const added = await this.deps.stores.detections.add(detection, statusOf(detection));
    if (!added) return this.recordExtension(detection);
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

  /** Another process of the detected group was stopped: stored on the same detection and audited. */
  private async recordExtension(detection: Detection): Promise<void> {
    const actions = await this.deps.stores.detections.extend(detection);
    if (actions.length === 0) return;
    await this.deps.audit.append({
      actor: SYSTEM.actor,
      action: 'sentinel.detection.extended',
      target: detection.id,
      outcome: actions.every((action) => action.ok) ? 'success' : 'failure',
      details: {
        share: detection.share,
        pids: actions.map((action) => String(action.pid ?? detection.writer.pid ?? '?')),
        actions: actions.map((action) => `${action.action}:${action.ok ? 'ok' : 'failed'}`),
        files: detection.files.slice(-20),
      },
      sourceIp: null,
    });
  }

  release(id: string, who: Who): Promise<DetectionRecord> {
    return this.#operator.release(id, who);
  }

  kill(id: string, who: Who): Promise<DetectionRecord> {
    return this.#operator.kill(id, who);
  }

  resolve(id: string, who: Who): Promise<DetectionRecord> {
    return this.#operator.resolve(id, who);
  }

  makeWritable(share: string, who: Who): Promise<ActionOutcome> {
    return this.#operator.makeWritable(share, who);
  }

  detection(id: string): Promise<DetectionRecord> {
    return this.#operator.detection(id);
  }

  /** New canary contents on every share this process watches. */
  renewCanaries(who: Who): Promise<Array<{ share: string; canaries: number }>> {
    return this.#canaries.renewAll(who);
  }

  /** The scheduled check: canaries missing or changed are reported and replaced; new folders get theirs. */
  verifyCanaries(): Promise<Array<{ share: string; problems: number }>> {
    return this.#canaries.verifyAll();
  }

  /** One round of lease renewal and take-overs (the timer's work). */
  renewLeases(): Promise<void> {
    return this.#leases.tick();
  }

  async close(): Promise<void> {
    const subscriptions = this.#subscriptions;
    this.#subscriptions = [];
    for (const subscription of subscriptions) await subscription.unsubscribe();
    const running = [...this.#running.values()];
    this.#running.clear();
    this.#waiting.clear();
    this.#startedWith.clear();
    for (const sentinel of running) await sentinel.close();
    await this.settled();
    await this.#leases.close();
  }

  /**
   * Another process took the share over while this one stalled: stop watching it, say so, and stand
   * by to take it back should that process stop.
   */
  private async lost(share: string, lease: ShareLease | undefined): Promise<void> {
    const sentinel = this.#running.get(share);
    this.#running.delete(share);
    const started = this.#startedWith.get(share);
    if (started) this.#waiting.set(share, started);
    await sentinel?.close();
    this.deps.logger.error({ share, holder: lease?.holder ?? null }, 'sentinel lease on a share lost');
  }

  private async retryWaiting(): Promise<void> {
    for (const [path, { factory, options }] of [...this.#waiting])
      await this.startShare(path, factory, options).catch((error: unknown) =>
        this.deps.logger.error({ share: path, err: loggableError(error) }, 'sentinel share not taken over'),
      );
  }
}

function statusOf(detection: Detection): DetectionStatus {
  if (detection.actions.some((a) => a.action === 'kill' && a.ok)) return 'killed';
  return detection.actions.some((a) => a.ok && HALTING.has(a.action)) ? 'stopped' : 'unstopped';
}
