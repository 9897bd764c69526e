/**
 * Meta filters: each names rules by id or name; it applies to a named rule whose logsource carries
 * the filter's logsource. Anything a filter names that it cannot apply to is a problem, not a
 * silent no-op.
 */
import type { SigmaFilter, SigmaRule } from '../sigma/index.js';
import type { RuleProblem } from '../types.js';
import { logsourceFits } from './pipeline-fit.js';

export interface AttachedFilters {
  /** Rule index → filters applied to it. */
  readonly byRule: ReadonlyMap<number, readonly SigmaFilter[]>;
  readonly applied: readonly SigmaFilter[];
  readonly problems: readonly RuleProblem[];
}

export function attachFilters(rules: readonly SigmaRule[], filters: readonly SigmaFilter[]): AttachedFilters {
  const index = new Map<string, number>();
  rules.forEach((rule, i) => {
    index.set(rule.id, i);
    if (rule.name !== undefined && !index.has(rule.name)) index.set(rule.name, i);
  });
  const byRule = new Map<number, SigmaFilter[]>();
  const applied: SigmaFilter[] = [];
  const problems: RuleProblem[] = [];
  for (const filter of filters) {
    let used = false;
    for (const reference of filter.rules) {
      const ruleIndex = index.get(reference);
      const rule = ruleIndex === undefined ? undefined : rules[ruleIndex];
      if (ruleIndex === undefined || !rule) {
        problems.push(
          filterProblem(filter, `filter names rule "${reference}", which is not among the compiled rules`),
        );
      } else if (!logsourceFits(rule.logsource, filter.logsource)) {
        problems.push(
          filterProblem(filter, `filter's logsource does not fit rule "${reference}" (${describe(rule)})`),
        );
      } else {
        const list = byRule.get(ruleIndex) ?? [];
        if (!list.includes(filter)) list.push(filter);
        byRule.set(ruleIndex, list);
        used = true;
      }
    }
    if (used) applied.push(filter);
  }
  return { byRule, applied, problems };
}

function filterProblem(filter: SigmaFilter, reason: string): RuleProblem {
  return { file: filter.file, line: filter.line, reason, ruleId: filter.id, title: filter.title };
}

function describe(rule: SigmaRule): string {
  const { product, category, service } = rule.logsource;
  return Object.entries({ product, category, service })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value ?? ''}`)
    .join(', ');
}
