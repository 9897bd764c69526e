import type { Logsource, RuleProblem, SigmaLevel } from '../types.js';

export type RuleKind = 'rule' | 'correlation' | 'filter';

export interface RuleListItem {
  id: string;
  title: string;
  /** Filter rules carry no level. */
  level: SigmaLevel | null;
  status: string | null;
  tags: string[];
  logsource: Logsource;
  file: string | null;
  kind: RuleKind;
}

export interface RuleDetail extends RuleListItem {
  description: string | null;
  author: string | null;
  references: string[];
  falsepositives: string[];
}

export interface RuleListFilter {
  /** Case-insensitive text in the title, id or tags. */
  q?: string | undefined;
  level?: SigmaLevel | undefined;
  /** Logsource keys compare case-insensitively. */
  product?: string | undefined;
  category?: string | undefined;
  service?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * The loaded rule set as the HTTP API reads it. The Sigma engine implements it; the routes only read.
 * Everything the API shows about rules comes through here.
 */
export interface RuleCatalog {
  list(filter: RuleListFilter): { rules: RuleListItem[]; total: number };
  get(id: string): { rule: RuleDetail; source: string } | undefined;
  problems(): readonly RuleProblem[];
}

const same = (wanted: string | undefined, actual: string | undefined) =>
  wanted === undefined || wanted.toLowerCase() === (actual ?? '').toLowerCase();

/** The rule browser's search: text in title, id or tags, then level and logsource keys. */
export function ruleMatchesFilter(rule: RuleListItem, filter: RuleListFilter): boolean {
  const q = filter.q?.toLowerCase();
  return (
    (q === undefined ||
      rule.title.toLowerCase().includes(q) ||
      rule.id.toLowerCase().includes(q) ||
      rule.tags.some((tag) => tag.toLowerCase().includes(q))) &&
    (filter.level === undefined || rule.level === filter.level) &&
    same(filter.product, rule.logsource.product) &&
    same(filter.category, rule.logsource.category) &&
    same(filter.service, rule.logsource.service)
  );
}
