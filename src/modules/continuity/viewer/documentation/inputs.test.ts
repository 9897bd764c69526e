import { describe, expect, it } from 'vitest';
import { entrySummary } from './summary.js';
import { checkAdmission, checkMedication, checkNote, checkVitals, type EntryContext } from './inputs.js';

const now = new Date(2026, 10, 26, 9, 0);
let counter = 0;
const context: EntryContext = { by: 'AB', now, newUuid: () => `uuid-${(counter += 1)}` };
const subject = { kind: 'kit' as const, patientId: 'p1' };

describe('checkVitals', () => {
  it('accepts plausible values, commas as decimal marks, and leaves empty fields out', () => {
    const checked = checkVitals(
      {
        at: '2026-11-26T08:55',
        values: { 'heart-rate': '88', temperature: '37,5', systolic: '120', diastolic: '80', spo2: '' },
      },
      subject,
      context,
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.entry.readings.map((reading) => reading.vital)).toEqual([
      'heart-rate',
      'temperature',
      'blood-pressure',
    ]);
    expect(checked.entry.readings[1]).toMatchObject({ value: 37.5 });
    expect(checked.entry.id).toBe(checked.entry.readings[0]!.uuid);
    expect(checked.entry.at).toBe(new Date(2026, 10, 26, 8, 55).toISOString());
    expect(entrySummary(checked.entry)).toContain('HR 88 /min, T 37.5 °C, BP 120/80 mmHg');
  });

  it('refuses implausible values, half a blood pressure, nothing at all, and the future', () => {
    const problems = (values: Record<string, string>, at = '2026-11-26T08:55') => {
      const checked = checkVitals({ at, values }, subject, context);
      return checked.ok ? [] : checked.problems;
    };
    expect(problems({ 'heart-rate': '880' })).toEqual([
      { field: 'heart-rate', problem: 'range', min: 10, max: 300 },
    ]);
    expect(problems({ 'heart-rate': 'fast' })).toEqual([
      { field: 'heart-rate', problem: 'range', min: 10, max: 300 },
    ]);
    expect(problems({ systolic: '120' })).toEqual([{ field: 'systolic', problem: 'bloodPressure' }]);
    expect(problems({ systolic: '80', diastolic: '120' })).toEqual([
      { field: 'systolic', problem: 'bloodPressure' },
    ]);
    expect(problems({})).toEqual([{ field: 'heart-rate', problem: 'nothing' }]);
    expect(problems({ 'heart-rate': '80' }, '2026-11-26T10:00')).toEqual([{ field: 'at', problem: 'time' }]);
    expect(problems({ 'heart-rate': '80' }, 'yesterday')).toEqual([{ field: 'at', problem: 'time' }]);
  });
});

describe('checkNote and checkMedication', () => {
  it('needs note text', () => {
    expect(checkNote({ at: '2026-11-26T08:55', text: '  ' }, subject, context)).toEqual({
      ok: false,
      problems: [{ field: 'text', problem: 'text' }],
    });
    const checked = checkNote({ at: '2026-11-26T08:55', text: ' Stable. ' }, subject, context);
    expect(checked.ok && checked.entry.text).toBe('Stable.');
  });

  it('keeps a reason only for a dose not given, and needs a medication name', () => {
    const base = {
      at: '2026-11-26T08:55',
      medication: { text: 'Ceftriaxone' },
      orderId: 'rx',
      plannedAt: null,
      dosage: '1 g',
      reason: 'vomiting',
    };
    const given = checkMedication({ ...base, given: true }, subject, context);
    expect(given.ok && given.entry.reason).toBeNull();
    const refused = checkMedication({ ...base, given: false }, subject, context);
    expect(refused.ok && refused.entry.reason).toBe('vomiting');
    expect(checkMedication({ ...base, given: true, medication: { text: ' ' } }, subject, context).ok).toBe(
      false,
    );
  });
});

describe('checkAdmission', () => {
  const base = {
    at: '2026-11-26T08:30',
    family: 'Nieuw',
    given: 'Noor',
    birthDate: '1990-01-02',
    gender: 'female',
    location: { unit: 'ICU', room: '', bed: '3' },
  };

  it('builds the admission with the downtime id given once valid', () => {
    const checked = checkAdmission(base, context);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const entry = checked.build('DT-7');
    expect(entry).toMatchObject({
      downtimeId: 'DT-7',
      family: 'Nieuw',
      location: { unit: 'ICU', room: null, bed: '3' },
      gender: 'female',
    });
    expect(entry.id).toBe(entry.patientUuid);
    expect(entry.encounterUuid).not.toBe(entry.patientUuid);
  });

  it('needs a family name, a unit and a real past birth date', () => {
    const problems = (input: typeof base) => {
      const checked = checkAdmission(input, context);
      return checked.ok ? [] : checked.problems.map((problem) => problem.problem);
    };
    expect(problems({ ...base, family: '' })).toEqual(['family']);
    expect(problems({ ...base, location: { ...base.location, unit: '' } })).toEqual(['unit']);
    expect(problems({ ...base, birthDate: '1990-02-30' })).toEqual(['birthDate']);
    expect(problems({ ...base, birthDate: '2030-01-01' })).toEqual(['birthDate']);
    expect(problems({ ...base, birthDate: '' })).toEqual([]);
  });
});
