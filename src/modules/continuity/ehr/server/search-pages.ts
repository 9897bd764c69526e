import { randomUUID } from 'node:crypto';
import type { StoredVersion } from '../store/store.js';
import { ehrError } from '../errors.js';

interface Snapshot {
  clientId: string;
  versions: StoredVersion[];
  createdAtMs: number;
}

/**
 * Search results kept for paging. A next link names a snapshot, so paging stays consistent while the
 * store changes, and the link is opaque to the client as FHIR requires. Snapshots hold references to
 * immutable versions only, expire, and are bounded in number.
 */
export class SearchPages {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly clock: () => Date,
    private readonly ttlMs = 10 * 60_000,
    private readonly maxSnapshots = 200,
  ) {}

  save(clientId: string, versions: StoredVersion[]): string {
    const now = this.clock().getTime();
    for (const [id, snapshot] of this.snapshots)
      if (now - snapshot.createdAtMs > this.ttlMs) this.snapshots.delete(id);
    while (this.snapshots.size >= this.maxSnapshots) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest === undefined) break;
      this.snapshots.delete(oldest);
    }
    const id = randomUUID();
    this.snapshots.set(id, { clientId, versions, createdAtMs: now });
    return id;
  }

  load(id: string, clientId: string): StoredVersion[] {
    const snapshot = this.snapshots.get(id);
    if (
      !snapshot ||
      snapshot.clientId !== clientId ||
      this.clock().getTime() - snapshot.createdAtMs > this.ttlMs
    ) {
      throw ehrError('CONTINUITY_EHR_PAGE_EXPIRED', 'The search page is no longer available');
    }
    return snapshot.versions;
  }
}

export interface PageRequest {
  base: string;
  versions: StoredVersion[];
  offset: number;
  count: number;
  selfUrl: string;
  snapshotId: string | null;
  now: Date;
}

function pageUrl(base: string, snapshotId: string, offset: number, count: number): string {
  return `${base}?_getpages=${snapshotId}&_getpagesoffset=${offset}&_count=${count}&_bundletype=searchset`;
}

/** The searchset Bundle as JSON text, built around the stored JSON without parsing it. */
export function searchsetJson(page: PageRequest): string {
  const { base, versions, offset, count, snapshotId } = page;
  const links: { relation: string; url: string }[] = [{ relation: 'self', url: page.selfUrl }];
  if (snapshotId !== null) {
    links.push({ relation: 'first', url: pageUrl(base, snapshotId, 0, count) });
    if (offset > 0)
      links.push({
        relation: 'previous',
        url: pageUrl(base, snapshotId, Math.max(0, offset - count), count),
      });
    if (offset + count < versions.length)
      links.push({ relation: 'next', url: pageUrl(base, snapshotId, offset + count, count) });
  }
  const entries = versions
    .slice(offset, offset + count)
    .map(
      (version) =>
        `{"fullUrl":${JSON.stringify(`${base}/${version.type}/${version.id}`)},"resource":${version.json},"search":{"mode":"match"}}`,
    );
  const head = {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: page.now.toISOString() },
    type: 'searchset',
    total: versions.length,
    link: links,
  };
  const json = JSON.stringify(head);
  return `${json.slice(0, -1)},"entry":[${entries.join(',')}]}`;
}
