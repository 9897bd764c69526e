import { conflictsOf } from './match/conflicts.js';
import type { PatientDirectory } from './match/directory.js';
import type { Resolver } from './match/resolve.js';
import type { ItemStatus, ItemView, StoredItem } from './types.js';

/** Items still to be decided show their conflicts; posted and rejected ones are history. */
const OPEN: readonly ItemStatus[] = ['pending', 'approved', 'failed'];

/** Items as a reviewer sees them: who they are about now, and what the EHR says otherwise. */
export async function itemViews(
  items: readonly StoredItem[],
  lookups: { directory: PatientDirectory; resolver: Resolver },
): Promise<ItemView[]> {
  const { directory, resolver } = lookups;
  const views: ItemView[] = [];
  for (const item of items) {
    const resolution = await resolver.resolve(item);
    views.push({
      id: item.id,
      importId: item.importId,
      kind: item.kind,
      downtimeId: item.downtimeId,
      recordedAt: item.recordedAt,
      recordedBy: item.recordedBy,
      summary: item.summary,
      patient: await resolver.view(item, resolution),
      conflicts: OPEN.includes(item.status) ? await conflictsOf(item, resolution, directory) : [],
      status: item.status,
      error: item.error,
      reviewedBy: item.reviewedBy,
      reviewedAt: item.reviewedAt,
      reviewReason: item.reviewReason,
      postedAt: item.postedAt,
      ehrReferences: item.ehrReferences,
    });
  }
  return views;
}
