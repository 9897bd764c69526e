import { type JsonObject, asArray, asNumber, asObject, asString, objectsOf } from '../resource.js';
import { conceptText, hasCode } from './concept.js';

const LOINC = 'http://loinc.org';
const SYSTOLIC = new Set(['8480-6']);
const DIASTOLIC = new Set(['8462-4']);
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/** "7.2 mmol/L", "<5 mg/L": the unit as the source wrote it, else its UCUM code. */
export function formatQuantity(quantity: unknown): string | undefined {
  const value = asObject(quantity);
  const number = asNumber(value?.value);
  if (!value || number === undefined) return undefined;
  const comparator = asString(value.comparator) ?? '';
  const unit = asString(value.unit) ?? asString(value.code);
  return unit === undefined ? `${comparator}${number}` : `${comparator}${number} ${unit}`;
}

function formatRange(range: unknown): string | undefined {
  const value = asObject(range);
  const low = formatQuantity(value?.low);
  const high = formatQuantity(value?.high);
  if (low !== undefined && high !== undefined) return `${low} – ${high}`;
  if (low !== undefined) return `≥${low}`;
  return high === undefined ? undefined : `≤${high}`;
}

/** The value[x] of an Observation or one of its components, as displayed. */
export function valueText(element: JsonObject): string | undefined {
  if (element.valueQuantity !== undefined) return formatQuantity(element.valueQuantity);
  if (element.valueCodeableConcept !== undefined) return conceptText(element.valueCodeableConcept);
  if (typeof element.valueString === 'string') return asString(element.valueString);
  if (typeof element.valueBoolean === 'boolean') return element.valueBoolean ? 'yes' : 'no';
  if (typeof element.valueInteger === 'number') return String(element.valueInteger);
  if (element.valueRange !== undefined) return formatRange(element.valueRange);
  if (element.valueRatio !== undefined) {
    const ratio = asObject(element.valueRatio);
    const numerator = formatQuantity(ratio?.numerator);
    const denominator = formatQuantity(ratio?.denominator);
    return numerator !== undefined && denominator !== undefined ? `${numerator}/${denominator}` : undefined;
  }
  return (
    asString(element.valueDateTime) ??
    asString(element.valueTime) ??
    asString(asObject(element.valuePeriod)?.start)
  );
}

/**
 * An Observation's value as one line: its own value, else a blood pressure's two components as
 * "120/80 mmHg", else its components listed, else why the value is absent. Undefined for a panel
 * that only groups other Observations.
 */
export function observationValue(observation: JsonObject): string | undefined {
  const own = valueText(observation);
  if (own !== undefined) return own;
  const components = objectsOf(observation.component);
  const pressure = bloodPressure(components);
  if (pressure !== undefined) return pressure;
  const parts: string[] = [];
  for (const component of components) {
    const value = valueText(component);
    if (value !== undefined) parts.push(`${conceptText(component.code) ?? 'value'}: ${value}`);
  }
  if (parts.length > 0) return parts.join('; ');
  const absent = conceptText(observation.dataAbsentReason);
  return absent === undefined ? undefined : `no value (${absent})`;
}

function bloodPressure(components: JsonObject[]): string | undefined {
  const systolic = components.find((component) => hasCode(component.code, LOINC, SYSTOLIC));
  const diastolic = components.find((component) => hasCode(component.code, LOINC, DIASTOLIC));
  const high = asNumber(asObject(systolic?.valueQuantity)?.value);
  const low = asNumber(asObject(diastolic?.valueQuantity)?.value);
  if (high === undefined || low === undefined) return undefined;
  const quantity = asObject(systolic?.valueQuantity);
  const unit = asString(quantity?.unit) ?? asString(quantity?.code) ?? 'mmHg';
  return `${high}/${low} ${unit === 'mm[Hg]' ? 'mmHg' : unit}`;
}

/** The interpretation flag (H, L, A, HH, LL, N, …): the HL7 v3 code when given, else the first code. */
export function interpretationFlag(observation: JsonObject): string | null {
  let fallback: string | undefined;
  for (const concept of asArray(observation.interpretation)) {
    for (const coding of objectsOf(asObject(concept)?.coding)) {
      const code = asString(coding.code);
      if (code === undefined) continue;
      if (coding.system === INTERPRETATION) return code;
      fallback ??= code;
    }
    fallback ??= conceptText(concept);
  }
  return fallback ?? null;
}
