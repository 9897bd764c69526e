import { conflictsOf } from './match/conflicts.js';
import type { PatientDirectory } from './match/directory.js';
import type { Resolver } from './match/resolve.js';
import type { ItemStatus, ItemView, StoredItem } from './types.js';

/** Items still to be decided show their conflicts; posted and rejected ones are history. */
const OPEN: readonly ItemStatus[] = ['pending', 'approved', 'failed'];

/** Items as a reviewer sees them: who they are about now, and what the EHR says otherwise. */
export async function itemViews(
  items: readonly StoredItem[],
  lookups: {
    directory: PatientDirectory;
    resolver: Resolver;
    /** Whether the patient was in a kit of the unit whose documentation key signed the item's import. */
    inSignersScope?: (item: StoredItem, patientId: string) => Promise<boolean>;
  },
): Promise<ItemView[]> {
  const { directory, resolver } = lookups;
  const views: ItemView[] = [];
  for (const item of items) {
    const resolution = await resolver.resolve(item);
    const open = OPEN.includes(item.status);
    const conflicts = open ? await conflictsOf(item, resolution, directory) : [];
    if (
      open &&
      resolution.match === 'matched' &&
      lookups.inSignersScope &&
      !(await lookups.inSignersScope(item, resolution.patientId))
    ) {
      // A unit's key documents the patients its kits held; anything else may be a lost laptop's key
      // put to other use, or a mix-up worth a second look.
      conflicts.push({
        field: 'unit',
        downtime: 'documented with a unit kit that never held this patient',
        ehr: 'the patient was in no kit of that unit',
      });
    }
    views.push({
      id: item.id,
      importId: item.importId,
      kind: item.kind,
      downtimeId: item.downtimeId,
      recordedAt: item.recordedAt,
      recordedBy: item.recordedBy,
      summary: item.summary,
      patient: await resolver.view(item, resolution),
      conflicts,
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
