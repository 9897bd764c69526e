/**
 * Every `reference` string inside a resource, wherever it sits (subject, performer[3].actor, extension
 * values…), so a bundle's references can be resolved without knowing each resource's structure.
 */
export function collectReferences(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') into.add(child);
      else if (typeof child === 'object' && child !== null) collectReferences(child, into);
    }
  }
  return into;
}

/** A deep copy with each `reference` string passed through `rewrite` (which returns it unchanged or new). */
export function rewriteReferences<T>(value: T, rewrite: (reference: string) => string): T {
  if (Array.isArray(value)) return value.map((item: unknown) => rewriteReferences(item, rewrite)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // Not FHIR, and assigning it would replace the copy's prototype.
    if (key === '__proto__') continue;
    copy[key] =
      key === 'reference' && typeof child === 'string' ? rewrite(child) : rewriteReferences(child, rewrite);
  }
  return copy as T;
}
