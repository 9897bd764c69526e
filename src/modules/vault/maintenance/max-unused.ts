import { LifelineError } from '../../../kernel/errors.js';

/** Given the bytes still in use, how many unused bytes may stay behind after prune. */
export type MaxUnused = (usedBytes: number) => number;

const SUFFIX: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/**
 * restic's --max-unused: `unlimited`, a percentage of the final repository size (default 5%), or an
 * absolute size with an optional k/m/g/t suffix.
 */
export function parseMaxUnused(text: string): MaxUnused {
  const value = text.trim().toLowerCase();
  if (value === 'unlimited') return () => Number.POSITIVE_INFINITY;
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (percent) {
    const p = Number(percent[1]);
    if (!(p >= 0 && p <= 100)) throw usage(text);
    // p% of (used + unused) after prune, solved for unused.
    return p === 100 ? () => Number.POSITIVE_INFINITY : (used) => (used * p) / (100 - p);
  }
  const bytes = /^(\d+)([kmgt]?)$/.exec(value);
  if (!bytes) throw usage(text);
  const limit = Number(bytes[1]) * (SUFFIX[bytes[2] ?? ''] ?? 1);
  return () => limit;
}

function usage(text: string): LifelineError {
  return new LifelineError('CLI_USAGE', `invalid --max-unused "${text}": use e.g. 5%, 100m or unlimited`);
}
