import type { Resolver } from '../match/resolve.js';
import type { StoredItem } from '../types.js';
import type { PostGroup } from './transaction.js';

export interface PostPlan {
  groups: PostGroup[];
  /** Items that cannot go yet, with what a reviewer must do. */
  held: { item: StoredItem; error: string }[];
}

const ADT_ONLY = 'adt-';

/**
 * Sorts approved items into one transaction per patient. A patient admitted during downtime goes
 * in the same transaction as their admission, which creates them; items whose patient has become
 * uncertain since approval wait for a reviewer instead of guessing.
 */
export async function planPost(batch: readonly StoredItem[], resolver: Resolver): Promise<PostPlan> {
  const inBatch = new Set(batch.map((item) => item.id));
  const groups = new Map<string, PostGroup>();
  const held: PostPlan['held'] = [];
  const join = (key: string, patient: string, creates: StoredItem | null, item: StoredItem): void => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { patient, creates, items: [] }));
    group.items.push(item);
  };
  for (const item of batch) {
    const resolution = await resolver.resolve(item);
    switch (resolution.match) {
      case 'matched': {
        const { patientId } = resolution;
        if (!patientId.startsWith(ADT_ONLY)) {
          join(`Patient/${patientId}`, `Patient/${patientId}`, null, item);
        } else {
          // Known from ADT only: a record number without its issuing system could name another
          // patient at the EHR, so the entry waits for the EHR's own record of the patient.
          held.push({
            item,
            error:
              "Not posted yet: the patient is known from ADT only; post again once the EHR's record is synced",
          });
        }
        break;
      }
      case 'new': {
        const admission = resolution.admission;
        if (!inBatch.has(admission.id)) {
          held.push({ item, error: "Not posted: the patient's admission is not approved yet" });
          break;
        }
        join(`new:${admission.downtimeId}`, `urn:uuid:${admission.downtimeId}`, admission, item);
        break;
      }
      case 'ambiguous':
      case 'unmatched':
        held.push({
          item,
          error:
            'Not posted: which patient this is has become uncertain; choose the patient and approve again',
        });
        break;
    }
  }
  // The admission first: its Patient and Encounter must exist before what refers to them.
  for (const group of groups.values()) {
    group.items.sort((a, b) => Number(b.kind === 'admission') - Number(a.kind === 'admission'));
  }
  return { groups: [...groups.values()], held };
}
