import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../../kernel/errors.js';
import {
  LOINC,
  SUBJECT,
  encounter,
  medicationRequest,
  observation,
  patient,
  vitalSign,
} from '../fixtures.testkit.js';
import type { FhirResource } from '../resource.js';
import { KIT_LIMITS } from './limits.js';
import { projectPatient } from './project.js';

const now = new Date('2026-11-26T09:30:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
const condition = (id: string, status: string, onset: string): FhirResource => ({
  resourceType: 'Condition',
  id,
  subject: SUBJECT,
  code: { text: `Condition ${id}` },
  clinicalStatus: { coding: [{ code: status }] },
  onsetDateTime: onset,
});

describe('projectPatient', () => {
  it('takes demographics from the Patient: the MR identifier and the official name', () => {
    const kit = projectPatient([patient()], { now });
    expect(kit).toMatchObject({
      id: 'p1',
      mrn: 'MRN-42',
      family: 'Peeters',
      given: 'Ann Marie',
      birthDate: '1950-03-04',
      gender: 'female',
      location: null,
      admittedAt: null,
      codeStatus: null,
    });
    const plain = projectPatient(
      [patient({ identifier: [{ value: 'NAT-1' }], name: [{ text: 'A. Peeters' }] })],
      { now },
    );
    expect([plain.mrn, plain.family, plain.given]).toEqual(['NAT-1', 'A. Peeters', '']);
  });

  it('lists current problems first, each group newest first, leaving out retracted ones', () => {
    const kit = projectPatient(
      [
        patient(),
        condition('old-active', 'active', '2001'),
        condition('resolved', 'resolved', '2020'),
        condition('new-active', 'active', '2019-05'),
        {
          ...condition('error', 'active', '2021'),
          verificationStatus: { coding: [{ code: 'entered-in-error' }] },
        },
      ],
      { now },
    );
    expect(kit.problems.map((problem) => problem.id)).toEqual(['new-active', 'old-active', 'resolved']);
    expect(kit.problems[0]).toEqual({
      id: 'new-active',
      code: { text: 'Condition new-active' },
      status: 'active',
      onset: '2019-05',
    });
  });

  it('keeps allergies with reactions, dropping refuted ones', () => {
    const allergy = (id: string, verification: string): FhirResource => ({
      resourceType: 'AllergyIntolerance',
      id,
      patient: SUBJECT,
      type: 'allergy',
      criticality: 'high',
      clinicalStatus: { coding: [{ code: 'active' }] },
      verificationStatus: { coding: [{ code: verification }] },
      code: { text: 'Penicillin' },
      reaction: [{ manifestation: [{ text: 'Hives' }, { text: 'Hives' }, { text: 'Wheeze' }] }],
    });
    const kit = projectPatient([patient(), allergy('a1', 'confirmed'), allergy('a2', 'refuted')], { now });
    expect(kit.allergies).toEqual([
      {
        id: 'a1',
        substance: { text: 'Penicillin' },
        type: 'allergy',
        criticality: 'high',
        reactions: ['Hives', 'Wheeze'],
        status: 'active',
      },
    ]);
  });

  it('lists medication statements and active orders, not stopped ones, naming referenced Medications', () => {
    const kit = projectPatient(
      [
        patient(),
        {
          resourceType: 'Medication',
          id: 'm1',
          code: { coding: [{ code: '108774000', display: 'Anastrozole' }] },
        },
        {
          resourceType: 'MedicationStatement',
          id: 's1',
          status: 'active',
          subject: SUBJECT,
          medicationReference: { reference: 'Medication/m1' },
          effectivePeriod: { start: '2015-03' },
          dosage: [
            { doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }], route: { text: 'oral' } },
          ],
        },
        medicationRequest(),
        medicationRequest({ id: 'stopped', status: 'stopped' }),
        medicationRequest({ id: 'plan', intent: 'plan' }),
      ],
      { now },
    );
    expect(kit.medications).toEqual([
      {
        id: 'order1',
        medication: { text: 'Amoxicillin 500 mg capsule' },
        dosage: '500 mg, oral, 3 times a day',
        status: 'active',
        kind: 'order',
        start: '2026-11-25T08:00:00Z',
      },
      {
        id: 's1',
        medication: { text: 'Anastrozole', code: '108774000' },
        dosage: '1 tablet, oral',
        status: 'active',
        kind: 'statement',
        start: '2015-03',
      },
    ]);
  });

  it('sorts observations into results and vital signs, newest first, with values and flags', () => {
    const kit = projectPatient(
      [
        patient(),
        observation({ id: 'old', effectiveDateTime: '2026-01-01T00:00:00Z' }),
        observation({
          id: 'new',
          interpretation: [{ coding: [{ system: 'urn:x', code: 'H' }] }],
          valueQuantity: { value: 11, unit: 'mmol/L' },
        }),
        observation({ id: 'panel', valueQuantity: undefined, hasMember: [{ reference: 'Observation/new' }] }),
        observation({ id: 'cancelled', status: 'cancelled' }),
        observation({ id: 'survey', category: [{ coding: [{ code: 'survey' }] }] }),
        vitalSign('hr', hoursAgo(2)),
        observation({
          id: 'ciel-temp',
          category: [{ coding: [{ code: 'survey' }] }],
          code: {
            coding: [{ system: LOINC, code: '5088AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
            text: 'TEMPERATURE',
          },
          effectiveDateTime: hoursAgo(1),
          valueQuantity: { value: 36.8, unit: 'C' },
        }),
      ],
      { now },
    );
    expect(kit.results.map((result) => [result.id, result.value, result.flag])).toEqual([
      ['new', '11 mmol/L', 'H'],
      ['old', '7.2 mmol/L', null],
    ]);
    expect(kit.vitals.map((vital) => [vital.id, vital.code.text, vital.value])).toEqual([
      ['ciel-temp', 'TEMPERATURE', '36.8 C'],
      ['hr', 'Heart rate', '72 /min'],
    ]);
  });

  it('bounds vital signs to the window, falling back to the newest few when none are recent', () => {
    const series = (count: number, startHoursAgo: number) =>
      Array.from({ length: count }, (_, index) => vitalSign(`v${index}`, hoursAgo(startHoursAgo + index)));
    const recent = projectPatient([patient(), ...series(80, 1)], { now });
    expect(recent.vitals).toHaveLength(KIT_LIMITS.vitals);
    expect(recent.vitals[0]?.id).toBe('v0');
    const narrow = projectPatient([patient(), ...series(80, 1)], { now, windowHours: 3 });
    expect(narrow.vitals.map((vital) => vital.id)).toEqual(['v0', 'v1', 'v2']);
    const stale = projectPatient([patient(), ...series(30, 500)], { now });
    expect(stale.vitals.map((vital) => vital.id)).toEqual(
      series(KIT_LIMITS.vitalsOutsideWindow, 500).map((v) => v.id),
    );
    const results = Array.from({ length: 30 }, (_, index) =>
      observation({ id: `r${index}`, effectiveDateTime: hoursAgo(index) }),
    );
    expect(projectPatient([patient(), ...results], { now }).results).toHaveLength(KIT_LIMITS.results);
  });

  it('places an inpatient from the in-progress Encounter unless the census says otherwise', () => {
    const resources = [
      patient(),
      encounter({ id: 'old', status: 'finished', location: [{ location: { display: 'Ward 1 / 1 / A' } }] }),
      encounter(),
    ];
    const kit = projectPatient(resources, { now });
    expect(kit.location).toEqual({ unit: 'ICU', room: '12', bed: 'B' });
    expect(kit.admittedAt).toBe('2026-11-24T10:00:00Z');
    const census = { unit: 'CCU', room: '3', bed: null };
    expect(projectPatient(resources, { now, location: census }).location).toEqual(census);
    expect(projectPatient(resources, { now, location: null }).location).toBeNull();
    const unitOnly = projectPatient(
      [patient(), encounter({ location: [{ location: { display: 'ICU/CCU' } }] })],
      { now },
    );
    expect(unitOnly.location).toEqual({ unit: 'ICU/CCU', room: null, bed: null });
  });

  it('reads code status from a CPR order or an advance directive observation, newest first', () => {
    const order: FhirResource = {
      resourceType: 'ServiceRequest',
      id: 'dnr',
      status: 'active',
      intent: 'directive',
      subject: SUBJECT,
      category: [{ coding: [{ system: LOINC, code: '100822-6' }] }],
      code: { text: 'No CPR: Do Not Attempt Resuscitation' },
      authoredOn: '2026-11-20',
    };
    const directive = observation({
      id: 'ad',
      category: undefined,
      code: { coding: [{ system: 'http://snomed.info/sct', code: '304251008' }] },
      valueQuantity: undefined,
      valueCodeableConcept: { coding: [{ code: '304252001', display: 'For resuscitation' }] },
      effectiveDateTime: '2025-01-01',
    });
    expect(projectPatient([patient(), directive, order], { now }).codeStatus).toBe(
      'No CPR: Do Not Attempt Resuscitation',
    );
    expect(projectPatient([patient(), directive, { ...order, status: 'revoked' }], { now }).codeStatus).toBe(
      'For resuscitation',
    );
  });

  it('keeps future appointments soonest first and reports the newest recorded time', () => {
    const appointment = (id: string, start: string, status = 'booked'): FhirResource => ({
      resourceType: 'Appointment',
      id,
      status,
      start,
      description: `Visit ${id}`,
      participant: [
        { actor: { reference: 'Patient/p1' } },
        { actor: { reference: 'Location/l1', display: 'Clinic 2' } },
      ],
    });
    const kit = projectPatient(
      [
        patient({ meta: { lastUpdated: '2026-11-20T00:00:00Z' } }),
        appointment('later', '2026-12-24T09:00:00Z'),
        appointment('past', '2026-11-01T09:00:00Z'),
        appointment('soon', '2026-11-27T09:00:00Z'),
        appointment('cancelled', '2026-11-28T09:00:00Z', 'cancelled'),
        observation(),
      ],
      { now },
    );
    expect(kit.appointments.map((item) => [item.id, item.location])).toEqual([
      ['soon', 'Clinic 2'],
      ['later', 'Clinic 2'],
    ]);
    expect(kit.updatedAt).toBe('2026-11-26T06:00:00Z');
  });

  it('ignores resources about another patient and refuses inputs without exactly one Patient', () => {
    const kit = projectPatient(
      [patient(), observation({ id: 'theirs', subject: { reference: 'Patient/p2' } })],
      { now },
    );
    expect(kit.results).toEqual([]);
    const codeOf = (resources: FhirResource[]) => {
      try {
        projectPatient(resources, { now });
      } catch (error) {
        return isLifelineError(error) ? [error.code, error.message] : error;
      }
      return 'no error';
    };
    expect(codeOf([observation()])).toEqual([
      'CONTINUITY_FHIR_PATIENT_MISSING',
      'The resources hold no Patient with an id',
    ]);
    expect(codeOf([patient(), patient({ id: 'p2' })])).toEqual([
      'CONTINUITY_FHIR_PATIENT_AMBIGUOUS',
      'The resources hold more than one Patient',
    ]);
    expect(projectPatient([patient(), patient()], { now }).id).toBe('p1');
  });
});
