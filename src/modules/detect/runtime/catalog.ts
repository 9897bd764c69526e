import { parse } from 'yaml';
import {
  type RuleCatalog,
  type RuleDetail,
  type RuleKind,
  type RuleListFilter,
  type RuleListItem,
  ruleMatchesFilter,
} from '../platform/catalog.js';
import type { DetectionRuleSet } from '../scan/index.js';
import type { RuleProblem, RuleSummary } from '../types.js';

interface Entry {
  item: RuleListItem;
  summary: RuleSummary;
}

/**
 * The loaded rule set as the console browses it. Lists come from the compiled summaries; a rule's
 * description, authors and references are read from its YAML only when someone opens it.
 */
export class RuleSetCatalog implements RuleCatalog {
  private readonly entries: Entry[];
  private readonly byId = new Map<string, Entry>();

  constructor(
    private readonly ruleSet: DetectionRuleSet,
    private readonly extraProblems: readonly RuleProblem[] = [],
  ) {
    const { loaded, correlations } = ruleSet;
    const all: [RuleSummary, RuleKind][] = [
      ...loaded.rules.map((rule): [RuleSummary, RuleKind] => [rule, 'rule']),
      ...loaded.inactive.map((rule): [RuleSummary, RuleKind] => [rule, 'rule']),
      ...loaded.filters.map((rule): [RuleSummary, RuleKind] => [rule, 'filter']),
      ...correlations.correlations.map((c): [RuleSummary, RuleKind] => [c.definition.summary, 'correlation']),
    ];
    this.entries = all
      .map(([summary, kind]) => ({ summary, item: listItem(summary, kind) }))
      .sort((a, b) => a.item.title.localeCompare(b.item.title) || a.item.id.localeCompare(b.item.id));
    for (const entry of this.entries) if (!this.byId.has(entry.item.id)) this.byId.set(entry.item.id, entry);
  }

  list(filter: RuleListFilter): { rules: RuleListItem[]; total: number } {
    const matching = this.entries
      .map((entry) => entry.item)
      .filter((rule) => ruleMatchesFilter(rule, filter));
    return { rules: matching.slice(filter.offset, filter.offset + filter.limit), total: matching.length };
  }

  get(id: string): { rule: RuleDetail; source: string } | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    const source = this.ruleSet.loaded.source(id)?.text ?? '';
    return { rule: { ...entry.item, ...describe(source) }, source };
  }

  problems(): readonly RuleProblem[] {
    return this.extraProblems.length === 0
      ? this.ruleSet.problems
      : [...this.ruleSet.problems, ...this.extraProblems];
  }
}

function listItem(rule: RuleSummary, kind: RuleKind): RuleListItem {
  return {
    id: rule.id,
    title: rule.title,
    level: kind === 'filter' ? null : rule.level,
    status: rule.status ?? null,
    tags: [...rule.tags],
    logsource: rule.logsource,
    file: rule.file ?? null,
    kind,
  };
}

function describe(
  source: string,
): Pick<RuleDetail, 'description' | 'author' | 'references' | 'falsepositives'> {
  let doc: Record<string, unknown> = {};
  try {
    const parsed: unknown = parse(source);
    if (parsed && typeof parsed === 'object') doc = parsed as Record<string, unknown>;
  } catch {
    // The rule compiled from this text, so it parses; an empty detail is the safe answer regardless.
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const texts = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return {
    description: text(doc.description),
    author: text(doc.author),
    references: texts(doc.references),
    falsepositives: texts(doc.falsepositives),
  };
}
