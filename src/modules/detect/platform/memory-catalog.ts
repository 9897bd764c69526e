import type { RuleProblem } from '../types.js';
import {
  type RuleCatalog,
  type RuleDetail,
  type RuleListFilter,
  type RuleListItem,
  ruleMatchesFilter,
} from './catalog.js';

export interface CatalogEntry {
  rule: RuleDetail;
  /** The rule's YAML text as loaded. */
  source: string;
}

function listItem(rule: RuleDetail): RuleListItem {
  const { id, title, level, status, tags, logsource, file, kind } = rule;
  return { id, title, level, status, tags, logsource, file, kind };
}

/** A catalog over a fixed list of rules, sorted by title: for tests and for engines that keep such a list. */
export class MemoryRuleCatalog implements RuleCatalog {
  private readonly entries: CatalogEntry[];
  private readonly byId: Map<string, CatalogEntry>;

  constructor(
    entries: readonly CatalogEntry[],
    private readonly loadProblems: readonly RuleProblem[] = [],
  ) {
    this.entries = [...entries].sort(
      (a, b) => a.rule.title.localeCompare(b.rule.title) || a.rule.id.localeCompare(b.rule.id),
    );
    this.byId = new Map(this.entries.map((entry) => [entry.rule.id, entry]));
  }

  list(filter: RuleListFilter): { rules: RuleListItem[]; total: number } {
    const matching = this.entries
      .map((entry) => entry.rule)
      .filter((rule) => ruleMatchesFilter(rule, filter));
    return {
      rules: matching.slice(filter.offset, filter.offset + filter.limit).map(listItem),
      total: matching.length,
    };
  }

  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  problems(): readonly RuleProblem[] {
    return this.loadProblems;
  }
}
