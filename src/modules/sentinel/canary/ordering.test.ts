import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { edgeName, sortsAtEdge } from './ordering.js';

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
const caseless = (a: string, b: string): number => byteOrder(a.toLowerCase(), b.toLowerCase());

function isEdge(name: string, others: string[], position: 'first' | 'last'): boolean {
  return [byteOrder, caseless].every((compare) => {
    const sorted = [...others, name].sort(compare);
    return (position === 'first' ? sorted[0] : sorted.at(-1)) === name;
  });
}

/** Names people give files, with the prefixes that already fight for the top and bottom. */
const fileName = fc
  .tuple(
    fc.constantFrom(
      '',
      '!',
      '!!',
      '!!!!!',
      '00',
      '_',
      '~',
      'zz',
      'ZZ_',
      'zz_',
      '~~',
      '~Ö',
      'Ü',
      'é',
      '.',
      '-',
      '#',
      ' ',
    ),
    fc.constantFrom(...'abcXYZ019éÖü'.split('')),
    fc.string({ unit: fc.constantFrom(...'abcXYZ019 _-!~.éÖ'.split('')), maxLength: 12 }),
  )
  .map(([prefix, lead, rest]) => `${prefix}${lead}${rest}`);

describe('edge names', () => {
  it('sorts first and last in byte and case-insensitive order, whatever the folder holds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fileName, { maxLength: 40 }), (others) => {
        for (const position of ['first', 'last'] as const) {
          const name = edgeName('Ward 4B roster week 12', 'xlsx', others, position);
          expect(name).not.toBeNull();
          expect(isEdge(name as string, others, position)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('chooses names people use to pin files when nothing competes', () => {
    expect(edgeName('Budget 2026', 'docx', ['Archive', 'notes.txt'], 'first')).toBe('!Budget 2026.docx');
    expect(edgeName('Budget 2026', 'docx', ['Archive', 'notes.txt'], 'last')).toBe('zz_Budget 2026.docx');
  });

  it('steps past names that would still sort before or after', () => {
    expect(edgeName('Budget', 'docx', ['!!!Agenda', '~old'], 'first')).toBe('!!!!Budget.docx');
    expect(edgeName('Budget', 'docx', ['~old', 'zzz_x'], 'last')).toBe('~~Budget.docx');
    expect(edgeName('Budget', 'docx', ['Überweisungen'], 'last')).toMatch(/^ü/);
  });

  it('judges ties and case: `ZZ_b` and `zz_a` do not let `zz_A` be last', () => {
    expect(sortsAtEdge('zz_A', ['ZZ_b'], 'last')).toBe(false);
    expect(sortsAtEdge('zz_c', ['ZZ_b'], 'last')).toBe(true);
  });

  it('returns null rather than a name that does not sort at the edge', () => {
    expect(edgeName('x', 'csv', ['\u0001', ' ', '  '], 'first')).toBeNull();
  });
});
