/**
 * The clinical vocabulary of the synthetic hospital: SNOMED CT problems and procedures, allergens, ATC
 * medications with their usual inpatient dosing, and LOINC vital signs and laboratory tests.
 */
export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const ATC = 'http://www.whocc.no/atc';
export const UCUM = 'http://unitsofmeasure.org';

export interface Concept {
  code: string;
  display: string;
}

export type Specialty =
  | 'icu'
  | 'cardiology'
  | 'emergency'
  | 'maternity'
  | 'pediatrics'
  | 'medicine'
  | 'surgery'
  | 'geriatrics'
  | 'oncology'
  | 'neurology'
  | 'orthopedics';

/** Reasons for admission by specialty. */
export const ADMISSION_REASONS: Record<Specialty, readonly Concept[]> = {
  icu: [
    { code: '91302008', display: 'Sepsis' },
    { code: '233604007', display: 'Pneumonia' },
    { code: '22298006', display: 'Myocardial infarction' },
    { code: '59282003', display: 'Pulmonary embolism' },
    { code: '420422005', display: 'Diabetic ketoacidosis' },
  ],
  cardiology: [
    { code: '22298006', display: 'Myocardial infarction' },
    { code: '84114007', display: 'Heart failure' },
    { code: '49436004', display: 'Atrial fibrillation' },
  ],
  emergency: [
    { code: '217082002', display: 'Accidental fall' },
    { code: '233604007', display: 'Pneumonia' },
    { code: '68566005', display: 'Urinary tract infection' },
    { code: '128045006', display: 'Cellulitis' },
    { code: '74400008', display: 'Appendicitis' },
  ],
  maternity: [{ code: '48782003', display: 'Delivery normal' }],
  pediatrics: [
    { code: '4120002', display: 'Bronchiolitis' },
    { code: '25374005', display: 'Gastroenteritis' },
    { code: '233604007', display: 'Pneumonia' },
  ],
  medicine: [
    { code: '233604007', display: 'Pneumonia' },
    { code: '195951007', display: 'Acute exacerbation of chronic obstructive airways disease' },
    { code: '14669001', display: 'Acute kidney injury' },
    { code: '74474003', display: 'Gastrointestinal hemorrhage' },
    { code: '68566005', display: 'Urinary tract infection' },
    { code: '128045006', display: 'Cellulitis' },
  ],
  surgery: [
    { code: '74400008', display: 'Appendicitis' },
    { code: '76581006', display: 'Cholecystitis' },
    { code: '363406005', display: 'Malignant tumor of colon' },
  ],
  geriatrics: [
    { code: '2776000', display: 'Delirium' },
    { code: '217082002', display: 'Accidental fall' },
    { code: '68566005', display: 'Urinary tract infection' },
  ],
  oncology: [
    { code: '409089005', display: 'Febrile neutropenia' },
    { code: '93880001', display: 'Primary malignant neoplasm of lung' },
    { code: '254837009', display: 'Malignant neoplasm of breast' },
  ],
  neurology: [
    { code: '230690007', display: 'Cerebrovascular accident' },
    { code: '84757009', display: 'Epilepsy' },
    { code: '49049000', display: "Parkinson's disease" },
  ],
  orthopedics: [
    { code: '5913000', display: 'Fracture of neck of femur' },
    { code: '239873007', display: 'Osteoarthritis of knee' },
  ],
};

/** Long-standing problems, with the medication that usually goes with them (an index into MEDICATIONS). */
export const CHRONIC_PROBLEMS: readonly (Concept & { medication: string | null })[] = [
  { code: '38341003', display: 'Hypertensive disorder', medication: 'C08CA01' },
  { code: '44054006', display: 'Diabetes mellitus type 2', medication: 'A10BA02' },
  { code: '13645005', display: 'Chronic obstructive lung disease', medication: 'R03AC02' },
  { code: '709044004', display: 'Chronic kidney disease', medication: null },
  { code: '49436004', display: 'Atrial fibrillation', medication: 'B01AF02' },
  { code: '84114007', display: 'Heart failure', medication: 'C07AB07' },
  { code: '195967001', display: 'Asthma', medication: 'R03AC02' },
  { code: '40930008', display: 'Hypothyroidism', medication: 'H03AA01' },
  { code: '396275006', display: 'Osteoarthritis', medication: 'N02BE01' },
  { code: '35489007', display: 'Depressive disorder', medication: null },
  { code: '55822004', display: 'Hyperlipidemia', medication: 'C10AA05' },
  { code: '52448006', display: 'Dementia', medication: null },
];

export const ALLERGENS: readonly Concept[] = [
  { code: '373270004', display: 'Penicillin' },
  { code: '372687004', display: 'Amoxicillin' },
  { code: '387458008', display: 'Aspirin' },
  { code: '387207008', display: 'Ibuprofen' },
  { code: '387494007', display: 'Codeine' },
  { code: '111088007', display: 'Latex' },
  { code: '762952008', display: 'Peanut' },
];

export const REACTIONS: readonly Concept[] = [
  { code: '126485001', display: 'Urticaria' },
  { code: '39579001', display: 'Anaphylaxis' },
  { code: '271807003', display: 'Eruption of skin' },
  { code: '41291007', display: 'Angioedema' },
  { code: '422587007', display: 'Nausea' },
];

export const PROCEDURES_DONE: readonly Concept[] = [
  { code: '399208008', display: 'Plain chest X-ray' },
  { code: '40701008', display: 'Echocardiography' },
  { code: '116859006', display: 'Transfusion of blood product' },
  { code: '10847001', display: 'Bronchoscopy' },
  { code: '277762005', display: 'Lumbar puncture' },
  { code: '302497006', display: 'Hemodialysis' },
];

export const PROCEDURES_PLANNED: Partial<Record<Specialty, readonly Concept[]>> & {
  default: readonly Concept[];
} = {
  surgery: [
    { code: '80146002', display: 'Appendectomy' },
    { code: '38102005', display: 'Cholecystectomy' },
  ],
  orthopedics: [
    { code: '52734007', display: 'Total replacement of hip' },
    { code: '609588000', display: 'Total knee replacement' },
  ],
  cardiology: [{ code: '415070008', display: 'Percutaneous coronary intervention' }],
  maternity: [{ code: '11466000', display: 'Cesarean section' }],
  default: [
    { code: '73761001', display: 'Colonoscopy' },
    { code: '40701008', display: 'Echocardiography' },
    { code: '10847001', display: 'Bronchoscopy' },
  ],
};

/** Resuscitation status (SNOMED CT 304251008) and its two usual values. */
export const CODE_STATUS = { code: '304251008', display: 'Resuscitation status' };
export const FULL_CODE = { code: '304252001', display: 'For resuscitation', text: 'Full code' };
export const DNR = { code: '304253006', display: 'Not for resuscitation', text: 'DNR' };
