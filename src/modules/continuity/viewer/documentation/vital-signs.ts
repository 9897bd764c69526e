/**
 * The vital signs the viewer records, with the LOINC and UCUM codes of the documentation bundle and
 * the plausible range a form accepts (a typo such as 1200 for a heart rate is refused, not exported).
 */
export interface VitalDefinition {
  loinc: string;
  display: string;
  unit: string;
  ucum: string;
  min: number;
  max: number;
}

export const VITAL_SIGNS = {
  'heart-rate': { loinc: '8867-4', display: 'Heart rate', unit: '/min', ucum: '/min', min: 10, max: 300 },
  'respiratory-rate': {
    loinc: '9279-1',
    display: 'Respiratory rate',
    unit: '/min',
    ucum: '/min',
    min: 2,
    max: 90,
  },
  temperature: { loinc: '8310-5', display: 'Body temperature', unit: '°C', ucum: 'Cel', min: 25, max: 45 },
  spo2: {
    loinc: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
    ucum: '%',
    min: 20,
    max: 100,
  },
} as const satisfies Record<string, VitalDefinition>;

export const BLOOD_PRESSURE = {
  panel: { loinc: '85354-9', display: 'Blood pressure panel with all children optional' },
  systolic: {
    loinc: '8480-6',
    display: 'Systolic blood pressure',
    unit: 'mmHg',
    ucum: 'mm[Hg]',
    min: 30,
    max: 300,
  },
  diastolic: {
    loinc: '8462-4',
    display: 'Diastolic blood pressure',
    unit: 'mmHg',
    ucum: 'mm[Hg]',
    min: 10,
    max: 200,
  },
} as const;

export type SingleVital = keyof typeof VITAL_SIGNS;

export function isPlausible(definition: { min: number; max: number }, value: number): boolean {
  return Number.isFinite(value) && value >= definition.min && value <= definition.max;
}
