import { describe, expect, it } from 'vitest';
import type { FhirResource } from '../resource.js';
import { currentStay } from './location.js';

const TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
const place = (display: string, code: string, status = 'active') => ({
  location: { reference: `Location/${code}`, display },
  status,
  physicalType: { coding: [{ system: TYPE, code }] },
});
const stay = (location: unknown[], start = '2026-11-25T10:00:00Z'): FhirResource => ({
  resourceType: 'Encounter',
  status: 'in-progress',
  period: { start },
  location,
});

describe('currentStay', () => {
  it('reads ward, room and bed from locations marked by physical type', () => {
    const encounter = stay([place('ICU', 'wa'), place('Room 3', 'ro'), place('Bed 3B', 'bd')]);
    expect(currentStay([encounter])).toEqual({
      location: { unit: 'ICU', room: 'Room 3', bed: 'Bed 3B' },
      admittedAt: '2026-11-25T10:00:00Z',
    });
  });

  it('ignores a bed the patient has left and falls back to the "unit / room / bed" display', () => {
    const moved = stay([place('ICU', 'wa'), place('Bed 1A', 'bd', 'completed'), place('Bed 2A', 'bd')]);
    expect(currentStay([moved]).location).toEqual({ unit: 'ICU', room: null, bed: 'Bed 2A' });
    const plain = stay([{ location: { display: 'CCU / 4 / B' }, status: 'active' }]);
    expect(currentStay([plain]).location).toEqual({ unit: 'CCU', room: '4', bed: 'B' });
  });

  it('takes the newest of two open stays and none when every stay has ended', () => {
    const older = stay([place('ER', 'wa')], '2026-11-20T10:00:00Z');
    const newer = stay([place('3 North', 'wa')], '2026-11-25T10:00:00Z');
    expect(currentStay([newer, older]).location?.unit).toBe('3 North');
    expect(currentStay([{ ...newer, status: 'finished' }]).location).toBeNull();
  });
});
