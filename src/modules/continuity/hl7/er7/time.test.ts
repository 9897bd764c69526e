import { describe, expect, it } from 'vitest';
import { LifelineError } from '../../../../kernel/errors.js';
import { dateToHl7Time, hl7DateToIso, hl7TimeToIso, isoDateToHl7, isoToHl7Time } from './time.js';

describe('HL7 timestamps', () => {
  it.each([
    ['20261126083000+0100', '2026-11-26T08:30:00+01:00'],
    ['20261126083000-0500', '2026-11-26T08:30:00-05:00'],
    ['20261126083000+0000', '2026-11-26T08:30:00Z'],
    ['20261126083000', '2026-11-26T08:30:00Z'],
    ['202611260830', '2026-11-26T08:30:00Z'],
    ['20261126', '2026-11-26T00:00:00Z'],
    ['2026', '2026-01-01T00:00:00Z'],
    ['20261126083005.25+0100', '2026-11-26T08:30:05.25+01:00'],
  ])('reads %s as %s', (ts, iso) => {
    expect(hl7TimeToIso(ts, 'EVN-2')).toBe(iso);
  });

  it.each([
    '',
    '2026112',
    '20261326',
    '20260230',
    '20261126250000',
    '20261126083000+01',
    'yesterday',
    '20261126083000+1900',
  ])('refuses %j, naming the field only', (ts) => {
    try {
      hl7TimeToIso(ts, 'EVN-2');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LifelineError);
      expect((error as LifelineError).code).toBe('CONTINUITY_HL7_FIELD_INVALID');
      expect((error as LifelineError).details).toEqual({ field: 'EVN-2' });
    }
  });

  it('reads birth dates at their own precision', () => {
    expect(hl7DateToIso('19520317', 'PID-7')).toBe('1952-03-17');
    expect(hl7DateToIso('195203171200', 'PID-7')).toBe('1952-03-17');
    expect(hl7DateToIso('195203', 'PID-7')).toBe('1952-03');
    expect(hl7DateToIso('1952', 'PID-7')).toBe('1952');
  });

  it('writes ISO back as HL7, keeping the offset', () => {
    expect(isoToHl7Time('2026-11-26T08:30:00+01:00', 'at')).toBe('20261126083000+0100');
    expect(isoToHl7Time('2026-11-26T08:30:00Z', 'at')).toBe('20261126083000+0000');
    expect(isoToHl7Time('2026-11-26T08:30:05.123456Z', 'at')).toBe('20261126083005.1234+0000');
    expect(() => isoToHl7Time('2026-11-26 08:30', 'at')).toThrow(LifelineError);
    expect(isoDateToHl7('1952-03-17', 'birthDate')).toBe('19520317');
    expect(() => isoDateToHl7('17/03/1952', 'birthDate')).toThrow(LifelineError);
    expect(dateToHl7Time(new Date('2026-11-26T08:30:05.999Z'))).toBe('20261126083005+0000');
  });

  it('property-free round trip: ISO → HL7 → ISO', () => {
    for (const iso of ['2026-11-26T08:30:00+01:00', '2026-11-26T08:30:00Z', '1999-12-31T23:59:59-03:30']) {
      expect(hl7TimeToIso(isoToHl7Time(iso, 'at'), 'at')).toBe(iso);
    }
  });
});
