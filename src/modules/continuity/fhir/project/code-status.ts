import type { FhirResource } from '../resource.js';
import { anyHasCode, conceptText, hasCode } from './concept.js';
import { choiceTime, toMillis } from './time.js';
import { valueText } from './values.js';

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
/** LOINC 100822-6 "Cardiopulmonary resuscitation orders". */
const CPR_ORDERS = new Set(['100822-6']);
/** LOINC 75320-2 "Advance directive", as in the C-CDA advance directive observation. */
const ADVANCE_DIRECTIVE_LOINC = new Set(['75320-2', '100822-6']);
/** SNOMED CT 304251008 "Resuscitation status". */
const RESUSCITATION_STATUS_SNOMED = new Set(['304251008']);

const OBSERVATION_CURRENT = new Set(['final', 'amended', 'corrected', 'preliminary']);

/**
 * The resuscitation status as recorded, read from two published conventions:
 * - US Core 9 portable medical orders: an active ServiceRequest with category LOINC 100822-6
 *   "Cardiopulmonary resuscitation orders"; its code ("No CPR: Do Not Attempt Resuscitation") is the status;
 * - the C-CDA on FHIR advance directive observation: an Observation coded LOINC 75320-2 or SNOMED CT
 *   304251008 "Resuscitation status" whose value says it (SNOMED 304253006 "Not for resuscitation").
 * The newest such record wins. Flags and Consents are not read: no published profile codes them for this.
 */
export function codeStatus(resources: readonly FhirResource[]): string | null {
  let best: { at: number; text: string } | undefined;
  for (const resource of resources) {
    const found = candidate(resource);
    if (found && (best === undefined || found.at > best.at)) best = found;
  }
  return best?.text ?? null;
}

function candidate(resource: FhirResource): { at: number; text: string } | undefined {
  if (resource.resourceType === 'ServiceRequest') {
    if (resource.status !== 'active' || !anyHasCode(resource.category, LOINC, CPR_ORDERS)) return undefined;
    const text = conceptText(resource.code);
    const at = toMillis(resource.authoredOn) ?? toMillis(choiceTime(resource, 'occurrence')) ?? 0;
    return text === undefined ? undefined : { at, text };
  }
  if (resource.resourceType === 'Observation') {
    if (!OBSERVATION_CURRENT.has(resource.status as string)) return undefined;
    const coded =
      hasCode(resource.code, LOINC, ADVANCE_DIRECTIVE_LOINC) ||
      hasCode(resource.code, SNOMED, RESUSCITATION_STATUS_SNOMED);
    if (!coded) return undefined;
    const text = valueText(resource);
    const at = toMillis(choiceTime(resource, 'effective')) ?? toMillis(resource.issued) ?? 0;
    return text === undefined ? undefined : { at, text };
  }
  return undefined;
}
