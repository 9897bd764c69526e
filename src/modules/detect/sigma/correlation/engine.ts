import type { CorrelationMatch, DetectEvent } from '../../types.js';
import { aggregate, type Entry } from './aggregate.js';
import { conditionHolds } from './condition.js';
import { GroupState, type Window } from './group-state.js';
import { observationOf, type CorrelationInput } from './observation.js';
import {
  groupOf,
  planCorrelations,
  valueOf,
  type CorrelationPlan,
  type GroupOf,
  type PlannedCorrelation,
} from './plan.js';
import { readSnapshot, writeSnapshot, type CorrelationSnapshot } from './snapshot.js';
import type { ResolvedCorrelations } from './types.js';

export interface CorrelationEngineOptions {
  /** Groups held at once, across all correlations; the least recently updated goes first. */
  readonly maxGroups?: number;
  /** Matches held per group; the oldest goes first. A count above this can never be reached. */
  readonly maxEntriesPerGroup?: number;
  /** Events attached to a correlation alert as evidence. */
  readonly maxEvidence?: number;
  /** Keep state only for the group keys this worker owns (see `partitionKey`). */
  readonly ownsKey?: (key: string) => boolean;
  /**
   * `internal`: a fired correlation is fed straight back into this engine, so correlations over
   * correlations fire from the same call. `external`: the caller routes fired correlations back in
   * (by `partitionKey`) as with any match; the default when `ownsKey` is set, because the downstream
   * group may belong to another worker.
   */
  readonly chaining?: 'internal' | 'external';
}

export interface CorrelationStats {
  readonly groups: number;
  readonly entries: number;
  readonly fired: number;
  readonly evictedGroups: number;
  readonly evictedEntries: number;
  readonly expiredGroups: number;
  /** Matches older than their group allows (more than one timespan late, or already alerted on). */
  readonly lateDropped: number;
  /** Matches whose event had no parsable timestamp. */
  readonly untimedDropped: number;
}

type Counters = { -readonly [K in Exclude<keyof CorrelationStats, 'groups' | 'entries'>]: number };

function toMs(now: number | string | Date): number {
  if (typeof now === 'number') return now;
  return typeof now === 'string' ? Date.parse(now) : now.getTime();
}

/**
 * Counts rule matches into correlation groups and reports the correlations that fire. Memory is
 * bounded by `maxGroups × maxEntriesPerGroup` entries; call `expire` to drop groups whose window
 * has passed.
 */
export class CorrelationEngine {
  private readonly plan: CorrelationPlan;
  private readonly groups = new Map<string, GroupState>();
  private readonly maxGroups: number;
  private readonly maxEntries: number;
  private readonly maxEvidence: number;
  private readonly ownsKey: ((key: string) => boolean) | undefined;
  private readonly chaining: 'internal' | 'external';
  private readonly counters: Counters = {
    fired: 0,
    evictedGroups: 0,
    evictedEntries: 0,
    expiredGroups: 0,
    lateDropped: 0,
    untimedDropped: 0,
  };

  constructor(correlations: ResolvedCorrelations | CorrelationPlan, options: CorrelationEngineOptions = {}) {
    this.plan = planCorrelations(correlations);
    this.maxGroups = Math.max(1, options.maxGroups ?? 100_000);
    this.maxEntries = Math.max(1, options.maxEntriesPerGroup ?? 1_000);
    this.maxEvidence = Math.max(1, options.maxEvidence ?? 20);
    this.ownsKey = options.ownsKey;
    this.chaining = options.chaining ?? (options.ownsKey === undefined ? 'internal' : 'external');
  }

  /** Feeds one rule match (or a fired correlation); returns the correlations that fire because of it. */
  observe(input: CorrelationInput): CorrelationMatch[] {
    const fired = this.process(input);
    if (this.chaining === 'external') return fired;
    return fired.flatMap((match) => [match, ...this.observe(match)]);
  }

  private process(input: CorrelationInput): CorrelationMatch[] {
    const observation = observationOf(input);
    const refs = this.plan.bySource.get(observation.sourceId);
    if (refs === undefined) return [];
    if (Number.isNaN(observation.time)) {
      this.counters.untimedDropped++;
      return [];
    }
    const fired: CorrelationMatch[] = [];
    for (const p of refs) {
      const at = groupOf(p, observation.fields);
      if (at === undefined || (this.ownsKey !== undefined && !this.ownsKey(at.key))) continue;
      const value = valueOf(p, observation.fields);
      if (value === undefined) continue;
      const entry: Entry = { t: observation.time, ref: p.ref, value, events: observation.events };
      const match = this.add(this.touch(at, p.correlation), p.correlation, entry);
      if (match !== undefined) fired.push(match);
    }
    this.counters.fired += fired.length;
    return fired;
  }

  /** The group's state, marked most recently used; may evict the least recently used group. */
  private touch(at: GroupOf, correlation: PlannedCorrelation): GroupState {
    const existing = this.groups.get(at.key);
    if (existing !== undefined) {
      this.groups.delete(at.key);
      this.groups.set(at.key, existing);
      return existing;
    }
    const { id, timespanMs } = correlation.definition;
    const state = new GroupState(at.key, id, at.group, timespanMs);
    this.insert(state);
    return state;
  }

  private insert(state: GroupState): void {
    this.groups.set(state.key, state);
    for (const oldest of this.groups.keys()) {
      if (this.groups.size <= this.maxGroups) break;
      this.groups.delete(oldest);
      this.counters.evictedGroups++;
    }
  }

  private add(
    state: GroupState,
    correlation: PlannedCorrelation,
    entry: Entry,
  ): CorrelationMatch | undefined {
    if (!state.add(entry)) {
      this.counters.lateDropped++;
      return undefined;
    }
    const evicted = state.trim(this.maxEntries);
    this.counters.evictedEntries += evicted.length;
    if (evicted.includes(entry)) return undefined;
    const def = correlation.definition;
    for (const window of state.windows(entry.t)) {
      const slice = state.entries.slice(window.lo, window.hi + 1);
      const value = aggregate(def, slice);
      if (Number.isNaN(value) || !conditionHolds(def.condition, value)) continue;
      const match = this.matchOf(state, correlation, slice, window, value, entry);
      state.consume(window.end);
      return match;
    }
    return undefined;
  }

  private matchOf(
    state: GroupState,
    correlation: PlannedCorrelation,
    slice: readonly Entry[],
    window: Window,
    value: number,
    trigger: Entry,
  ): CorrelationMatch {
    const evidence: DetectEvent[] = slice.filter((e) => e !== trigger).flatMap((e) => e.events);
    evidence.push(...trigger.events);
    return {
      rule: correlation.definition.summary,
      type: correlation.definition.type,
      group: state.group,
      value,
      windowStart: new Date(slice[0]?.t ?? window.end).toISOString(),
      windowEnd: new Date(window.end).toISOString(),
      events: evidence.slice(-this.maxEvidence),
    };
  }

  /** Drops groups with no match within one timespan before `now` (event time); returns how many. */
  expire(now: number | string | Date): number {
    const nowMs = toMs(now);
    let dropped = 0;
    for (const [key, state] of this.groups) {
      if (state.latest + state.spanMs < nowMs) {
        this.groups.delete(key);
        dropped++;
      }
    }
    this.counters.expiredGroups += dropped;
    return dropped;
  }

  stats(): CorrelationStats {
    let entries = 0;
    for (const state of this.groups.values()) entries += state.entries.length;
    return { groups: this.groups.size, entries, ...this.counters };
  }

  /** The state as plain JSON, e.g. to hand groups to another worker; `keep` selects group keys. */
  snapshot(keep?: (key: string) => boolean): CorrelationSnapshot {
    const states = [...this.groups.values()].filter((s) => keep === undefined || keep(s.key));
    return writeSnapshot(states, this.plan);
  }

  /**
   * An engine holding the groups of one or more snapshots (newest last), limited to the groups this
   * engine would own and to correlations that still exist. Throws DETECT_CORRELATION_SNAPSHOT_INVALID.
   */
  static restore(
    correlations: ResolvedCorrelations | CorrelationPlan,
    snapshots: unknown,
    options: CorrelationEngineOptions = {},
  ): CorrelationEngine {
    const engine = new CorrelationEngine(correlations, options);
    for (const state of readSnapshot(snapshots, engine.plan)) {
      if (engine.ownsKey !== undefined && !engine.ownsKey(state.key)) continue;
      engine.counters.evictedEntries += state.trim(engine.maxEntries).length;
      engine.groups.delete(state.key);
      engine.insert(state);
    }
    return engine;
  }
}
