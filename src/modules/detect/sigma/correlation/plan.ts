import type { EventFields } from '../../types.js';
import { fieldNumber, fieldOf, fieldText } from './fields.js';
import type { CorrelationDefinition, ResolvedCorrelations, ResolvedReference } from './types.js';

export interface PlannedCorrelation {
  /** Position in dependency order: upstream correlations have lower indexes. */
  readonly index: number;
  readonly definition: CorrelationDefinition;
  readonly refs: readonly ResolvedReference[];
  /** Per reference: the event field read for each group-by name, after aliases. */
  readonly groupFields: readonly (readonly string[])[];
  /** Per reference: the event fields read for `condition.field`, after aliases. */
  readonly valueFields: readonly (readonly string[])[];
}

export interface PlannedReference {
  readonly correlation: PlannedCorrelation;
  /** Index into the correlation's `rules`. */
  readonly ref: number;
}

/** The resolved correlations indexed for the hot path; built once, shared by engines and routers. */
export interface CorrelationPlan {
  readonly correlations: readonly PlannedCorrelation[];
  readonly byId: ReadonlyMap<string, PlannedCorrelation>;
  /** Rule or correlation id → every correlation reference it feeds. */
  readonly bySource: ReadonlyMap<string, readonly PlannedReference[]>;
}

export interface GroupOf {
  readonly key: string;
  readonly group: Readonly<Record<string, string>>;
}

const plans = new WeakMap<ResolvedCorrelations, CorrelationPlan>();

function isPlan(value: ResolvedCorrelations | CorrelationPlan): value is CorrelationPlan {
  return 'bySource' in value;
}

function compile(resolved: ResolvedCorrelations): CorrelationPlan {
  const correlations = resolved.correlations.map((c, index): PlannedCorrelation => {
    const mapped = (names: readonly string[]) =>
      c.refs.map((r) => names.map((n) => (Object.hasOwn(r.aliasFields, n) ? r.aliasFields[n]! : n)));
    return {
      index,
      definition: c.definition,
      refs: c.refs,
      groupFields: mapped(c.definition.groupBy),
      valueFields: mapped(c.definition.condition.field ?? []),
    };
  });
  const bySource = new Map<string, PlannedReference[]>();
  for (const correlation of correlations) {
    correlation.refs.forEach((r, ref) => {
      bySource.set(r.target, [...(bySource.get(r.target) ?? []), { correlation, ref }]);
    });
  }
  return { correlations, byId: new Map(correlations.map((c) => [c.definition.id, c])), bySource };
}

/** The plan for a resolved set, compiled once per set. */
export function planCorrelations(source: ResolvedCorrelations | CorrelationPlan): CorrelationPlan {
  if (isPlan(source)) return source;
  let plan = plans.get(source);
  if (plan === undefined) {
    plan = compile(source);
    plans.set(source, plan);
  }
  return plan;
}

/** The routing key of one correlation group; the same group always gets the same key. */
export function groupKey(correlationId: string, values: readonly string[]): string {
  return JSON.stringify([correlationId, ...values]);
}

/** The group an event joins, or undefined when it lacks a group-by field (it then joins none). */
export function groupOf(p: PlannedReference, fields: EventFields): GroupOf | undefined {
  const names = p.correlation.definition.groupBy;
  const values: string[] = [];
  for (const field of p.correlation.groupFields[p.ref] ?? []) {
    const text = fieldText(fieldOf(fields, field));
    if (text === undefined) return undefined;
    values.push(text);
  }
  const group = Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
  return { key: groupKey(p.correlation.definition.id, values), group };
}

/**
 * The value an event contributes: null for types that only count events, text for distinct counts,
 * a number for sums, averages and percentiles; undefined when the event lacks a usable value.
 */
export function valueOf(p: PlannedReference, fields: EventFields): string | number | null | undefined {
  const type = p.correlation.definition.type;
  const names = p.correlation.valueFields[p.ref] ?? [];
  switch (type) {
    case 'event_count':
    case 'temporal':
    case 'temporal_ordered':
      return null;
    case 'value_count': {
      const texts = names.map((n) => fieldText(fieldOf(fields, n)));
      if (texts.some((t) => t === undefined)) return undefined;
      return texts.length === 1 ? texts[0] : JSON.stringify(texts);
    }
    case 'value_sum':
    case 'value_avg':
    case 'value_percentile':
      return names[0] === undefined ? undefined : fieldNumber(fieldOf(fields, names[0]));
  }
}
