import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../../api/client.js';
import { detectKeys } from '../queryKeys.js';
import type { RuleDetail, RulePage, RuleProblem } from '../types.js';
import { RULES_PAGE_SIZE, type RuleFilter } from './ruleFilter.js';

export function useRules(filter: RuleFilter) {
  return useQuery({
    queryKey: [...detectKeys.rules, 'list', filter],
    queryFn: () =>
      api.get<RulePage>(
        withQuery('/api/detect/rules', {
          q: filter.q,
          level: filter.level,
          product: filter.product,
          category: filter.category,
          service: filter.service,
          limit: RULES_PAGE_SIZE,
          offset: filter.page * RULES_PAGE_SIZE,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useRule(id: string) {
  return useQuery({
    queryKey: [...detectKeys.rules, 'detail', id],
    queryFn: () =>
      api.get<{ rule: RuleDetail; source: string }>(`/api/detect/rules/${encodeURIComponent(id)}`),
  });
}

export function useRuleProblems() {
  return useQuery({
    queryKey: [...detectKeys.rules, 'problems'],
    queryFn: async () => (await api.get<{ problems: RuleProblem[] }>('/api/detect/rules/problems')).problems,
  });
}
