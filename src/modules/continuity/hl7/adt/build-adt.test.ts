import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifelineError } from '../../../../kernel/errors.js';
import type { CensusEvent, KitLocation } from '../../types.js';
import { parseHl7 } from '../er7/parse.js';
import { hl7TimeToIso } from '../er7/time.js';
import { buildAdt } from './build-adt.js';
import { adtToCensusEvent } from './to-census.js';
import { ADT_TRIGGERS } from './triggers.js';

const options = {
  sendingApplication: 'EHR-DOUBLE',
  sendingFacility: 'DEMO',
  now: new Date('2026-11-26T07:00:00Z'),
};

const transfer: CensusEvent = {
  kind: 'transfer',
  trigger: 'A02',
  messageControlId: 'T-1',
  at: '2026-11-26T14:02:00+01:00',
  patient: { mrn: 'M0045871', family: "D'Hondt & Zn", given: 'Jan', birthDate: '1952-03-17', gender: 'male' },
  location: { unit: 'ICU', room: '3', bed: '1' },
  priorLocation: { unit: 'CARDIO', room: '204', bed: 'B' },
  visitNumber: 'V1',
  patientClass: 'I',
};

describe('buildAdt', () => {
  it('writes an HL7 v2.5.1 ADT message with the structure of its event', () => {
    const message = parseHl7(buildAdt(transfer, { ...options, assigningAuthority: 'ZNA' }));
    expect(message.field('MSH-9')).toEqual([[['ADT'], ['A02'], ['ADT_A02']]]);
    expect(message.get('MSH-3')).toBe('EHR-DOUBLE');
    expect(message.get('MSH-7')).toBe('20261126070000+0000');
    expect(message.controlId).toBe('T-1');
    expect(message.get('MSH-12')).toBe('2.5.1');
    expect(message.get('EVN-2')).toBe('20261126140200+0100');
    expect(message.get('PID-3.4')).toBe('ZNA');
    expect(message.get('PID-3.5')).toBe('MR');
    expect(message.get('PID-5.1')).toBe("D'Hondt & Zn");
    expect(message.get('PID-8')).toBe('M');
    expect(message.get('PV1-3.1')).toBe('ICU');
    expect(message.get('PV1-6.3')).toBe('B');
    expect(message.get('PV1-19')).toBe('V1');
    expect(
      parseHl7(buildAdt({ ...transfer, trigger: 'A13', kind: 'cancel-discharge' }, options)).get('MSH-9.3'),
    ).toBe('ADT_A01');
  });

  it('uses a given control id and character set', () => {
    const message = parseHl7(buildAdt(transfer, { ...options, controlId: 'OTHER', charset: '8859/1' }));
    expect(message.controlId).toBe('OTHER');
    expect(message.get('MSH-18')).toBe('8859/1');
  });

  it('refuses events it cannot write', () => {
    expect(() => buildAdt({ ...transfer, kind: 'admit' }, options)).toThrow(LifelineError);
    expect(() => buildAdt({ ...transfer, patient: { ...transfer.patient, mrn: '' } }, options)).toThrow(
      LifelineError,
    );
    expect(() => buildAdt({ ...transfer, at: 'yesterday' }, options)).toThrow(LifelineError);
    expect(() =>
      buildAdt({ ...transfer, patient: { ...transfer.patient, birthDate: '3/17/52' } }, options),
    ).toThrow(LifelineError);
  });

  it('property: buildAdt → parse → adtToCensusEvent gives the event back', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
    const place: fc.Arbitrary<KitLocation> = fc.record({
      unit: text,
      room: fc.option(text, { nil: null }),
      bed: fc.option(text, { nil: null }),
    });
    const stamp = fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2090-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .chain((date) =>
        fc
          .constantFrom('+0000', '+0100', '-0530')
          .map((offset) =>
            hl7TimeToIso(date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + offset, 'at'),
          ),
      );
    const event: fc.Arbitrary<CensusEvent> = fc
      .record({
        trigger: fc.constantFrom(...(Object.keys(ADT_TRIGGERS) as CensusEvent['trigger'][])),
        messageControlId: fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
        at: stamp,
        patient: fc.record({
          mrn: text,
          family: fc.string({ unit: 'grapheme', maxLength: 20 }),
          given: fc.string({ unit: 'grapheme', maxLength: 20 }),
          birthDate: fc.option(fc.constantFrom('1952-03-17', '1988-07', '2001'), { nil: null }),
          gender: fc.option(fc.constantFrom('male', 'female', 'other', 'unknown'), { nil: null }),
        }),
        location: fc.option(place, { nil: null }),
        priorLocation: fc.option(place, { nil: null }),
        visitNumber: fc.option(text, { nil: null }),
        patientClass: fc.option(fc.constantFrom('I', 'O', 'E'), { nil: null }),
      })
      .filter((e) => e.trigger !== 'A02' || e.location !== null)
      .map((e) => ({
        ...e,
        kind: ADT_TRIGGERS[e.trigger].kind,
        // A discharge has no current location by definition; its prior location is the place left.
        location: e.trigger === 'A03' ? null : e.location,
      }));
    fc.assert(
      fc.property(event, (input) => {
        expect(adtToCensusEvent(parseHl7(buildAdt(input, options)))).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });
});
