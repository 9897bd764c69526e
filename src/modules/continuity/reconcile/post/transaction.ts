import type { FhirResource } from '../../fhir/index.js';
import { DOWNTIME_SYSTEM, identifierOf } from '../parse/fields.js';
import type { StoredItem } from '../types.js';

/**
 * The approved items of one patient, posted together. `patient` is how the EHR finds the patient:
 * `Patient/<id>`, a conditional `Patient?identifier=<mrn>` for one known from ADT only, or the
 * `urn:uuid:` of a patient admitted during downtime whose Patient this transaction creates.
 */
export interface PostGroup {
  patient: string;
  /** Set when the group creates the patient: the admission whose Patient comes first. */
  creates: StoredItem | null;
  items: StoredItem[];
}

export interface PlannedTransaction {
  bundle: FhirResource;
  /** For each entry, the item it belongs to. */
  owners: string[];
}

function downtimeUuid(resource: FhirResource): string {
  const uuid = identifierOf(resource, DOWNTIME_SYSTEM);
  // Checked on import; a resource without its downtime uuid never reaches a transaction.
  if (uuid === undefined) throw new Error('a documented resource lost its downtime identifier');
  return uuid;
}

function entry(resource: FhirResource, subject: string | null) {
  const { id: _id, meta: _meta, ...rest } = resource;
  const body: FhirResource = subject === null ? rest : { ...rest, subject: { reference: subject } };
  const uuid = downtimeUuid(resource);
  return {
    fullUrl: `urn:uuid:${uuid}`,
    resource: body,
    // The EHR creates the resource only if nothing carries its downtime uuid yet: a post repeated
    // after a lost answer, or after this server lost its own state, creates nothing twice.
    request: {
      method: 'POST',
      url: resource.resourceType,
      ifNoneExist: `identifier=${DOWNTIME_SYSTEM}|${uuid}`,
    },
  };
}

/**
 * One FHIR transaction for a group: the new Patient first (when the group creates one), then the
 * admission's Encounter, then everything documented about the patient, each pointing at the patient.
 */
export function transactionOf(group: PostGroup): PlannedTransaction {
  const entries: ReturnType<typeof entry>[] = [];
  const owners: string[] = [];
  const add = (owner: string, resource: FhirResource, subject: string | null): void => {
    entries.push(entry(resource, subject));
    owners.push(owner);
  };
  for (const item of group.items) {
    if (item.kind === 'admission') {
      const [patient, encounter] = item.resources;
      if (patient && group.creates?.id === item.id) add(item.id, patient, null);
      if (encounter) add(item.id, encounter, group.patient);
      continue;
    }
    const [resource] = item.resources;
    if (resource) add(item.id, resource, group.patient);
  }
  return { bundle: { resourceType: 'Bundle', type: 'transaction', entry: entries }, owners };
}
