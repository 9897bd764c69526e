import { type Kysely, type Transaction, sql } from 'kysely';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import { LifelineError, loggableError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import { randomId } from '../../../kernel/crypto/random.js';
import type { CorrelationMatch, RuleMatch } from '../types.js';
import { attackTags } from './attack.js';
import { auditFailure } from './audit-failure.js';
import { type AlertsConfig, alertsConfigSchema } from './config.js';
import { FilterBook } from './filter-book.js';
import { type AlertQuery, type AlertPage, listAlerts } from './list.js';
import { type MatchFacts, describeMatch } from './match.js';
import { type AlertStats, type StatsBucket, alertStats } from './stats.js';
import { type AlertChange, AlertStore } from './store.js';
import { ALLOWED_FROM, HISTORY_OF, type TriageAction, stateError } from './triage.js';
import {
  type Alert,
  type AlertDetail,
  type AlertEvidence,
  type AlertFilter,
  type AlertRaisedEventData,
  DETECT_ALERT_EVENTS,
  type Exclusion,
  type Who,
} from './types.js';

/** The actor of alerts the engine raises. */
export const DETECT_ACTOR = 'system:detect';

export interface AlertServiceDeps {
  database: Database;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  config?: Pick<AlertsConfig, 'dedup'>;
  /** The event fields a rule's detection uses: the default fields of a false-positive filter. */
  ruleFields?: (ruleId: string) => readonly string[];
  /** Hands a new alert to the notifiers; must not block or throw. */
  notify?: (alert: Alert, evidence: AlertEvidence) => void;
  /** Whether a user name may be given alerts (an active account); unchecked when absent. */
  isAssignable?: (username: string) => Promise<boolean>;
}

export interface RaiseResult {
  alert: Alert;
  /** True when the match was folded into an open alert instead of raising a new one. */
  repeated: boolean;
}

/**
 * Alerts from raise to close: dedup of repeated matches, the triage actions with their audit
 * records, the `detect.alert.raised` announcement, and the false-positive filters.
 */
export class AlertService {
  readonly store: AlertStore;
  readonly filters: FilterBook;
  private readonly dedup: AlertsConfig['dedup'];
  private readonly db: Kysely<any>;
  /** Matches of one rule and key are decided one at a time in this process. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: AlertServiceDeps) {
    this.db = deps.database.db;
    this.store = new AlertStore(this.db);
    this.dedup = deps.config?.dedup ?? alertsConfigSchema.parse({}).dedup;
    this.filters = new FilterBook({ ...deps, alerts: this.store, dedup: this.dedup });
  }

  async raise(match: RuleMatch | CorrelationMatch): Promise<RaiseResult> {
    const facts = describeMatch(match, this.dedup);
    const key = `${facts.rule.id}\n${facts.dedupKey}`;
    const previous = this.pending.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => this.decide(facts, key));
    this.pending.set(key, current);
    try {
      return await current;
    } finally {
      if (this.pending.get(key) === current) this.pending.delete(key);
    }
  }

  private async decide(facts: MatchFacts, key: string): Promise<RaiseResult> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    const windowMs = this.dedup.windowMinutes * 60_000;
    const result = await this.db.transaction().execute(async (trx): Promise<RaiseResult> => {
      if (this.deps.database.engine === 'postgres') {
        // Other processes raise too: one decision per rule and key at a time across the cluster.
        await sql`select pg_advisory_xact_lock(7231002, hashtext(${key}))`.execute(trx);
      }
      if (windowMs > 0) {
        const since = new Date(now.getTime() - windowMs).toISOString();
        const openId = await this.store.findOpen(facts.rule.id, facts.dedupKey, since, trx);
        const folded = openId
          ? await this.store.repeat(openId, { at, actor: DETECT_ACTOR, action: 'repeated' }, trx)
          : undefined;
        if (folded) return { alert: folded, repeated: true };
      }
      const alert = newAlert(facts, at);
      await this.store.insert(alert, facts.evidence, { at, actor: DETECT_ACTOR, action: 'raised' }, trx);
      // Repeats are not audited: a noisy rule would flood the chain; the history row records them.
      await this.deps.audit.append(
        {
          actor: DETECT_ACTOR,
          action: 'detect.alert.raise',
          target: alert.id,
          outcome: 'success',
          details: { ruleId: alert.ruleId, level: alert.level, source: alert.source.name },
        },
        trx,
      );
      return { alert, repeated: false };
    });
    if (!result.repeated) await this.announce(result.alert, facts.evidence);
    return result;
  }

  /** Publishes and notifies; the alert is stored already, so a failure here is logged, not thrown. */
  private async announce(alert: Alert, evidence: AlertEvidence): Promise<void> {
    const data: AlertRaisedEventData = {
      alertId: alert.id,
      ruleId: alert.ruleId,
      title: alert.ruleTitle,
      level: alert.level,
      tags: alert.tags,
      sourceName: alert.source.name,
      dedupKey: alert.dedupKey,
    };
    try {
      await this.deps.bus.publish(DETECT_ALERT_EVENTS.alertRaised, data, 'detect');
    } catch (error) {
      this.deps.logger.error(
        { alertId: alert.id, err: loggableError(error) },
        'alert stored but not announced on the bus',
      );
    }
    try {
      this.deps.notify?.(alert, evidence);
    } catch {
      this.deps.logger.error({ alertId: alert.id }, 'alert notification could not be queued');
    }
  }

  async get(id: string): Promise<AlertDetail> {
    const detail = await this.store.detail(id);
    if (!detail) throw new LifelineError('DETECT_ALERT_NOT_FOUND');
    return detail;
  }

  list(query: AlertQuery): Promise<AlertPage> {
    return listAlerts(this.db, query);
  }

  stats(range: { from: string; to: string; bucket: StatsBucket }): Promise<AlertStats> {
    return alertStats(this.db, range);
  }

  acknowledge(id: string, who: Who): Promise<Alert> {
    return this.triage(id, 'acknowledge', { status: 'acknowledged' }, who);
  }

  async assign(id: string, assignee: string, who: Who): Promise<Alert> {
    const check = this.deps.isAssignable;
    return this.triage(id, 'assign', { assignee }, who, assignee, async () => {
      if (check && !(await check(assignee))) {
        throw new LifelineError('DETECT_ASSIGNEE_UNKNOWN', undefined, { field: 'assignee' });
      }
    });
  }

  close(id: string, reason: string, who: Who): Promise<Alert> {
    return this.triage(
      id,
      'close',
      { status: 'closed', closeReason: reason, falsePositive: false },
      who,
      reason,
    );
  }

  /** Closes the alert as a false positive and adds a filter that keeps such events from matching again. */
  async falsePositive(
    id: string,
    input: { reason: string; fields?: readonly string[] | undefined },
    who: Who,
  ): Promise<{ alert: Alert; filter: AlertFilter }> {
    let filter: AlertFilter | undefined;
    const change: AlertChange = { status: 'closed', closeReason: input.reason, falsePositive: true };
    const alert = await this.triage(id, 'false-positive', change, who, input.reason, async (current) => {
      const fields = await this.filters.fieldsFor(current, input.fields, this.deps.ruleFields);
      return async (trx) => {
        filter = await this.filters.create(current, fields, input.reason, who, trx);
        return { filterId: filter.id };
      };
    });
    if (!filter) throw new LifelineError('INTERNAL', 'the filter was not created');
    this.filters.changed(filter, 'created');
    return { alert, filter };
  }

  /** Reopens a closed alert; filters its false-positive verdict created are removed with it. */
  async reopen(id: string, who: Who): Promise<Alert> {
    let removed: AlertFilter[] = [];
    const change: AlertChange = { status: 'new', closeReason: null, falsePositive: false };
    const alert = await this.triage(id, 'reopen', change, who, undefined, async () => async (trx) => {
      removed = await this.filters.removeOfAlert(id, who, trx);
      return { filtersRemoved: removed.length };
    });
    for (const filter of removed) this.filters.changed(filter, 'deleted');
    return alert;
  }

  listFilters(): Promise<AlertFilter[]> {
    return this.filters.list();
  }

  deleteFilter(id: string, who: Who): Promise<void> {
    return this.filters.remove(id, who);
  }

  /** The engine's exclusions: events of `ruleId` whose fields equal all of `fields` do not match. */
  exclusions(): Promise<Exclusion[]> {
    return this.filters.exclusions();
  }

  /** The engine reloads `exclusions()` when this fires; returns the function that stops it. */
  onFiltersChanged(listener: () => void): () => void {
    return this.filters.onChanged(listener);
  }

  /**
   * One triage step: `prepare` runs first (validation, reading evidence) and may return work for the
   * transaction; the status check and the change are one conditional update. Every attempt is
   * audited, refusals included.
   */
  private async triage(
    id: string,
    action: TriageAction,
    change: AlertChange,
    who: Who,
    detail?: string,
    prepare?: (
      alert: Alert,
    ) => Promise<void | ((trx: Transaction<any>) => Promise<Record<string, string | number>>)>,
  ): Promise<Alert> {
    const auditAction = `detect.alert.${action}`;
    try {
      const current = await this.store.get(id);
      if (!current) throw new LifelineError('DETECT_ALERT_NOT_FOUND');
      if (!ALLOWED_FROM[action].includes(current.status)) throw stateError(action, current.status);
      const work = await prepare?.(current);
      return await this.db.transaction().execute(async (trx) => {
        const at = this.deps.clock.now().toISOString();
        const note = { at, actor: who.actor, action: HISTORY_OF[action], detail };
        const updated = await this.store.transition(id, ALLOWED_FROM[action], change, note, trx);
        if (!updated) {
          const now = await this.store.get(id, trx);
          throw now ? stateError(action, now.status) : new LifelineError('DETECT_ALERT_NOT_FOUND');
        }
        const extra = work ? await work(trx) : {};
        await this.deps.audit.append(
          {
            ...who,
            action: auditAction,
            target: id,
            outcome: 'success',
            details: { ...extra, status: updated.status },
          },
          trx,
        );
        return updated;
      });
    } catch (error) {
      await auditFailure(this.deps, who, auditAction, id, error);
      throw error;
    }
  }
}

function newAlert(facts: MatchFacts, at: string): Alert {
  return {
    id: randomId(),
    ruleId: facts.rule.id,
    ruleTitle: facts.rule.title,
    level: facts.rule.level,
    tags: [...facts.rule.tags],
    attack: attackTags(facts.rule.tags),
    status: 'new',
    assignee: null,
    closeReason: null,
    falsePositive: false,
    dedupKey: facts.dedupKey,
    count: 1,
    firstSeen: at,
    lastSeen: at,
    source: { ...facts.source },
    correlation: facts.correlation,
  };
}
