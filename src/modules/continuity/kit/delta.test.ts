import { describe, expect, it } from 'vitest';
import { applyDelta, applyDeltaChain } from './delta.js';
import { samplePatient, samplePayload } from './kit.testkit.js';

const full = samplePayload({
  kitId: 'full-1',
  patients: [samplePatient('p1'), samplePatient('p2'), samplePatient('p3')],
});
const delta = (kitId: string, baseKitId: string, dataAsOf: string, extra: object = {}) =>
  samplePayload({
    kitId,
    kind: 'delta',
    baseKitId,
    dataAsOf,
    builtAt: dataAsOf,
    patients: [],
    downtimeIds: [`DT-${kitId}`],
    units: [{ name: 'ICU', beds: [`bed-${kitId}`] }],
    ...extra,
  });

describe('applyDelta', () => {
  it('upserts changed and new patients, removes the departed, takes the newer metadata', () => {
    const changed = samplePatient('p2', { codeStatus: 'DNR' });
    const result = applyDelta(
      full,
      delta('d-1', 'full-1', '2026-11-26T08:01:00Z', {
        patients: [changed, samplePatient('p4')],
        removedPatientIds: ['p1'],
      }),
    );
    expect(result.patients.map((patient) => patient.id)).toEqual(['p2', 'p3', 'p4']);
    expect(result.patients[0]?.codeStatus).toBe('DNR');
    expect(result).toMatchObject({
      kitId: 'd-1',
      kind: 'full',
      baseKitId: null,
      dataAsOf: '2026-11-26T08:01:00Z',
      removedPatientIds: [],
      downtimeIds: ['DT-d-1'],
      units: [{ name: 'ICU', beds: ['bed-d-1'] }],
    });
    expect(full.patients).toHaveLength(3);
  });

  it('removes a patient the delta both lists and removes', () => {
    const result = applyDelta(
      full,
      delta('d-1', 'full-1', '2026-11-26T08:01:00Z', {
        patients: [samplePatient('p3')],
        removedPatientIds: ['p3'],
      }),
    );
    expect(result.patients.map((patient) => patient.id)).toEqual(['p1', 'p2']);
  });

  it('keeps the newer data time when a delta is older than its base', () => {
    const result = applyDelta(full, delta('d-1', 'full-1', '2026-11-26T07:00:00Z'));
    expect(result.dataAsOf).toBe(full.dataAsOf);
    expect(result.downtimeIds).toEqual(full.downtimeIds);
  });

  it('refuses a delta built on another kit, of another scope, or a full kit given as delta', () => {
    expect(() => applyDelta(full, delta('d-1', 'full-0', '2026-11-26T08:01:00Z'))).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_DELTA_MISMATCH' }),
    );
    expect(() =>
      applyDelta(
        full,
        delta('d-1', 'full-1', '2026-11-26T08:01:00Z', { scope: { kind: 'unit', unit: 'ER' } }),
      ),
    ).toThrow(expect.objectContaining({ code: 'CONTINUITY_KIT_DELTA_MISMATCH' }));
    expect(() => applyDelta(full, samplePayload({ kitId: 'f-2' }))).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_DELTA_MISMATCH' }),
    );
    const asDelta = delta('d-1', 'full-1', '2026-11-26T08:01:00Z');
    expect(() => applyDelta(asDelta, delta('d-2', 'd-1', '2026-11-26T08:02:00Z'))).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_DELTA_MISMATCH' }),
    );
  });
});

describe('applyDeltaChain', () => {
  it('follows a chain where each delta names the previous one', () => {
    const result = applyDeltaChain(full, [
      delta('d-1', 'full-1', '2026-11-26T08:01:00Z', { patients: [samplePatient('p5')] }),
      delta('d-2', 'd-1', '2026-11-26T08:02:00Z', { removedPatientIds: ['p5', 'p1'] }),
    ]);
    expect(result.kitId).toBe('d-2');
    expect(result.patients.map((patient) => patient.id)).toEqual(['p2', 'p3']);
  });

  it('lets a cumulative delta on the full kit replace the earlier ones', () => {
    const result = applyDeltaChain(full, [
      delta('d-1', 'full-1', '2026-11-26T08:01:00Z', { patients: [samplePatient('p5')] }),
      delta('d-2', 'full-1', '2026-11-26T08:02:00Z', { patients: [samplePatient('p6')] }),
    ]);
    expect(result.patients.map((patient) => patient.id)).toEqual(['p1', 'p2', 'p3', 'p6']);
  });

  it('refuses a chain with a missing link', () => {
    expect(() =>
      applyDeltaChain(full, [
        delta('d-1', 'full-1', '2026-11-26T08:01:00Z'),
        delta('d-3', 'd-2', '2026-11-26T08:03:00Z'),
      ]),
    ).toThrow(expect.objectContaining({ code: 'CONTINUITY_KIT_DELTA_MISMATCH' }));
  });

  it('returns the full kit unchanged for no deltas', () => {
    expect(applyDeltaChain(full, [])).toBe(full);
  });
});
