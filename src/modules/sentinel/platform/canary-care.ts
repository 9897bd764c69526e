import { HEALTH_ALERT_EVENT } from '../../../kernel/bus/health.js';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import { LifelineError, loggableError } from '../../../kernel/errors.js';
import type { Sentinel } from '../engine/options.js';
import type { OperatorActions, Who } from './operator-actions.js';
import { canaryAlert } from './reports.js';
import type { SentinelStores } from './stores.js';

export const SYSTEM: Who = { actor: 'system:sentinel', sourceIp: null };

export interface CanaryCareDeps {
  stores: SentinelStores;
  bus: EventBus;
  clock: Clock;
  audit: Pick<OperatorActions, 'audit'>;
  running: () => ReadonlyMap<string, Sentinel>;
}

/**
 * Canaries are checked on a schedule and after lost events, and never left broken: a decoy found
 * missing or changed is reported, then replaced by the process that watches the share (no other may
 * write one), and new top-level folders get theirs.
 */
export class CanaryCare {
  constructor(private readonly deps: CanaryCareDeps) {}

  /** New canary contents on every share this process watches. */
  async renewAll(who: Who): Promise<Array<{ share: string; canaries: number }>> {
    const running = this.deps.running();
    if (running.size === 0) {
      await this.deps.audit.audit(who, 'sentinel.canaries.renew', null, false, {
        reason: 'no share is watched here',
      });
      throw new LifelineError(
        'SENTINEL_NOT_RUNNING',
        'No share is watched by this process, so no canary can be renewed here',
      );
    }
    const renewed: Array<{ share: string; canaries: number }> = [];
    for (const [share, sentinel] of running) {
      const canaries = await this.renew(share, sentinel, who, {});
      renewed.push({ share, canaries });
    }
    return renewed;
  }

  /** The scheduled check of every watched share. */
  async verifyAll(): Promise<Array<{ share: string; problems: number }>> {
    const checked: Array<{ share: string; problems: number }> = [];
    for (const [share, sentinel] of this.deps.running())
      checked.push({ share, problems: await this.check(share, sentinel) });
    return checked;
  }

  /**
   * Verifies one share's canaries; records and alerts what is missing or changed, then replaces those
   * and places decoys in folders that have none. Answers how many were missing or changed.
   */
  async check(share: string, sentinel: Sentinel): Promise<number> {
    const problems = await sentinel.verifyCanaries();
    await this.deps.stores.shares.markCanaries(share, 'verified', this.now());
    if (problems.length > 0) {
      const list = problems.map((p) => ({ path: p.record.path, problem: p.problem }));
      await this.deps.audit.audit(SYSTEM, 'sentinel.canaries.verify', share, false, {
        problems: list.map((p) => `${p.problem} ${p.path}`),
      });
      await this.deps.bus.publish(HEALTH_ALERT_EVENT, canaryAlert(share, list), 'sentinel');
      await this.renew(share, sentinel, SYSTEM, { replaced: problems.length });
    }
    await sentinel.placeCanaries();
    return problems.length;
  }

  private async renew(
    share: string,
    sentinel: Sentinel,
    who: Who,
    details: { replaced?: number },
  ): Promise<number> {
    try {
      const records = await sentinel.renewCanaries();
      await this.deps.stores.shares.replaceCanaries(share, records);
      await this.deps.stores.shares.markCanaries(share, 'renewed', this.now());
      await this.deps.audit.audit(who, 'sentinel.canaries.renew', share, true, {
        canaries: records.length,
        ...details,
      });
      return records.length;
    } catch (error) {
      await this.deps.audit.audit(who, 'sentinel.canaries.renew', share, false, {
        error: loggableError(error),
        ...details,
      });
      throw error;
    }
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
