/** LOINC vital signs and laboratory tests with UCUM units and adult reference ranges. */
export interface MeasureSpec {
  loinc: string;
  display: string;
  unit: string;
  /** Typical value and spread for a stable adult. */
  mean: number;
  deviation: number;
  low: number | null;
  high: number | null;
  decimals: number;
}

function spec(
  loinc: string,
  display: string,
  unit: string,
  mean: number,
  deviation: number,
  low: number | null,
  high: number | null,
  decimals = 0,
): MeasureSpec {
  return { loinc, display, unit, mean, deviation, low, high, decimals };
}

export const VITALS = {
  heartRate: spec('8867-4', 'Heart rate', '/min', 82, 14, 50, 110),
  systolic: spec('8480-6', 'Systolic blood pressure', 'mm[Hg]', 128, 18, 90, 160),
  diastolic: spec('8462-4', 'Diastolic blood pressure', 'mm[Hg]', 76, 10, 50, 95),
  temperature: spec('8310-5', 'Body temperature', 'Cel', 37.0, 0.6, 35.5, 38.0, 1),
  respiratoryRate: spec('9279-1', 'Respiratory rate', '/min', 17, 4, 10, 24),
  oxygenSaturation: spec(
    '59408-5',
    'Oxygen saturation in Arterial blood by Pulse oximetry',
    '%',
    95,
    2.5,
    92,
    null,
  ),
} as const;

export const BLOOD_PRESSURE_PANEL = {
  loinc: '85354-9',
  display: 'Blood pressure panel with all children optional',
};

export const LABS: readonly MeasureSpec[] = [
  spec('718-7', 'Hemoglobin [Mass/volume] in Blood', 'g/dL', 12.8, 1.9, 12, 17, 1),
  spec('6690-2', 'Leukocytes [#/volume] in Blood by Automated count', '10*3/uL', 9, 3.5, 4, 10, 1),
  spec('777-3', 'Platelets [#/volume] in Blood by Automated count', '10*3/uL', 250, 80, 150, 400),
  spec('2951-2', 'Sodium [Moles/volume] in Serum or Plasma', 'mmol/L', 139, 4, 135, 145),
  spec('2823-3', 'Potassium [Moles/volume] in Serum or Plasma', 'mmol/L', 4.2, 0.5, 3.5, 5.1, 1),
  spec('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 'mg/dL', 1.0, 0.4, 0.6, 1.2, 2),
  spec('2345-7', 'Glucose [Mass/volume] in Serum or Plasma', 'mg/dL', 115, 35, 70, 140),
  spec('1988-5', 'C reactive protein [Mass/volume] in Serum or Plasma', 'mg/L', 25, 30, null, 5, 1),
];

export const CARDIAC_LAB = spec(
  '67151-1',
  'Troponin T.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method',
  'ng/L',
  30,
  40,
  null,
  14,
);
export const LACTATE_LAB = spec(
  '2524-7',
  'Lactate [Moles/volume] in Serum or Plasma',
  'mmol/L',
  2.2,
  1.2,
  null,
  2,
  1,
);
export const INR_LAB = spec(
  '6301-6',
  'INR in Platelet poor plasma by Coagulation assay',
  '{INR}',
  1.4,
  0.5,
  0.8,
  1.2,
  1,
);

/** v3 ObservationInterpretation flag for a value against a range. */
export function interpretation(value: number, measure: MeasureSpec): string {
  if (measure.high !== null && value > measure.high * 1.5) return 'HH';
  if (measure.high !== null && value > measure.high) return 'H';
  if (measure.low !== null && value < measure.low * 0.7) return 'LL';
  if (measure.low !== null && value < measure.low) return 'L';
  return 'N';
}
