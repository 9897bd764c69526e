import type { FhirResource } from '../resource.js';
import { conceptText } from '../project/concept.js';
import { KIT_LIMITS } from '../project/limits.js';
import { kitMedication } from '../project/medications.js';
import { isPanelOnly, isShownObservation, observationKind } from '../project/observations.js';
import { isRetracted, kitCondition } from '../project/sections.js';
import { HOUR_MS, choiceTime, toMillis } from '../project/time.js';
import { observationValue } from '../project/values.js';

/** The IPS sections a transfer pack carries, with their LOINC section codes. */
export const IPS_SECTIONS = [
  { key: 'problems', code: '11450-4', display: 'Problem list - Reported', title: 'Active Problems' },
  {
    key: 'pastIllness',
    code: '11348-0',
    display: 'History of Past illness Narrative',
    title: 'History of Past Illness',
  },
  {
    key: 'allergies',
    code: '48765-2',
    display: 'Allergies and adverse reactions Document',
    title: 'Allergies and Intolerances',
  },
  {
    key: 'medications',
    code: '10160-0',
    display: 'History of Medication use Narrative',
    title: 'Medication Summary',
  },
  {
    key: 'immunizations',
    code: '11369-6',
    display: 'History of Immunization Narrative',
    title: 'Immunizations',
  },
  {
    key: 'results',
    code: '30954-2',
    display: 'Relevant diagnostic tests/laboratory data Narrative',
    title: 'Results',
  },
  {
    key: 'procedures',
    code: '47519-4',
    display: 'History of Procedures Document',
    title: 'History of Procedures',
  },
  { key: 'vitals', code: '8716-3', display: 'Vital signs', title: 'Vital Signs' },
] as const;

export type SectionKey = (typeof IPS_SECTIONS)[number]['key'];

/** Sections IPS makes optional and that are left out rather than stated empty. */
export const OMITTED_WHEN_EMPTY: ReadonlySet<SectionKey> = new Set(['pastIllness']);

const PAST = new Set(['inactive', 'remission', 'resolved']);

/**
 * Which resources go into which section, with the same choices as the kit: retracted records are
 * left out, orders only while active, vital signs from the window (or the newest few), the newest results.
 */
export function sectionResources(
  resources: readonly FhirResource[],
  medications: ReadonlyMap<string, FhirResource>,
  now: number,
  windowHours: number,
): Map<SectionKey, FhirResource[]> {
  const sections = new Map<SectionKey, FhirResource[]>(IPS_SECTIONS.map((section) => [section.key, []]));
  const add = (key: SectionKey, resource: FhirResource): void => void sections.get(key)?.push(resource);
  const results: FhirResource[] = [];
  const vitals: FhirResource[] = [];
  for (const resource of resources) {
    if (isRetracted(resource)) continue;
    switch (resource.resourceType) {
      case 'Condition':
        add(PAST.has(kitCondition(resource).status ?? '') ? 'pastIllness' : 'problems', resource);
        break;
      case 'AllergyIntolerance':
        add('allergies', resource);
        break;
      case 'MedicationStatement':
      case 'MedicationRequest':
        if (kitMedication(resource, medications)) add('medications', resource);
        break;
      case 'Immunization':
        add('immunizations', resource);
        break;
      case 'Procedure':
        add('procedures', resource);
        break;
      case 'Observation': {
        if (!isShownObservation(resource)) break;
        const kind = observationKind(resource);
        const value = observationValue(resource);
        if (kind === 'vital' && value !== undefined) vitals.push(resource);
        else if (kind === 'result' && (value !== undefined || isPanelOnly(resource, value)))
          results.push(resource);
        break;
      }
      default:
        break;
    }
  }
  sections.set('results', newest(results, KIT_LIMITS.results));
  const windowStart = now - windowHours * HOUR_MS;
  const recent = vitals.filter((vital) => (observedAt(vital) ?? 0) >= windowStart);
  sections.set(
    'vitals',
    recent.length > 0 ? newest(recent, KIT_LIMITS.vitals) : newest(vitals, KIT_LIMITS.vitalsOutsideWindow),
  );
  return sections;
}

function observedAt(observation: FhirResource): number | undefined {
  return toMillis(choiceTime(observation, 'effective') ?? observation.issued);
}

function newest(observations: FhirResource[], limit: number): FhirResource[] {
  return observations
    .map((observation) => ({ at: observedAt(observation) ?? 0, observation }))
    .sort((a, b) => b.at - a.at)
    .slice(0, limit)
    .map((entry) => entry.observation);
}

/** One narrative line for an entry: what it is, and its value or date when it has one. */
export function entryLine(resource: FhirResource, medications: ReadonlyMap<string, FhirResource>): string {
  switch (resource.resourceType) {
    case 'MedicationStatement':
    case 'MedicationRequest': {
      const medication = kitMedication(resource, medications);
      return [medication?.medication.text ?? 'Medication', medication?.dosage].filter(Boolean).join(': ');
    }
    case 'Observation':
      return [conceptText(resource.code) ?? 'Observation', observationValue(resource)]
        .filter(Boolean)
        .join(': ');
    case 'Immunization':
      return [conceptText(resource.vaccineCode) ?? 'Immunization', choiceTime(resource, 'occurrence')]
        .filter(Boolean)
        .join(', ');
    case 'Procedure':
      return [conceptText(resource.code) ?? 'Procedure', choiceTime(resource, 'performed')]
        .filter(Boolean)
        .join(', ');
    default:
      return conceptText(resource.code) ?? resource.resourceType;
  }
}
