import { randomUUID } from 'node:crypto';
import { rewriteReferences } from '../import/rewrite.js';
import { referencedId } from '../patient-link.js';
import type { FhirResource, JsonObject } from '../resource.js';
import { KIT_LIMITS } from '../project/limits.js';
import { thePatient } from '../project/patient.js';
import { narrative } from './narrative.js';
import { IPS_SECTIONS, OMITTED_WHEN_EMPTY, entryLine, sectionResources } from './ips-sections.js';

const LOINC = 'http://loinc.org';
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const EMPTY_REASON = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason',
      code: 'unavailable',
      display: 'Unavailable',
    },
  ],
  text: 'No information available',
};

export interface IpsOptions {
  now: Date;
  /** Who the summary is from (a clinician or the hospital), shown as the Composition's author. */
  authorDisplay: string;
  /** How far back vital signs count as recent (default 72 hours, as in the kit). */
  windowHours?: number;
}

/**
 * A patient's International Patient Summary as a FHIR document Bundle, for a transfer pack: the
 * Composition (LOINC 60591-5) with one section per IPS area, each listing its entries or saying it
 * has none, then the Patient and every resource the sections cite. Entries get `urn:uuid:` fullUrls
 * and references between them are rewritten to those, so the document stands alone.
 */
export function ipsDocument(resources: FhirResource[], options: IpsOptions): FhirResource {
  const patient = thePatient(resources);
  const now = options.now.getTime();
  const medications = new Map<string, FhirResource>();
  for (const resource of resources) {
    if (resource.resourceType === 'Medication' && resource.id !== undefined)
      medications.set(resource.id, resource);
  }
  const sections = sectionResources(
    resources,
    medications,
    now,
    options.windowHours ?? KIT_LIMITS.defaultWindowHours,
  );

  const included = new Set<FhirResource>([patient]);
  for (const members of sections.values()) for (const member of members) included.add(member);
  for (const resource of [...included]) {
    const medicationId = referencedId(resource.medicationReference, 'Medication');
    const medication = medicationId === undefined ? undefined : medications.get(medicationId);
    if (medication) included.add(medication);
  }

  const fullUrls = new Map<FhirResource, string>();
  const targets = new Map<string, string>();
  for (const resource of included) {
    const fullUrl = `urn:uuid:${randomUUID()}`;
    fullUrls.set(resource, fullUrl);
    if (resource.id === undefined) continue;
    targets.set(`${resource.resourceType}/${resource.id}`, fullUrl);
    // Inputs that skipped the bundle reader may still point at each other by urn:uuid ids.
    if (UUID.test(resource.id)) targets.set(`urn:uuid:${resource.id}`, fullUrl);
  }
  const urlOf = (resource: FhirResource): string => fullUrls.get(resource) ?? '';

  const composition: JsonObject = {
    resourceType: 'Composition',
    id: randomUUID(),
    status: 'final',
    type: { coding: [{ system: LOINC, code: '60591-5', display: 'Patient summary Document' }] },
    subject: { reference: urlOf(patient) },
    date: options.now.toISOString(),
    author: [{ display: options.authorDisplay }],
    title: 'International Patient Summary',
    section: IPS_SECTIONS.filter(
      (section) => !(OMITTED_WHEN_EMPTY.has(section.key) && (sections.get(section.key) ?? []).length === 0),
    ).map((section) => {
      const members = sections.get(section.key) ?? [];
      const base = {
        title: section.title,
        code: { coding: [{ system: LOINC, code: section.code, display: section.display }] },
        text: narrative(members.map((member) => entryLine(member, medications))),
      };
      return members.length === 0
        ? { ...base, emptyReason: EMPTY_REASON }
        : { ...base, entry: members.map((member) => ({ reference: urlOf(member) })) };
    }),
  };

  const bundleId = randomUUID();
  return {
    resourceType: 'Bundle',
    id: bundleId,
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${bundleId}` },
    type: 'document',
    timestamp: options.now.toISOString(),
    entry: [
      { fullUrl: `urn:uuid:${randomUUID()}`, resource: composition },
      ...[...included].map((resource) => ({
        fullUrl: urlOf(resource),
        resource: rewriteReferences(resource, targets),
      })),
    ],
  };
}
