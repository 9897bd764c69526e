/** Query keys share the 'continuity' prefix so one action can refresh every view it changes. */
export const continuityKeys = {
  all: ['continuity'] as const,
  overview: ['continuity', 'overview'] as const,
  downtime: ['continuity', 'downtime'] as const,
  devices: ['continuity', 'devices'] as const,
  imports: ['continuity', 'reconcile', 'imports'] as const,
  items: ['continuity', 'reconcile', 'items'] as const,
};

/** Scope keys are "unit:<name>" or "site"; they travel in the path, so they are encoded. */
export const kitFilePath = (scope: string) => `/api/continuity/kits/${encodeURIComponent(scope)}/file`;
