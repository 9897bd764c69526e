import type { FhirResource } from '../fhir-types.js';
import { LOINC, UCUM } from './catalogue.js';
import { BLOOD_PRESSURE_PANEL, interpretation, VITALS, type MeasureSpec } from './observations.js';
import { coding, type RecordContext } from './record-context.js';

const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

function category(code: 'vital-signs' | 'laboratory'): object[] {
  return [coding(CATEGORY, code, code === 'vital-signs' ? 'Vital Signs' : 'Laboratory', false)];
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function quantity(value: number, spec: MeasureSpec): object {
  return { value, unit: spec.unit, system: UCUM, code: spec.unit };
}

function flag(value: number, spec: MeasureSpec): object[] | undefined {
  const code = interpretation(value, spec);
  return code === 'N' ? undefined : [{ coding: [{ system: INTERPRETATION, code }], text: code }];
}

function referenceRange(spec: MeasureSpec): object[] {
  return [
    {
      ...(spec.low === null ? {} : { low: quantity(spec.low, spec) }),
      ...(spec.high === null ? {} : { high: quantity(spec.high, spec) }),
    },
  ];
}

function measured(
  context: RecordContext,
  spec: MeasureSpec,
  severity: number,
  clamp: [number, number],
): number {
  const value = context.random.normal(spec.mean + severity * spec.deviation, spec.deviation * 0.6);
  return round(Math.min(clamp[1], Math.max(clamp[0], value)), spec.decimals);
}

function observation(
  context: RecordContext,
  kind: 'vital-signs' | 'laboratory',
  spec: MeasureSpec,
  at: string,
  value: number,
): FhirResource {
  const interpretationFlag = flag(value, spec);
  return {
    resourceType: 'Observation',
    id: context.id('obs'),
    status: 'final',
    category: category(kind),
    code: coding(LOINC, spec.loinc, spec.display),
    subject: context.patientRef,
    ...(context.encounterRef ? { encounter: context.encounterRef } : {}),
    effectiveDateTime: at,
    ...(kind === 'laboratory' ? { issued: new Date(Date.parse(at) + 45 * 60_000).toISOString() } : {}),
    valueQuantity: quantity(value, spec),
    ...(interpretationFlag ? { interpretation: interpretationFlag } : {}),
    ...(kind === 'laboratory' ? { referenceRange: referenceRange(spec) } : {}),
  };
}

/**
 * One round of vital signs: heart rate, blood pressure panel, temperature, respiratory rate and SpO2.
 * `severity` shifts values towards abnormal (0 stable, 1 unwell, 2 critical).
 */
export function vitalSigns(
  context: RecordContext,
  hoursAgo: number,
  severity: number,
  performer: { reference: string; display: string },
): FhirResource[] {
  const at = context.at(hoursAgo);
  const heartRate = measured(context, VITALS.heartRate, severity * 0.8, [35, 180]);
  const systolic = measured(context, VITALS.systolic, -severity * 0.7, [60, 220]);
  const diastolic = Math.min(systolic - 20, measured(context, VITALS.diastolic, -severity * 0.5, [30, 130]));
  const temperature = measured(context, VITALS.temperature, severity * 0.9, [34, 41.5]);
  const respiratory = measured(context, VITALS.respiratoryRate, severity, [6, 45]);
  const saturation = measured(context, VITALS.oxygenSaturation, -severity, [70, 100]);
  const withPerformer = (resource: FhirResource): FhirResource => ({ ...resource, performer: [performer] });
  const panel: FhirResource = {
    ...observation(context, 'vital-signs', VITALS.systolic, at, systolic),
    code: coding(LOINC, BLOOD_PRESSURE_PANEL.loinc, BLOOD_PRESSURE_PANEL.display),
    component: [
      {
        code: coding(LOINC, VITALS.systolic.loinc, VITALS.systolic.display),
        valueQuantity: quantity(systolic, VITALS.systolic),
      },
      {
        code: coding(LOINC, VITALS.diastolic.loinc, VITALS.diastolic.display),
        valueQuantity: quantity(diastolic, VITALS.diastolic),
      },
    ],
  };
  delete panel.valueQuantity;
  delete panel.interpretation;
  return [
    observation(context, 'vital-signs', VITALS.heartRate, at, heartRate),
    panel,
    observation(context, 'vital-signs', VITALS.temperature, at, temperature),
    observation(context, 'vital-signs', VITALS.respiratoryRate, at, respiratory),
    observation(context, 'vital-signs', VITALS.oxygenSaturation, at, saturation),
  ].map(withPerformer);
}

/** A set of laboratory results drawn at one time. */
export function labResults(
  context: RecordContext,
  tests: readonly MeasureSpec[],
  hoursAgo: number,
  severity: number,
): FhirResource[] {
  const at = context.at(hoursAgo);
  return tests.map((spec) => {
    const value = Math.max(
      spec.decimals > 0 ? 10 ** -spec.decimals : 1,
      measured(context, spec, severity * 0.7, [0, spec.mean * 12]),
    );
    return observation(context, 'laboratory', spec, at, value);
  });
}
