import type { CorrelationType } from '../../types.js';
import type { CorrelationCondition, Thresholds } from './types.js';

const OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
type Operator = (typeof OPERATORS)[number];

type Parsed = { ok: true; condition: CorrelationCondition } | { ok: false; reason: string };

function isOperator(key: string): key is Operator {
  return (OPERATORS as readonly string[]).includes(key);
}

function needsField(type: CorrelationType): boolean {
  switch (type) {
    case 'value_count':
    case 'value_sum':
    case 'value_avg':
    case 'value_percentile':
      return true;
    case 'event_count':
    case 'temporal':
    case 'temporal_ordered':
      return false;
  }
}

function isTemporal(type: CorrelationType): boolean {
  return type === 'temporal' || type === 'temporal_ordered';
}

function parseField(raw: unknown, type: CorrelationType): readonly string[] | string {
  const fields = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(fields) || fields.length === 0) return 'condition.field must be a field name';
  if (!fields.every((f): f is string => typeof f === 'string' && f.trim() !== '')) {
    return 'condition.field must hold non-empty field names';
  }
  if (fields.length > 1 && type !== 'value_count') return `condition.field of ${type} must be a single field`;
  if (new Set(fields).size !== fields.length) return 'condition.field names a field twice';
  return fields;
}

/** A lower bound above an upper bound can never hold: almost certainly a typo in the rule. */
function contradiction(t: Thresholds): string | undefined {
  const low = t.gt ?? t.gte;
  const high = t.lt ?? t.lte;
  if (low === undefined || high === undefined) return undefined;
  const strict = t.gt !== undefined || t.lt !== undefined;
  if (low > high || (strict && low === high))
    return 'condition can never hold: its lower bound is above its upper bound';
  return undefined;
}

/** Checks a `condition:` map for the given correlation type; temporal types default to "all rules". */
export function parseCondition(raw: unknown, type: CorrelationType, ruleCount: number): Parsed {
  if (raw === undefined || raw === null) {
    if (isTemporal(type)) return { ok: true, condition: { gte: ruleCount } };
    return { ok: false, reason: `${type} needs a condition` };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reason: 'condition must be a map such as { gte: 10 }' };
  }
  const thresholds: Record<string, number> = {};
  let field: readonly string[] | undefined;
  let percentile: number | undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (isOperator(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { ok: false, reason: `condition.${key} must be a number` };
      }
      thresholds[key] = value;
    } else if (key === 'field') {
      if (!needsField(type)) return { ok: false, reason: `condition.field is not used by ${type}` };
      const parsed = parseField(value, type);
      if (typeof parsed === 'string') return { ok: false, reason: parsed };
      field = parsed;
    } else if (key === 'percentile') {
      if (type !== 'value_percentile')
        return { ok: false, reason: `condition.percentile is not used by ${type}` };
      if (typeof value !== 'number' || !(value >= 0 && value <= 100)) {
        return { ok: false, reason: 'condition.percentile must be a number from 0 to 100' };
      }
      percentile = value;
    } else {
      return {
        ok: false,
        reason: `condition has an unknown key '${key}' (use gt, gte, lt, lte, eq, neq, field)`,
      };
    }
  }
  if (Object.keys(thresholds).length === 0) {
    if (!isTemporal(type)) return { ok: false, reason: 'condition needs one of gt, gte, lt, lte, eq, neq' };
    thresholds['gte'] = ruleCount;
  }
  if (needsField(type) && field === undefined) return { ok: false, reason: `${type} needs condition.field` };
  const reason = contradiction(thresholds);
  if (reason !== undefined) return { ok: false, reason };
  const condition: CorrelationCondition = {
    ...thresholds,
    ...(field === undefined ? {} : { field }),
    ...(type === 'value_percentile' ? { percentile: percentile ?? 50 } : {}),
  };
  return { ok: true, condition };
}

/** Every operator present must hold. */
export function conditionHolds(t: Thresholds, value: number): boolean {
  return (
    (t.gt === undefined || value > t.gt) &&
    (t.gte === undefined || value >= t.gte) &&
    (t.lt === undefined || value < t.lt) &&
    (t.lte === undefined || value <= t.lte) &&
    (t.eq === undefined || value === t.eq) &&
    (t.neq === undefined || value !== t.neq)
  );
}
