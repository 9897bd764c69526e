/** FHIR R4 JSON as plain objects, the same shape the rest of the continuity module uses. */
export type FhirResource = {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string };
  [key: string]: unknown;
};

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const DOWNTIME_SYSTEM = 'urn:lifeline:downtime';
export const DOWNTIME_ID_SYSTEM = 'urn:lifeline:downtime-id';
export const DOWNTIME_EXPORT_SYSTEM = 'urn:lifeline:downtime-export';
export const KIT_SYSTEM = 'urn:lifeline:kit';
