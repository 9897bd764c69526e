import { patientIdOf, referencedId } from './patient-link.js';
import type { FhirResource } from './resource.js';

/**
 * Splits resources by the patient they are about. Each group holds the Patient itself (when present
 * in the input) and everything referring to it, plus the Medication resources its medication
 * resources point to, since a Medication names no patient but the medication list needs its name.
 * Resources about no patient (Organization, Practitioner, …) are left out. A group may lack its Patient
 * when the input is a delta that only carries changed resources.
 */
export function groupByPatient(resources: Iterable<FhirResource>): Map<string, FhirResource[]> {
  const all = Array.from(resources);
  const patientIds = new Set<string>();
  const medications = new Map<string, FhirResource>();
  for (const resource of all) {
    if (resource.id === undefined) continue;
    if (resource.resourceType === 'Patient') patientIds.add(resource.id);
    else if (resource.resourceType === 'Medication') medications.set(resource.id, resource);
  }

  const groups = new Map<string, FhirResource[]>();
  for (const resource of all) {
    const patientId = resource.resourceType === 'Patient' ? resource.id : patientIdOf(resource, patientIds);
    if (patientId === undefined) continue;
    const group = groups.get(patientId);
    if (group) group.push(resource);
    else groups.set(patientId, [resource]);
  }

  if (medications.size > 0) {
    for (const group of groups.values()) addReferencedMedications(group, medications);
  }
  return groups;
}

function addReferencedMedications(
  group: FhirResource[],
  medications: ReadonlyMap<string, FhirResource>,
): void {
  const added = new Set<string>();
  const count = group.length;
  for (let index = 0; index < count; index += 1) {
    const resource = group[index];
    const id = resource && referencedId(resource.medicationReference, 'Medication');
    const medication = id === undefined ? undefined : medications.get(id);
    if (id !== undefined && medication && !added.has(id)) {
      added.add(id);
      group.push(medication);
    }
  }
}
