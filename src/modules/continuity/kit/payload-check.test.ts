import { describe, expect, it } from 'vitest';
import { samplePayload } from './kit.testkit.js';
import { parsePayload } from './payload-check.js';

describe('parsePayload', () => {
  it('puts back what a compact record left out, and keeps what it carries', () => {
    const payload = samplePayload();
    const compact = {
      ...payload,
      patients: [{ id: 'walk-in', family: 'Maes', allergies: [{ id: 'a1', substance: { text: 'Latex' } }] }],
    };
    const [patient] = parsePayload(JSON.stringify(compact)).patients;
    expect(patient).toMatchObject({
      id: 'walk-in',
      family: 'Maes',
      given: '',
      mrn: null,
      location: null,
      codeStatus: null,
      problems: [],
      mar: [],
      vitals: [],
      allergies: [{ id: 'a1', substance: { text: 'Latex' } }],
    });
  });

  it('still refuses a patient without an id', () => {
    const payload = { ...samplePayload(), patients: [{ family: 'Maes' }] };
    expect(() => parsePayload(JSON.stringify(payload))).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_PAYLOAD_INVALID' }),
    );
  });
});
