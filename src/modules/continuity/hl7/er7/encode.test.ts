import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADMIT_A01, hl7 } from '../testing/adt-samples.testkit.js';
import { createHl7Message, hl7Segment } from './build.js';
import { encodeHl7 } from './encode.js';
import { parseHl7 } from './parse.js';
import { DEFAULT_DELIMITERS, type Hl7Segment } from './types.js';

describe('encodeHl7', () => {
  it('writes back exactly the text it parsed', () => {
    expect(encodeHl7(parseHl7(ADMIT_A01))).toBe(ADMIT_A01);
    const unusual = 'MSH*!@$%*A*B*C*D*20260101**ADT!A01*1*P*2.5.1\rPID*1**X!!!!MR@Y**""*a$F$b\r';
    expect(encodeHl7(parseHl7(unusual))).toBe(unusual);
  });

  it('ends every segment with CR whatever the input used', () => {
    const text = encodeHl7(parseHl7('MSH|^~\\&|A\nPID|1\n'));
    expect(text).toBe('MSH|^~\\&|A\rPID|1\r');
  });

  it('builds segments from field numbers, escaping values and dropping trailing empties', () => {
    const message = createHl7Message([
      hl7Segment('MSH', { 1: 'ignored', 3: 'HIS', 9: ['ADT', 'A01', undefined], 10: 'C1' }),
      hl7Segment('PID', {
        3: {
          repeat: [
            ['M1', '', '', 'ZNA', 'MR'],
            ['N1', '', '', '', 'NI'],
          ],
        },
        5: ['Van Dam & Zn', 'Eva'],
        6: null,
        8: ['a', ['b', 'c', ''], ''],
        9: undefined,
      }),
    ]);
    expect(encodeHl7(message)).toBe(
      hl7('MSH|^~\\&|HIS||||||ADT^A01|C1', 'PID|||M1^^^ZNA^MR~N1^^^^NI||Van Dam \\T\\ Zn^Eva|""||a^b&c'),
    );
  });

  it('property: a built message survives encode → parse unchanged', () => {
    const leaf = fc.oneof(fc.string({ unit: 'binary', minLength: 1 }), fc.constant(null), fc.constant(''));
    const field = fc.array(
      fc.array(fc.array(leaf, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      {
        minLength: 1,
        maxLength: 3,
      },
    );
    const name = fc.stringMatching(/^[A-Z][A-Z0-9]{2}$/).filter((n) => n !== 'MSH');
    const segment = fc.record({ name, fields: fc.array(field, { maxLength: 6 }) });
    const mshFields = fc.array(field, { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(mshFields, fc.array(segment, { maxLength: 5 }), (msh, rest) => {
        const segments: Hl7Segment[] = [{ name: 'MSH', fields: [[[['|']]], [[['^~\\&']]], ...msh] }, ...rest];
        const text = encodeHl7(createHl7Message(segments, DEFAULT_DELIMITERS));
        expect(parseHl7(text).segments()).toEqual(segments);
      }),
      { numRuns: 300 },
    );
  });
});
