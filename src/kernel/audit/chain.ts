import { sha256Hex } from '../crypto/random.js';
import type { SafeDetails } from '../errors.js';

export interface ChainedFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  details: SafeDetails;
  sourceIp: string | null;
  prevHash: string;
}

/** Deterministic JSON: keys sorted at every level, so the hash does not depend on insertion order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(fields: ChainedFields): string {
  return sha256Hex(canonicalJson(fields));
}
