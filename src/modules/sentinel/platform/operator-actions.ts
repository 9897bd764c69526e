import type { AuditLog } from '../../../kernel/audit/log.js';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import { LifelineError, type SafeDetails } from '../../../kernel/errors.js';
import type { SentinelConfig } from '../config.js';
import type { ActionOutcome } from '../types.js';
import { type DetectionRecord, OPEN_STATUSES } from './detection-store.js';
import type { SentinelResponders } from './engine-link.js';
import { WRITER_RELEASED_EVENT } from './reports.js';
import type { SentinelStores } from './stores.js';

export interface Who {
  actor: string;
  sourceIp: string | null;
}

export interface OperatorActionsDeps {
  config: SentinelConfig;
  stores: SentinelStores;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  responders: SentinelResponders;
}

type Verb = 'sentinel.writer.release' | 'sentinel.writer.kill';

/**
 * What an operator decides about a detection or a share. Every decision is audited, carried out or
 * refused: a refusal (already closed, no writer, the writer gone, an unknown share) too.
 */
export class OperatorActions {
  constructor(private readonly deps: OperatorActionsDeps) {}

  /** Lets a stopped writer run again (SIGCONT): the operator judged it harmless. */
  async release(id: string, who: Who): Promise<DetectionRecord> {
    const detection = await this.openWriter(id, 'sentinel.writer.release', who);
    const outcome = await this.deps.responders.resume(detection.writer.pid);
    return this.settle(detection, outcome, 'released', 'sentinel.writer.release', who);
  }

  /** Ends a stopped writer for good (SIGKILL). */
  async kill(id: string, who: Who): Promise<DetectionRecord> {
    const detection = await this.openWriter(id, 'sentinel.writer.kill', who);
    const outcome = await this.deps.responders.kill({
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
    const detection = await this.known(id, 'sentinel.detection.resolve', who);
    const at = this.deps.clock.now().toISOString();
    const closed = await this.deps.stores.detections.close(id, { status: 'resolved', by: who.actor, at });
    if (!closed)
      return this.refuse(who, 'sentinel.detection.resolve', id, closedError(detection), {
        share: detection.share,
      });
    await this.audit(who, 'sentinel.detection.resolve', id, true, { share: detection.share });
    return this.detection(id);
  }

  /** Undoes the read-only action on a share. */
  async makeWritable(share: string, who: Who): Promise<ActionOutcome> {
    const known =
      this.deps.config.shares.some((s) => s.path === share) || (await this.deps.stores.shares.get(share));
    if (!known)
      return this.refuse(
        who,
        'sentinel.share.writable',
        share,
        new LifelineError('SENTINEL_SHARE_UNKNOWN', undefined, { share }),
        { share },
      );
    const outcome = await this.deps.responders.makeWritable(share);
    await this.audit(who, 'sentinel.share.writable', share, outcome.ok, { detail: outcome.detail });
    if (!outcome.ok)
      throw new LifelineError('SENTINEL_ACTION_FAILED', outcome.detail, { share, action: 'writable' });
    return outcome;
  }

  async detection(id: string): Promise<DetectionRecord> {
    const detection = await this.deps.stores.detections.get(id);
    if (!detection) throw new LifelineError('SENTINEL_DETECTION_NOT_FOUND', undefined, { id });
    return detection;
  }

  private async known(id: string, verb: string, who: Who): Promise<DetectionRecord> {
    const detection = await this.deps.stores.detections.get(id);
    if (detection) return detection;
    return this.refuse(
      who,
      verb,
      id,
      new LifelineError('SENTINEL_DETECTION_NOT_FOUND', undefined, { id }),
      {},
    );
  }

  /**
   * The open detection's writer, proven to be the same process as the one stopped: a pid may have
   * been reused since (days later, by anything), and a signal must never reach another process.
   */
  private async openWriter(
    id: string,
    verb: Verb,
    who: Who,
  ): Promise<DetectionRecord & { writer: { pid: number } }> {
    const detection = await this.known(id, verb, who);
    const base = { share: detection.share, pid: detection.writer.pid };
    if (!OPEN_STATUSES.includes(detection.status))
      return this.refuse(who, verb, id, closedError(detection), base);
    const pid = detection.writer.pid;
    if (pid === null)
      return this.refuse(who, verb, id, new LifelineError('SENTINEL_NO_WRITER', undefined, { id }), base);
    const recorded = detection.writer.startTicks ?? null;
    const now = await this.deps.responders.startTicks(pid);
    if (recorded === null || now !== recorded) {
      const why =
        now === null
          ? `process ${pid} has exited`
          : recorded === null
            ? `the start time of process ${pid} was not recorded, so it cannot be told from a later process with the same pid`
            : `pid ${pid} now belongs to another process (started at tick ${now}, the writer at ${recorded})`;
      const error = new LifelineError(
        'SENTINEL_WRITER_GONE',
        `The writer is gone: ${why}; close the detection instead`,
        {
          id,
          pid,
          recordedStart: recorded,
          currentStart: now,
        },
      );
      return this.refuse(who, verb, id, error, base);
    }
    return { ...detection, writer: { ...detection.writer, pid } };
  }

  private async settle(
    detection: DetectionRecord,
    outcome: ActionOutcome,
    status: 'released' | 'killed',
    verb: Verb,
    who: Who,
  ): Promise<DetectionRecord> {
    const details = { share: detection.share, pid: detection.writer.pid, detail: outcome.detail };
    if (!outcome.ok) {
      await this.deps.stores.detections.addAction(detection.id, outcome);
      await this.audit(who, verb, detection.id, false, details);
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
    await this.audit(who, verb, detection.id, closed, details);
    if (!closed) throw new LifelineError('SENTINEL_DETECTION_CLOSED', undefined, { id: detection.id });
    await this.deps.bus.publish(
      WRITER_RELEASED_EVENT,
      { detectionId: detection.id, status, by: who.actor },
      'sentinel',
    );
    return this.detection(detection.id);
  }

  /** Audits a refused decision, with the code that says why, then throws it. */
  private async refuse(
    who: Who,
    verb: string,
    target: string,
    error: LifelineError,
    details: SafeDetails,
  ): Promise<never> {
    await this.audit(who, verb, target, false, { ...details, refused: error.code, reason: error.message });
    throw error;
  }

  async audit(
    who: Who,
    action: string,
    target: string | null,
    ok: boolean,
    details: SafeDetails,
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

function closedError(detection: DetectionRecord): LifelineError {
  return new LifelineError('SENTINEL_DETECTION_CLOSED', undefined, {
    id: detection.id,
    status: detection.status,
  });
}
