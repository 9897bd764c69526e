import { describe, expect, it } from 'vitest';
import { LifelineError } from '../../../../kernel/errors.js';
import { parseHl7 } from '../er7/parse.js';
import {
  ADMIT_A01,
  CANCEL_ADMIT_A11,
  CANCEL_DISCHARGE_A13,
  CANCEL_TRANSFER_A12,
  DISCHARGE_A03,
  LATIN1_A01,
  REGISTER_A04,
  TRANSFER_A02,
  UPDATE_A08,
  hl7,
} from '../testing/adt-samples.testkit.js';
import { adtToCensusEvent } from './to-census.js';

function failure(text: string): LifelineError {
  try {
    adtToCensusEvent(parseHl7(text));
  } catch (error) {
    if (error instanceof LifelineError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('adtToCensusEvent', () => {
  it('reads an admission', () => {
    expect(adtToCensusEvent(parseHl7(ADMIT_A01))).toEqual({
      kind: 'admit',
      trigger: 'A01',
      messageControlId: 'MSG00001',
      // EVN-6, when it happened, wins over EVN-2, when it was keyed in, which orders events.
      at: '2026-11-26T08:10:00+01:00',
      recordedAt: '2026-11-26T08:15:00+01:00',
      patient: { mrn: 'M0045871', family: 'Peeters', given: 'Jan', birthDate: '1952-03-17', gender: 'male' },
      location: { unit: 'CARDIO', room: '204', bed: 'B' },
      priorLocation: null,
      visitNumber: 'V20261126-7',
      patientClass: 'I',
    });
  });

  it('reads a transfer with its prior location', () => {
    const event = adtToCensusEvent(parseHl7(TRANSFER_A02));
    expect(event).toMatchObject({
      kind: 'transfer',
      at: '2026-11-26T14:02:00+01:00',
      location: { unit: 'ICU', room: '3', bed: '1' },
      priorLocation: { unit: 'CARDIO', room: '204', bed: 'B' },
    });
  });

  it('gives a discharge no current location and keeps where the patient left from', () => {
    const event = adtToCensusEvent(parseHl7(DISCHARGE_A03));
    expect(event).toMatchObject({ kind: 'discharge', location: null, at: '2026-11-28T10:15:00Z' });
    expect(event.priorLocation).toEqual({ unit: 'ICU', room: '3', bed: '1' });
  });

  it('reads registrations, updates and the three cancellations', () => {
    const register = adtToCensusEvent(parseHl7(REGISTER_A04));
    expect(register).toMatchObject({ kind: 'register', patientClass: 'E', at: '2026-11-26T19:30:00Z' });
    expect(register.location).toEqual({ unit: 'SEH', room: 'BOX2', bed: null });
    expect(register.patient).toMatchObject({ family: 'Janssens', given: 'Marie-Louise', gender: 'female' });
    expect(adtToCensusEvent(parseHl7(UPDATE_A08)).patient.given).toBe('Jan Karel');
    expect(adtToCensusEvent(parseHl7(CANCEL_ADMIT_A11)).kind).toBe('cancel-admit');
    expect(adtToCensusEvent(parseHl7(CANCEL_TRANSFER_A12))).toMatchObject({
      kind: 'cancel-transfer',
      location: { unit: 'CARDIO', room: '204', bed: 'B' },
      priorLocation: { unit: 'ICU', room: '3', bed: '1' },
    });
    expect(adtToCensusEvent(parseHl7(CANCEL_DISCHARGE_A13))).toMatchObject({
      kind: 'cancel-discharge',
      location: null,
    });
  });

  it('reads a Latin-1 message with accented names', () => {
    const event = adtToCensusEvent(parseHl7(LATIN1_A01));
    expect(event.patient).toMatchObject({ family: 'Lefèvre', given: 'Amélie' });
    expect(event.location?.unit).toBe('GÉRIATRIE');
  });

  it('takes the MR identifier, else the first; the legal name, else the first', () => {
    const base = 'MSH|^~\\&|A|B|C|D|20260101120000||ADT^A08^ADT_A01|X1|P|2.5.1';
    const first = adtToCensusEvent(
      parseHl7(hl7(base, 'PID|1||~NI-1^^^^NI~PI-2^^^^PI||Alias^Al^^^^^A~Real^Rita^^^^^L')),
    );
    expect(first.patient.mrn).toBe('NI-1');
    expect(first.patient.family).toBe('Real');
    expect(adtToCensusEvent(parseHl7(hl7(base, 'PID|1||NI-1^^^^NI||Only^One'))).patient.family).toBe('Only');
  });

  it('maps HL7 administrative sex to FHIR gender', () => {
    const base = 'MSH|^~\\&|A|B|C|D|20260101120000||ADT^A08^ADT_A01|X1|P|2.5.1';
    const gender = (code: string) =>
      adtToCensusEvent(parseHl7(hl7(base, `PID|1||M1^^^^MR||Doe^Jo||19900101|${code}`))).patient.gender;
    expect([
      gender('M'),
      gender('F'),
      gender('O'),
      gender('U'),
      gender('A'),
      gender('N'),
      gender(''),
    ]).toEqual(['male', 'female', 'other', 'unknown', 'other', 'unknown', null]);
  });

  it('falls back from EVN-6 to EVN-2 to MSH-7 and to the trigger in EVN-1', () => {
    const message = hl7('MSH|^~\\&|A|B|C|D|20260101120000+0200||ADT|X1|P|2.3', 'EVN|A03', 'PID|1||M1^^^^MR');
    const event = adtToCensusEvent(parseHl7(message));
    expect(event).toMatchObject({ trigger: 'A03', at: '2026-01-01T12:00:00+02:00', location: null });
    expect(event.visitNumber).toBeNull();
    expect(event.patientClass).toBeNull();
  });

  it.each([
    [
      'a lab result',
      'MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5.1\rPID|1||M1^^^^MR\r',
      'CONTINUITY_HL7_UNSUPPORTED',
    ],
    [
      'a merge',
      'MSH|^~\\&|A|B|C|D|20260101||ADT^A40|1|P|2.5.1\rPID|1||M1^^^^MR\r',
      'CONTINUITY_HL7_UNSUPPORTED',
    ],
    [
      'no control id',
      'MSH|^~\\&|A|B|C|D|20260101||ADT^A01||P|2.5.1\rPID|1||M1^^^^MR\r',
      'CONTINUITY_HL7_FIELD_MISSING',
    ],
    ['no PID', 'MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5.1\rPV1|1|I\r', 'CONTINUITY_HL7_FIELD_MISSING'],
    [
      'an empty PID-3',
      'MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5.1\rPID|1||""||Doe\r',
      'CONTINUITY_HL7_FIELD_MISSING',
    ],
    [
      'a transfer to nowhere',
      'MSH|^~\\&|A|B|C|D|20260101||ADT^A02|1|P|2.5.1\rPID|1||M1^^^^MR\rPV1|1|I\r',
      'CONTINUITY_HL7_FIELD_MISSING',
    ],
    [
      'no time at all',
      'MSH|^~\\&|A|B|C|D|||ADT^A01|1|P|2.5.1\rPID|1||M1^^^^MR\r',
      'CONTINUITY_HL7_FIELD_MISSING',
    ],
    [
      'a bad event time',
      'MSH|^~\\&|A|B|C|D|20261399||ADT^A01|1|P|2.5.1\rPID|1||M1^^^^MR\r',
      'CONTINUITY_HL7_FIELD_INVALID',
    ],
  ])('refuses %s', (_label, text, code) => {
    expect(failure(text).code).toBe(code);
  });

  it('names the field of a bad birth date without quoting it', () => {
    const error = failure(ADMIT_A01.replace('19520317', '17-03-1952'));
    expect(error.code).toBe('CONTINUITY_HL7_FIELD_INVALID');
    expect(error.details).toEqual({ field: 'PID-7' });
    expect(`${error.message}${JSON.stringify(error.details)}`).not.toMatch(/1952|Peeters|M0045871/);
  });
});
