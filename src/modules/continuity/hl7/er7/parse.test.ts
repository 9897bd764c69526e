import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLifelineError, LifelineError } from '../../../../kernel/errors.js';
import { ADMIT_A01, hl7 } from '../testing/adt-samples.testkit.js';
import { parseHl7 } from './parse.js';

function failure(text: string): LifelineError {
  try {
    parseHl7(text);
  } catch (error) {
    if (error instanceof LifelineError) return error;
    throw error;
  }
  throw new Error('parsed although malformed');
}

describe('parseHl7', () => {
  it('reads fields, components, repetitions and subcomponents by HL7 position', () => {
    const message = parseHl7(ADMIT_A01);
    expect(message.segments().map((segment) => segment.name)).toEqual(['MSH', 'EVN', 'PID', 'PV1']);
    expect(message.get('MSH-1')).toBe('|');
    expect(message.get('MSH-2')).toBe('^~\\&');
    expect(message.get('MSH-9')).toBe('ADT');
    expect(message.get('MSH-9.2')).toBe('A01');
    expect(message.controlId).toBe('MSG00001');
    expect(message.get('PID-5.1')).toBe('Peeters');
    expect(message.get('PID-5.2')).toBe('Jan');
    expect(message.get('PID-5[2].1')).toBe('Pieters');
    expect(message.get('PID-3[2].5')).toBe('MR');
    expect(message.field('PID-3')).toHaveLength(2);
    expect(message.get('PV1-3.3')).toBe('B');
    expect(message.get('PV1-44')).toBe('20261126081000+0100');
    expect(message.get('PID-99.4.2')).toBe('');
    expect(message.get('ZZZ-1')).toBe('');
  });

  it('tells the HL7 null apart from an empty field', () => {
    const message = parseHl7(hl7('MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5.1', 'PID|1||X^^^^MR||""|^""'));
    expect(message.isNull('PID-5')).toBe(true);
    expect(message.get('PID-5')).toBe('');
    expect(message.isNull('PID-4')).toBe(false);
    expect(message.get('PID-4')).toBe('');
    expect(message.isNull('PID-6.2')).toBe(true);
  });

  it('reads subcomponents and the second occurrence of a segment', () => {
    const message = parseHl7(
      hl7('MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5.1', 'OBX|1|ST|a&b&c', 'OBX|2|NM|x^y&z'),
    );
    expect(message.get('OBX-3.1.2')).toBe('b');
    expect(message.get('OBX[2]-3.2.2')).toBe('z');
    expect(message.segment('OBX', 2)?.fields[0]).toEqual([[['2']]]);
  });

  it('accepts CR, CRLF and LF segment endings, a byte-order mark and leading blank lines', () => {
    const segments = ['MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5.1', 'PID|1||X^^^^MR', 'PV1|1|I'];
    for (const separator of ['\r', '\r\n', '\n']) {
      const message = parseHl7('\uFEFF\r\n' + segments.join(separator) + separator + separator);
      expect(message.segments().map((segment) => segment.name)).toEqual(['MSH', 'PID', 'PV1']);
      expect(message.get('PV1-2')).toBe('I');
    }
  });

  it('keeps a stray line feed inside a field when segments end in CR', () => {
    const message = parseHl7(
      'MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5.1\rNTE|1||first line\nsecond line\r',
    );
    expect(message.get('NTE-3')).toBe('first line\nsecond line');
  });

  it('uses the delimiters the message declares, including a 2.7 truncation character', () => {
    const message = parseHl7(
      'MSH*!@$%#*A*B*C*D*20260101**ADT!A01*1*P*2.7\rPID*1**X!!!!MR@Y!!!!NI**Doe!Jo$hn$#\r',
    );
    expect(message.delimiters).toEqual({
      field: '*',
      component: '!',
      repetition: '@',
      escape: '$',
      subcomponent: '%',
      truncation: '#',
    });
    expect(message.get('MSH-2')).toBe('!@$%#');
    expect(message.get('PID-3[2].1')).toBe('Y');
    expect(message.get('PID-5.2')).toBe('Jo$hn$#');
  });

  it('reads escape sequences after splitting, so an escaped delimiter stays inside its field', () => {
    const message = parseHl7(
      hl7('MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5.1', 'NTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f'),
    );
    expect(message.field('NTE-3')).toEqual([[['a|b^c&d~e\\f']]]);
  });

  it.each([
    ['text without MSH', 'PID|1||X'],
    ['an empty string', ''],
    ['MSH without encoding characters', 'MSH|'],
    ['a letter as field separator', 'MSHX^~\\&XA'],
    ['repeated encoding characters', 'MSH|^^\\&|A'],
    ['too few encoding characters', 'MSH|^~|A'],
    ['a lower-case segment name', 'MSH|^~\\&|A\rpid|1'],
    ['a segment name without field separator', 'MSH|^~\\&|A\rPIDX1'],
    ['a second MSH', 'MSH|^~\\&|A\rMSH|^~\\&|B'],
  ])('refuses %s with CONTINUITY_HL7_MALFORMED', (_label, text) => {
    expect(failure(text).code).toBe('CONTINUITY_HL7_MALFORMED');
  });

  it('names the position of a bad segment and never its content', () => {
    const error = failure('MSH|^~\\&|A\rPID|1||SECRET-MRN\rbad segment Peeters');
    expect(error.details).toMatchObject({ segment: 3 });
    const said = `${error.message} ${JSON.stringify(error.details)}`;
    expect(said).not.toContain('Peeters');
    expect(said).not.toContain('SECRET');
  });

  it('fuzz: any text either parses or fails with a LifelineError', () => {
    const headed = fc.string({ unit: 'binary' }).map((rest) => `MSH|^~\\&|${rest}`);
    const hl7ish = fc
      .array(
        fc.constantFrom('MSH', 'PID', '|', '^', '~', '\\', '&', '\r', '\n', '""', 'X', 'E', '\\X41\\', 'é'),
        {
          maxLength: 40,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), headed, hl7ish), (text) => {
        try {
          const message = parseHl7(text);
          expect(message.segments()[0]?.name).toBe('MSH');
        } catch (error) {
          expect(isLifelineError(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
