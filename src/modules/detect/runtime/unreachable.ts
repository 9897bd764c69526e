import type { ResolvedCorrelations } from '../sigma/correlation/index.js';
import type { RuleProblem } from '../types.js';

/**
 * Correlations whose threshold needs more matches than a group keeps: they load, but can never fire.
 * Said next to the rules that failed to load, so an operator sees it where they look for such things.
 */
export function unreachableCorrelations(
  correlations: ResolvedCorrelations,
  maxEntriesPerGroup: number,
): RuleProblem[] {
  return correlations.correlations.flatMap(({ definition }) => {
    if (definition.type !== 'event_count' && definition.type !== 'value_count') return [];
    const { gt, gte } = definition.condition;
    const needed = Math.max(gte ?? 0, gt === undefined ? 0 : Math.floor(gt) + 1);
    if (needed <= maxEntriesPerGroup) return [];
    return [
      {
        file: definition.file,
        line: definition.line,
        ruleId: definition.id,
        title: definition.title,
        reason: `the threshold needs ${needed} matches in a group, more than detect.correlation.maxEntriesPerGroup (${maxEntriesPerGroup}) keeps: it can never fire`,
      },
    ];
  });
}
