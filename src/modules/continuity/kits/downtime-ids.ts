import { sha256Hex } from '../../../kernel/crypto/random.js';

/** Identifiers each kit offers for patients admitted while the EHR is down. */
const PER_SCOPE = 50;

/**
 * Downtime identifiers for a scope: fixed per scope, so paper forms printed from any kit of the unit
 * carry the same series, and distinct between scopes, so two units never hand out the same one.
 * Reconciliation flags an identifier used for two different patients.
 */
export function downtimeIdentifiers(scopeKey: string): string[] {
  const code = sha256Hex(scopeKey).slice(0, 4).toUpperCase();
  return Array.from({ length: PER_SCOPE }, (_, index) => `DT-${code}-${String(index + 1).padStart(3, '0')}`);
}
