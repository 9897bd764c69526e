import { LifelineError } from '../../../kernel/errors.js';
import type { SnapshotWithId } from '../archiver/model.js';

export interface GroupBy {
  host: boolean;
  paths: boolean;
  tags: boolean;
}

/** What the snapshots of one group share; fields not grouped by are absent. */
export interface GroupKey {
  hostname?: string;
  paths?: string[];
  tags?: string[];
}

export interface SnapshotGroup {
  key: GroupKey;
  snapshots: SnapshotWithId[];
}

/** restic's --group-by: a comma-separated subset of host, paths, tags; '' puts everything in one group. */
export function parseGroupBy(text: string): GroupBy {
  const out: GroupBy = { host: false, paths: false, tags: false };
  for (const option of text.split(',').map((o) => o.trim())) {
    if (option === 'host' || option === 'hosts') out.host = true;
    else if (option === 'path' || option === 'paths') out.paths = true;
    else if (option === 'tag' || option === 'tags') out.tags = true;
    else if (option !== '') throw new LifelineError('CLI_USAGE', `unknown grouping option "${option}"`);
  }
  return out;
}

export const DEFAULT_GROUP_BY: GroupBy = { host: true, paths: true, tags: false };

/** Groups in order of their oldest member; the order of paths and tags does not split a group. */
export function groupSnapshots(snapshots: readonly SnapshotWithId[], by: GroupBy): SnapshotGroup[] {
  const groups = new Map<string, SnapshotGroup>();
  for (const snapshot of snapshots) {
    const key: GroupKey = {};
    if (by.host) key.hostname = snapshot.hostname ?? '';
    if (by.paths) key.paths = [...snapshot.paths].sort();
    if (by.tags) key.tags = [...(snapshot.tags ?? [])].sort();
    const name = JSON.stringify([key.hostname, key.paths, key.tags]);
    const group = groups.get(name) ?? { key, snapshots: [] };
    group.snapshots.push(snapshot);
    groups.set(name, group);
  }
  return [...groups.values()];
}
