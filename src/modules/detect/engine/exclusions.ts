/**
 * Operator-defined false-positive exclusions layered over a matcher: an exclusion suppresses its rule
 * for an event when every listed field equals the given value, ignoring case.
 */
import type { EventFields, RuleSummary } from '../types.js';
import { engineError } from './errors.js';
import { fieldValue, toText } from './event-view.js';
import type { EventMatcher } from './matcher.js';

export interface RuleExclusion {
  readonly ruleId: string;
  /** Event field name → value it must equal (case-insensitive) for the exclusion to apply. */
  readonly fields: Readonly<Record<string, string>>;
}

type Requirement = readonly (readonly [field: string, lowerValue: string])[];

/** A test of whether an analyst's exclusion suppresses `ruleId` for an event with these fields. */
export type ExclusionTest = (ruleId: string, fields: EventFields) => boolean;

export function exclusionTest(exclusions: readonly RuleExclusion[]): ExclusionTest | undefined {
  const byRule = new Map<string, Requirement[]>();
  for (const exclusion of exclusions) {
    if (Object.keys(exclusion.fields).length === 0) {
      throw engineError('DETECT_EXCLUSION_INVALID', 'An exclusion must name at least one field', {
        ruleId: exclusion.ruleId,
      });
    }
    const requirement = Object.entries(exclusion.fields).map(
      ([field, value]) => [field, value.toLowerCase()] as const,
    );
    const list = byRule.get(exclusion.ruleId) ?? [];
    list.push(requirement);
    byRule.set(exclusion.ruleId, list);
  }
  if (byRule.size === 0) return undefined;
  return (ruleId, fields) => (byRule.get(ruleId) ?? []).some((req) => satisfied(fields, req));
}

export function withExclusions(base: EventMatcher, exclusions: readonly RuleExclusion[]): EventMatcher {
  const excluded = exclusionTest(exclusions);
  if (!excluded) return base;
  return {
    match(fields: EventFields): readonly RuleSummary[] {
      const matches = base.match(fields);
      if (matches.length === 0) return matches;
      const kept = matches.filter((rule) => !excluded(rule.id, fields));
      return kept.length === matches.length ? matches : kept;
    },
  };
}

function satisfied(fields: EventFields, requirement: Requirement): boolean {
  return requirement.every(([field, expected]) => {
    const value = toText(fieldValue(fields, field));
    if (typeof value === 'string') return value.toLowerCase() === expected;
    return value !== undefined && value !== null && value.some((item) => item.toLowerCase() === expected);
  });
}
