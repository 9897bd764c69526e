import type { Specialty } from './catalogue.js';

export type Route = 'oral' | 'intravenous' | 'subcutaneous' | 'inhalation';

export const ROUTES: Record<Route, { code: string; display: string }> = {
  oral: { code: '26643006', display: 'Oral route' },
  intravenous: { code: '47625008', display: 'Intravenous route' },
  subcutaneous: { code: '34206005', display: 'Subcutaneous route' },
  inhalation: { code: '447694001', display: 'Respiratory tract route' },
};

export interface MedicationSpec {
  atc: string;
  display: string;
  dose: number;
  /** UCUM code of the dose unit. */
  unit: string;
  unitDisplay: string;
  route: Route;
  /** Scheduled times of day; empty for as-needed orders. */
  times: readonly string[];
  /** For as-needed orders: the minimum hours between doses. */
  prnEveryHours?: number;
  /** Readable frequency used in the instruction text. */
  frequency: string;
}

function med(
  atc: string,
  display: string,
  dose: number,
  unit: string,
  route: Route,
  times: string[],
  frequency: string,
  prnEveryHours?: number,
): MedicationSpec {
  const unitDisplay = unit === '[iU]' ? 'units' : unit;
  return {
    atc,
    display,
    dose,
    unit,
    unitDisplay,
    route,
    times,
    frequency,
    ...(prnEveryHours ? { prnEveryHours } : {}),
  };
}

export const MEDICATIONS: readonly MedicationSpec[] = [
  med('N02BE01', 'Paracetamol', 1, 'g', 'oral', ['06:00', '12:00', '18:00', '00:00'], 'every 6 hours'),
  med('B01AB05', 'Enoxaparin', 40, 'mg', 'subcutaneous', ['20:00'], 'once daily'),
  med('A02BC02', 'Pantoprazole', 40, 'mg', 'oral', ['08:00'], 'once daily'),
  med(
    'J01CR02',
    'Amoxicillin and beta-lactamase inhibitor',
    1,
    'g',
    'intravenous',
    ['06:00', '14:00', '22:00'],
    'every 8 hours',
  ),
  med('J01DD04', 'Ceftriaxone', 2, 'g', 'intravenous', ['10:00'], 'once daily'),
  med(
    'J01CR05',
    'Piperacillin and beta-lactamase inhibitor',
    4,
    'g',
    'intravenous',
    ['06:00', '12:00', '18:00', '00:00'],
    'every 6 hours',
  ),
  med('J01XA01', 'Vancomycin', 1, 'g', 'intravenous', ['08:00', '20:00'], 'every 12 hours'),
  med('C03CA01', 'Furosemide', 40, 'mg', 'intravenous', ['08:00', '14:00'], 'twice daily'),
  med('C07AB07', 'Bisoprolol', 2.5, 'mg', 'oral', ['08:00'], 'once daily'),
  med('C08CA01', 'Amlodipine', 5, 'mg', 'oral', ['08:00'], 'once daily'),
  med('C10AA05', 'Atorvastatin', 40, 'mg', 'oral', ['20:00'], 'once daily'),
  med('A10BA02', 'Metformin', 1000, 'mg', 'oral', ['08:00', '18:00'], 'twice daily'),
  med(
    'A10AB05',
    'Insulin aspart',
    6,
    '[iU]',
    'subcutaneous',
    ['07:30', '12:00', '18:00'],
    'three times daily with meals',
  ),
  med('N02AA01', 'Morphine', 5, 'mg', 'subcutaneous', [], 'every 4 hours as needed', 4),
  med(
    'R03AC02',
    'Salbutamol',
    2.5,
    'mg',
    'inhalation',
    ['06:00', '12:00', '18:00', '00:00'],
    'every 6 hours',
  ),
  med('H02AB06', 'Prednisolone', 40, 'mg', 'oral', ['08:00'], 'once daily'),
  med('H03AA01', 'Levothyroxine sodium', 50, 'ug', 'oral', ['06:00'], 'once daily before breakfast'),
  med('B01AF02', 'Apixaban', 5, 'mg', 'oral', ['08:00', '20:00'], 'twice daily'),
  med('A04AA01', 'Ondansetron', 4, 'mg', 'intravenous', [], 'every 8 hours as needed', 8),
  med('M01AE01', 'Ibuprofen', 400, 'mg', 'oral', ['08:00', '16:00', '00:00'], 'every 8 hours'),
  med('A06AD15', 'Macrogol', 10, 'g', 'oral', ['08:00'], 'once daily'),
];

export function medication(atc: string): MedicationSpec {
  const found = MEDICATIONS.find((candidate) => candidate.atc === atc);
  if (!found) throw new Error(`unknown medication ${atc}`);
  return found;
}

/** Orders an inpatient on each kind of unit typically has, besides those for chronic problems. */
export const USUAL_ORDERS: Record<Specialty, readonly string[]> = {
  icu: ['J01CR05', 'B01AB05', 'A02BC02', 'N02AA01', 'A10AB05', 'J01XA01'],
  cardiology: ['B01AB05', 'C07AB07', 'C10AA05', 'C03CA01', 'A02BC02'],
  emergency: ['N02BE01', 'A04AA01', 'N02AA01'],
  maternity: ['N02BE01', 'M01AE01', 'B01AB05'],
  pediatrics: ['N02BE01', 'R03AC02', 'A04AA01'],
  medicine: ['J01CR02', 'B01AB05', 'N02BE01', 'A02BC02', 'H02AB06', 'A06AD15'],
  surgery: ['J01DD04', 'B01AB05', 'N02BE01', 'N02AA01', 'A04AA01'],
  geriatrics: ['N02BE01', 'B01AB05', 'A06AD15', 'J01CR02'],
  oncology: ['J01CR05', 'A04AA01', 'N02AA01', 'B01AB05'],
  neurology: ['B01AB05', 'N02BE01', 'C10AA05', 'A02BC02'],
  orthopedics: ['B01AB05', 'N02BE01', 'N02AA01', 'M01AE01', 'A06AD15'],
};
