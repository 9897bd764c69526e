import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseSigmaDocument } from './parse-document.js';
import { splitYamlDocuments } from './yaml-documents.js';

const TEMPLATE = `title: Fuzzed
id: 33333333-3333-4333-8333-333333333333
logsource:
    category: process_creation
    product: windows
detection:
    selection_img:
        - Image|endswith: '\\cmd.exe'
        - OriginalFileName: 'Cmd.Exe'
    selection_cli:
        CommandLine|contains|all:
            - ' /c '
            - 'whoami'
        CommandLine|re|i: 'who(ami)?'
        DestinationIp|cidr: 10.0.0.0/8
    keywords:
        - 'evil*'
    filter_main:
        User|expand: '%Admins%'
    condition: all of selection_* and not 1 of filter_* or keywords
level: high
`;

const KEYS = [
  'title',
  'id',
  'logsource',
  'detection',
  'condition',
  'selection',
  'filter',
  'correlation',
  'level',
  'rules',
  'Image|contains',
  'a|re',
  'b|base64offset|contains',
  '|all',
  'x|cidr',
  'y|expand',
  'z|hour|gt',
  'w|exists',
  'v|fieldref',
];

/** Every problem names its file, a line in the text and a reason; nothing escapes as an exception. */
function checkText(text: string): void {
  const lines = text.split('\n').length;
  const split = splitYamlDocuments('fuzz.yml', text);
  for (const problem of split.problems) {
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.line).toBeLessThanOrEqual(lines + 1);
  }
  for (const doc of split.documents) {
    const parsed = parseSigmaDocument(doc, { Admins: ['adm_*'] });
    if (parsed.kind === 'problem') {
      expect(parsed.problem.file).toBe('fuzz.yml');
      expect(parsed.problem.line).toBeGreaterThanOrEqual(1);
      expect(parsed.problem.line).toBeLessThanOrEqual(lines + 1);
      expect(parsed.problem.reason).not.toBe('');
      expect(parsed.problem.reason).not.toMatch(/internal error/);
    }
  }
}

describe('YAML → rule parser under fuzzing', () => {
  it('survives arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkText), { numRuns: 800 });
  });

  it('survives mutations of a real rule', () => {
    const mutation = fc.tuple(fc.nat(TEMPLATE.length), fc.nat(12), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = TEMPLATE;
        for (const [at, remove, insert] of mutations)
          text = text.slice(0, at) + insert + text.slice(at + remove);
        checkText(text);
      }),
      { numRuns: 800 },
    );
  });

  it('survives arbitrary YAML structures with Sigma keys', () => {
    const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 10 }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.double(),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    const doc = fc.record({
      title: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()),
      logsource: value,
      detection: fc.dictionary(key, value, { maxKeys: 6 }),
    });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 3 }), (docs) => {
        checkText(docs.map((d) => stringify(d)).join('---\n'));
      }),
      { numRuns: 800 },
    );
  });
});
