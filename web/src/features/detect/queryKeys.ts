/** Query keys share prefixes so one invalidation refreshes every view an action changes. */
export const detectKeys = {
  alerts: ['detect', 'alerts'] as const,
  filters: ['detect', 'filters'] as const,
  rules: ['detect', 'rules'] as const,
  sources: ['detect', 'sources'] as const,
  quarantine: ['detect', 'quarantine'] as const,
};
