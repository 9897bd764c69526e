import type { FhirResource } from '../fhir/index.js';
import { patientIdOf, validateResource } from '../fhir/index.js';
import type { MirrorStore, MirroredResource } from '../store/mirror-store.js';
import type { RejectedResource } from '../types.js';

/** What a source yields: a resource, or one it refused with the reason. */
export type SourceItem = { resource: FhirResource } | { rejected: RejectedResource };

export interface IngestResult {
  resources: number;
  rejections: RejectedResource[];
  /** Patients whose records changed and must be projected again. */
  patientIds: Set<string>;
}

/** Resources are written in batches; one transaction each. */
const BATCH = 500;

/**
 * Feeds a source's resources into the mirror. Each resource is validated on its own: a malformed
 * one is rejected with its reason and the rest are kept. The mirror keeps resources by type and id,
 * so a delta or a re-run replaces what it carries and never duplicates it.
 */
export async function ingestResources(
  mirror: MirrorStore,
  sourceId: string,
  items: AsyncIterable<SourceItem> | Iterable<SourceItem>,
): Promise<IngestResult> {
  const result: IngestResult = { resources: 0, rejections: [], patientIds: new Set() };
  let batch: MirroredResource[] = [];
  let position = 0;
  // Patients seen so far: `urn:uuid:` references resolve only against them. Literal `Patient/x`
  // references resolve on their own, in whatever order the resources arrive.
  const patients = new Set<string>();
  const pending: { row: MirroredResource; resource: FhirResource }[] = [];
  const flush = async (): Promise<void> => {
    for (const entry of pending.splice(0)) {
      const patientId = patientIdOf(entry.resource, patients) ?? null;
      entry.row.patientId = patientId;
      if (patientId !== null) result.patientIds.add(patientId);
    }
    await mirror.putResources(batch);
    result.resources += batch.length;
    batch = [];
  };
  for await (const item of items) {
    position += 1;
    if ('rejected' in item) {
      result.rejections.push(item.rejected);
      continue;
    }
    const checked = validateResource(item.resource);
    if (!checked.ok || checked.resource.id === undefined) {
      result.rejections.push({
        position: `item ${position}`,
        resourceType: typeof item.resource.resourceType === 'string' ? item.resource.resourceType : null,
        id: null,
        reason: checked.ok ? 'the resource has no id' : checked.reason,
      });
      continue;
    }
    const resource = checked.resource;
    const id = resource.id!;
    const row: MirroredResource = {
      resourceType: resource.resourceType,
      resourceId: id,
      patientId: resource.resourceType === 'Patient' ? id : null,
      sourceId,
      lastUpdated: resource.meta?.lastUpdated ?? null,
      body: JSON.stringify(resource),
    };
    if (resource.resourceType === 'Patient') {
      patients.add(id);
      result.patientIds.add(id);
    } else {
      pending.push({ row, resource });
    }
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return result;
}
