import { type EventMatcher, type LoadedRules, loadRules, type LoadRulesOptions } from '../engine/index.js';
import {
  parseCorrelation,
  resolveCorrelations,
  type ResolvedCorrelations,
} from '../sigma/correlation/index.js';
import type { RuleProblem } from '../types.js';

/** Single-event rules compiled, correlations linked to them: everything a scan or a worker runs. */
export interface DetectionRuleSet {
  readonly loaded: LoadedRules;
  readonly matcher: EventMatcher;
  readonly correlations: ResolvedCorrelations;
  /** Rule and correlation documents that did not load, in file order. */
  readonly problems: readonly RuleProblem[];
  /** Single-event rules that run plus correlations that run. */
  readonly active: number;
}

/** Links the loaded rules' correlation documents to the rules they name. */
export function buildRuleSet(loaded: LoadedRules): DetectionRuleSet {
  const problems: RuleProblem[] = [...loaded.problems];
  const definitions = loaded.correlationDocuments.flatMap(({ doc, file, line }) => {
    const parsed = parseCorrelation(doc, { file, line });
    if (parsed.ok) return [parsed.correlation];
    problems.push(parsed.problem);
    return [];
  });
  // Inactive rules (no pipeline mapping fits them) still resolve: they simply never match.
  const correlations = resolveCorrelations(definitions, [...loaded.rules, ...loaded.inactive]);
  problems.push(...correlations.problems);
  problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return {
    loaded,
    matcher: loaded.matcher,
    correlations,
    problems,
    active: loaded.rules.length + correlations.correlations.length,
  };
}

export async function loadRuleSet(options: LoadRulesOptions): Promise<DetectionRuleSet> {
  return buildRuleSet(await loadRules(options));
}
