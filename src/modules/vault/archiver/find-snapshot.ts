import { posix } from 'node:path';
import { LifelineError } from '../../../kernel/errors.js';
import type { BlobRepository, Id } from '../repo/types.js';
import { parseGoTime } from './go-time.js';
import { decodeSnapshot, type SnapshotWithId } from './model.js';

export interface SnapshotFilter {
  host?: string;
  /** Every path given must be among the snapshot's paths (restic --path). */
  paths?: string[];
  tags?: string[];
}

function matches(snapshot: SnapshotWithId, filter: SnapshotFilter): boolean {
  if (filter.host !== undefined && snapshot.hostname !== filter.host) return false;
  const paths = new Set(snapshot.paths.map((p) => posix.normalize(p)));
  if (filter.paths?.some((p) => !paths.has(posix.normalize(p)))) return false;
  const tags = new Set(snapshot.tags ?? []);
  return !filter.tags?.some((t) => !tags.has(t));
}

/** Every snapshot that passes the filter, oldest first. */
export async function listSnapshots(
  repo: BlobRepository,
  filter: SnapshotFilter = {},
): Promise<SnapshotWithId[]> {
  const found: { snapshot: SnapshotWithId; ns: bigint }[] = [];
  for await (const id of repo.list('snapshot')) {
    const snapshot = { ...decodeSnapshot(await repo.loadJson<unknown>('snapshot', id)), id };
    if (matches(snapshot, filter)) found.push({ snapshot, ns: parseGoTime(snapshot.time) });
  }
  found.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.snapshot.id.localeCompare(b.snapshot.id)));
  return found.map((f) => f.snapshot);
}

/**
 * Resolves 'latest' (newest snapshot passing the filter) or an id or unique id prefix, as restic's
 * command line does. An ambiguous prefix is refused rather than guessed.
 */
export async function findSnapshot(
  repo: BlobRepository,
  ref: string,
  filter: SnapshotFilter = {},
): Promise<SnapshotWithId> {
  if (ref === 'latest') {
    const all = await listSnapshots(repo, filter);
    const latest = all.at(-1);
    if (!latest) throw new LifelineError('VAULT_SNAPSHOT_NOT_FOUND', 'No snapshot matches');
    return latest;
  }
  if (!/^[0-9a-f]{1,64}$/.test(ref)) {
    throw new LifelineError('VAULT_SNAPSHOT_NOT_FOUND', 'A snapshot id is hexadecimal', { ref });
  }
  const candidates: Id[] = [];
  for await (const id of repo.list('snapshot')) if (id.startsWith(ref)) candidates.push(id);
  const [id] = candidates;
  if (id === undefined) throw new LifelineError('VAULT_SNAPSHOT_NOT_FOUND', undefined, { ref });
  if (candidates.length > 1) {
    throw new LifelineError('VAULT_SNAPSHOT_NOT_FOUND', 'The snapshot id prefix is ambiguous', { ref });
  }
  return { ...decodeSnapshot(await repo.loadJson<unknown>('snapshot', id)), id };
}
