import { describe, expect, it } from 'vitest';
import { LOINC, observation } from '../fixtures.testkit.js';
import { dosageText, timingText } from './dosage-text.js';
import { interpretationFlag, observationValue } from './values.js';
import { kitCode } from './concept.js';

describe('observation values', () => {
  it('formats each value[x] as a clinician reads it', () => {
    const value = (element: Record<string, unknown>) =>
      observationValue(observation({ valueQuantity: undefined, ...element }));
    expect(value({ valueQuantity: { value: 7.2, unit: 'mmol/L' } })).toBe('7.2 mmol/L');
    expect(value({ valueQuantity: { value: 5, comparator: '<', code: 'mg/L' } })).toBe('<5 mg/L');
    expect(value({ valueCodeableConcept: { coding: [{ code: '10828004', display: 'Positive' }] } })).toBe(
      'Positive',
    );
    expect(value({ valueString: 'see report' })).toBe('see report');
    expect(value({ valueBoolean: false })).toBe('no');
    expect(value({ valueRange: { low: { value: 1, unit: 'g' }, high: { value: 2, unit: 'g' } } })).toBe(
      '1 g – 2 g',
    );
    expect(value({ dataAbsentReason: { text: 'Not performed' } })).toBe('no value (Not performed)');
    expect(value({ hasMember: [{ reference: 'Observation/x' }] })).toBeUndefined();
  });

  it('shows a blood pressure panel as systolic/diastolic', () => {
    const component = (code: string, value: number) => ({
      code: { coding: [{ system: LOINC, code }] },
      valueQuantity: { value, unit: 'mmHg', code: 'mm[Hg]' },
    });
    const pressure = observation({
      valueQuantity: undefined,
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      component: [component('8462-4', 80), component('8480-6', 120)],
    });
    expect(observationValue(pressure)).toBe('120/80 mmHg');
    const other = observation({
      valueQuantity: undefined,
      component: [
        { code: { text: 'Left' }, valueQuantity: { value: 3, unit: 'mm' } },
        { code: { text: 'Right' } },
      ],
    });
    expect(observationValue(other)).toBe('Left: 3 mm');
  });

  it('takes the HL7 interpretation code as the flag', () => {
    const v3 = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
    const flagged = (interpretation: unknown) => interpretationFlag(observation({ interpretation }));
    expect(
      flagged([
        {
          coding: [
            { system: 'urn:local', code: 'HIGH' },
            { system: v3, code: 'H' },
          ],
        },
      ]),
    ).toBe('H');
    expect(flagged([{ coding: [{ system: 'urn:local', code: 'HIGH' }] }])).toBe('HIGH');
    expect(flagged([{ text: 'abnormal' }])).toBe('abnormal');
    expect(flagged(undefined)).toBeNull();
  });

  it('prefers CodeableConcept.text, then a display, then the code', () => {
    expect(
      kitCode({ text: 'Sugar', coding: [{ system: LOINC, code: '1', display: 'Glucose' }] }, '?'),
    ).toEqual({
      text: 'Sugar',
      system: LOINC,
      code: '1',
    });
    expect(kitCode({ coding: [{ code: '1' }, { code: '2', display: 'Glucose' }] }, '?').text).toBe('Glucose');
    expect(kitCode({ coding: [{ code: '1' }] }, '?')).toEqual({ text: '1', code: '1' });
    expect(kitCode('junk', 'Not coded')).toEqual({ text: 'Not coded' });
  });
});

describe('dosage text', () => {
  it('puts dose, route, timing and as-needed into one line, preferring the prescriber’s text', () => {
    expect(
      dosageText([
        {
          doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg' } }],
          route: { text: 'oral' },
          timing: { repeat: { frequency: 1, period: 8, periodUnit: 'h' } },
        },
      ]),
    ).toBe('500 mg, oral, every 8 hours');
    expect(dosageText([{ text: '40 mg/day', timing: { repeat: { frequency: 1 } } }])).toBe('40 mg/day');
    expect(
      dosageText([
        { asNeededBoolean: true, doseAndRate: [{ doseRange: { low: { value: 1 }, high: { value: 2 } } }] },
      ]),
    ).toBe('1 – 2, as needed');
    expect(dosageText([])).toBeNull();
  });

  it('describes timings in words', () => {
    expect(timingText({ repeat: { frequency: 3, period: 1, periodUnit: 'd' } })).toBe('3 times a day');
    expect(timingText({ repeat: { frequency: 2, period: 3, periodUnit: 'd' } })).toBe('2 times every 3 days');
    expect(timingText({ repeat: { timeOfDay: ['08:00:00', '20:00:00'] } })).toBe('at 08:00, 20:00');
    expect(timingText({ repeat: { when: ['MORN', 'HS'] } })).toBe('in the morning at bedtime');
    expect(timingText({ code: { text: 'BID' } })).toBe('BID');
    expect(timingText({ repeat: { count: 1, periodUnit: 'd' } })).toBeUndefined();
  });
});
