import { isObject } from '../resource.js';

const MAX_DEPTH = 64;

/**
 * Replaces every Reference.reference found in `targets` (a bundle's fullUrls) with its new value,
 * copying only the objects on the way to a change: the input stays untouched and unchanged branches
 * are shared, which keeps a large import close to the cost of reading it.
 */
export function rewriteReferences<T>(node: T, targets: ReadonlyMap<string, string>): T {
  return rewrite(node, targets, 0) as T;
}

function rewrite(node: unknown, targets: ReadonlyMap<string, string>, depth: number): unknown {
  if (depth > MAX_DEPTH) return node;
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < node.length; index += 1) {
      const item: unknown = node[index];
      const next = rewrite(item, targets, depth + 1);
      if (next !== item) {
        copy ??= node.slice();
        copy[index] = next;
      }
    }
    return copy ?? node;
  }
  if (!isObject(node)) return node;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(node)) {
    const value = node[key];
    let next: unknown;
    if (key === 'reference' && typeof value === 'string') next = targets.get(value) ?? value;
    else if (typeof value === 'object' && value !== null && key !== '__proto__')
      next = rewrite(value, targets, depth + 1);
    else continue;
    if (next !== value) {
      copy ??= { ...node };
      copy[key] = next;
    }
  }
  return copy ?? node;
}
