import { describe, expect, it } from 'vitest';
import { SUBJECT, medicationRequest, patient } from '../fixtures.testkit.js';
import type { FhirResource } from '../resource.js';
import { PLANNED_LINES_PER_ORDER } from './mar.js';
import { projectPatient } from './project.js';

const now = new Date('2026-11-26T09:30:00Z');

function administration(
  id: string,
  status: string,
  at: string,
  overrides: Record<string, unknown> = {},
): FhirResource {
  return {
    resourceType: 'MedicationAdministration',
    id,
    status,
    medicationCodeableConcept: { text: 'Amoxicillin 500 mg capsule' },
    subject: SUBJECT,
    effectiveDateTime: at,
    request: { reference: 'MedicationRequest/order1' },
    performer: [{ actor: { display: 'Nurse A' } }],
    dosage: { dose: { value: 500, unit: 'mg' }, route: { text: 'oral' } },
    ...overrides,
  };
}

describe('medication administration record', () => {
  it('shows the last 24 hours as recorded and the next 24 hours as planned, by time', () => {
    const kit = projectPatient(
      [
        patient(),
        medicationRequest(),
        administration('given', 'completed', '2026-11-26T08:00:00Z'),
        administration('missed', 'not-done', '2026-11-26T00:00:00Z'),
        administration('too-old', 'completed', '2026-11-25T08:00:00Z'),
        administration('error', 'entered-in-error', '2026-11-26T07:00:00Z'),
      ],
      { now },
    );
    expect(kit.mar.map((line) => [line.status, line.at])).toEqual([
      ['not-given', '2026-11-26T00:00:00Z'],
      ['given', '2026-11-26T08:00:00Z'],
      ['planned', '2026-11-26T16:00:00.000Z'],
      ['planned', '2026-11-27T00:00:00.000Z'],
      ['planned', '2026-11-27T08:00:00.000Z'],
    ]);
    expect(kit.mar[1]).toEqual({
      orderId: 'order1',
      medication: { text: 'Amoxicillin 500 mg capsule' },
      dose: '500 mg',
      route: 'oral',
      status: 'given',
      at: '2026-11-26T08:00:00Z',
      by: 'Nurse A',
    });
    expect(kit.mar[2]).toMatchObject({ orderId: 'order1', dose: '500 mg', route: 'oral', by: null });
  });

  it('plans only active scheduled orders and caps lines per order', () => {
    const hourly = { timing: { repeat: { frequency: 1, period: 30, periodUnit: 'min' } } };
    const kit = projectPatient(
      [
        patient(),
        medicationRequest({ id: 'stopped', status: 'stopped' }),
        medicationRequest({ id: 'prn', dosageInstruction: [{ ...hourly, asNeededBoolean: true }] }),
        medicationRequest({ id: 'often', dosageInstruction: [hourly] }),
      ],
      { now },
    );
    expect(kit.mar).toHaveLength(PLANNED_LINES_PER_ORDER);
    expect(new Set(kit.mar.map((line) => line.orderId))).toEqual(new Set(['often']));
  });
});
