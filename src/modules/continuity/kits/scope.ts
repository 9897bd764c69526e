import { LifelineError } from '../../../kernel/errors.js';
import type { KitScope } from '../types.js';

/** The store's key for a scope: `unit:<name>` or `site`. */
export function scopeKey(scope: KitScope): string {
  return scope.kind === 'unit' ? `unit:${scope.unit}` : 'site';
}

export function scopeFromKey(key: string, site: string): KitScope {
  if (key === 'site') return { kind: 'site', site };
  if (key.startsWith('unit:') && key.length > 'unit:'.length) return { kind: 'unit', unit: key.slice(5) };
  throw new LifelineError('VALIDATION_FAILED', 'A kit scope is "site" or "unit:<name>"');
}

/** A scope name safe in a file name: kits of unit "3 North" live under `unit-3-North`. */
export function scopeFileName(scope: KitScope): string {
  const name = scope.kind === 'unit' ? `unit-${scope.unit}` : 'site';
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/** `unit-<name>.pass` with the name percent-encoded, so any unit name maps to one file and back. */
export function passphraseFileName(scope: KitScope): string {
  return scope.kind === 'unit' ? `unit-${encodeURIComponent(scope.unit)}.pass` : 'site.pass';
}

/** The unit a passphrase file name stands for, or undefined for any other file. */
export function unitOfPassphraseFile(name: string): string | undefined {
  const match = /^unit-(.+)\.pass$/.exec(name);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}
