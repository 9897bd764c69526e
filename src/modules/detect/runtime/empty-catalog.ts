import type { RuleCatalog } from '../platform/catalog.js';

/** What the rule browser shows before the rules have loaded, or with detection turned off. */
export const EMPTY_CATALOG: RuleCatalog = {
  list: () => ({ rules: [], total: 0 }),
  get: () => undefined,
  problems: () => [],
};
