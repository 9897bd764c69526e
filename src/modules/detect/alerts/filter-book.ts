import type { Transaction } from 'kysely';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import { randomId } from '../../../kernel/crypto/random.js';
import type { Database } from '../../../kernel/db/connect.js';
import { LifelineError, loggableError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { EventFields } from '../types.js';
import type { AlertsConfig } from './config.js';
import { dedupFieldNames } from './dedup.js';
import { filterFields } from './filter-fields.js';
import { auditFailure } from './audit-failure.js';
import { FilterStore } from './filter-store.js';
import { dedupFieldsFor } from './match.js';
import type { AlertStore } from './store.js';
import {
  type Alert,
  type AlertFilter,
  DETECT_ALERT_EVENTS,
  type Exclusion,
  type FiltersChangedEventData,
  type Who,
} from './types.js';

export interface FilterBookDeps {
  database: Database;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  alerts: AlertStore;
  dedup: AlertsConfig['dedup'];
}

/** False-positive filters: created from an alert's evidence, removed by hand or on reopen, audited. */
export class FilterBook {
  readonly store: FilterStore;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: FilterBookDeps) {
    this.store = new FilterStore(deps.database.db);
  }

  list(): Promise<AlertFilter[]> {
    return this.store.list();
  }

  exclusions(): Promise<Exclusion[]> {
    return this.store.exclusions();
  }

  /** Called after every change; returns the function that stops it. */
  onChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The filter's fields from the alert's evidence (and a correlation's group). */
  async fieldsFor(
    alert: Alert,
    requested: readonly string[] | undefined,
    ruleFields: ((ruleId: string) => readonly string[]) | undefined,
  ): Promise<Record<string, string>> {
    const evidence = await this.deps.alerts.evidence(alert.id);
    const group = alert.correlation?.group ?? {};
    const values: EventFields = { ...evidence?.fields, ...group };
    const candidates = [
      Object.keys(group),
      [...(ruleFields?.(alert.ruleId) ?? [])],
      dedupFieldNames(values, dedupFieldsFor(alert.ruleId, this.deps.dedup)),
    ];
    return filterFields(values, requested, candidates);
  }

  async create(
    alert: Alert,
    fields: Record<string, string>,
    reason: string,
    who: Who,
    trx: Transaction<any>,
  ): Promise<AlertFilter> {
    const filter: AlertFilter = {
      id: randomId(),
      ruleId: alert.ruleId,
      fields,
      reason,
      createdBy: who.actor,
      createdAt: this.deps.clock.now().toISOString(),
      alertId: alert.id,
    };
    await this.store.insert(filter, trx);
    await this.deps.audit.append(
      {
        ...who,
        action: 'detect.filter.create',
        target: filter.id,
        outcome: 'success',
        details: { ruleId: filter.ruleId, alertId: alert.id, fields: Object.keys(fields) },
      },
      trx,
    );
    return filter;
  }

  async remove(id: string, who: Who): Promise<void> {
    let filter: AlertFilter | undefined;
    try {
      filter = await this.deps.database.db.transaction().execute(async (trx) => {
        const found = await this.store.get(id, trx);
        if (!found || !(await this.store.remove(id, trx))) throw new LifelineError('DETECT_FILTER_NOT_FOUND');
        await this.deps.audit.append(
          {
            ...who,
            action: 'detect.filter.delete',
            target: id,
            outcome: 'success',
            details: { ruleId: found.ruleId },
          },
          trx,
        );
        return found;
      });
    } catch (error) {
      await auditFailure(this.deps, who, 'detect.filter.delete', id, error);
      throw error;
    }
    this.changed(filter, 'deleted');
  }

  async removeOfAlert(alertId: string, who: Who, trx: Transaction<any>): Promise<AlertFilter[]> {
    const removed: AlertFilter[] = [];
    for (const filter of await this.store.ofAlert(alertId, trx)) {
      if (!(await this.store.remove(filter.id, trx))) continue;
      await this.deps.audit.append(
        {
          ...who,
          action: 'detect.filter.delete',
          target: filter.id,
          outcome: 'success',
          details: { ruleId: filter.ruleId, alertId, reason: 'alert-reopened' },
        },
        trx,
      );
      removed.push(filter);
    }
    return removed;
  }

  /** Tells this process's listeners and, over the bus, the engines of other processes. */
  changed(filter: AlertFilter, change: FiltersChangedEventData['change']): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        this.deps.logger.error({ filterId: filter.id }, 'a filter-change listener failed');
      }
    }
    const data: FiltersChangedEventData = { ruleId: filter.ruleId, filterId: filter.id, change };
    this.deps.bus.publish(DETECT_ALERT_EVENTS.filtersChanged, data, 'detect').catch((error: unknown) => {
      this.deps.logger.error(
        { filterId: filter.id, err: loggableError(error) },
        'filter change not announced on the bus',
      );
    });
  }
}
