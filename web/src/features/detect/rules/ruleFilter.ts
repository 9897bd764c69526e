import { LEVELS, type Level } from '../types.js';

export const RULES_PAGE_SIZE = 50;

/** The rule browser's search, kept in its URL like the alert filters. */
export interface RuleFilter {
  q: string;
  level: Level | '';
  product: string;
  category: string;
  service: string;
  /** Zero-based page number. */
  page: number;
}

export const noRuleFilter: RuleFilter = { q: '', level: '', product: '', category: '', service: '', page: 0 };

export function readRuleFilter(params: URLSearchParams): RuleFilter {
  const level = params.get('level') ?? '';
  const page = Number.parseInt(params.get('page') ?? '0', 10);
  const text = (key: string) => params.get(key)?.trim() ?? '';
  return {
    q: text('q'),
    level: (LEVELS as readonly string[]).includes(level) ? (level as Level) : '',
    product: text('product'),
    category: text('category'),
    service: text('service'),
    page: Number.isSafeInteger(page) && page > 0 ? page : 0,
  };
}

export function ruleSearch(filter: RuleFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['q', 'level', 'product', 'category', 'service'] as const) {
    const value = filter[key].trim();
    if (value) params.set(key, value);
  }
  if (filter.page > 0) params.set('page', String(filter.page));
  return params;
}
