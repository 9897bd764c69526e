import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { NormaliseResult } from './result.js';
import { AuditdAssembler } from './auditd/assembler.js';
import { normaliseAuditd } from './auditd/record.js';
import { NORMALISE_LIMITS } from './limits.js';
import { normaliseLine } from './line.js';
import { normaliseJson, normaliseObject } from './normalise-json.js';
import { normaliseAccessLog } from './web-access.js';

/** Every reason a normaliser may give: fixed phrases, so none can carry event content. */
const REASONS = new Set([
  'input is not text',
  'JSON document too large',
  'not valid JSON',
  'JSON value is not an object',
  'event could not be read',
  'EVTX event has no System element',
  'audit record too large',
  'not an audit record',
  'audit record could not be read',
  'audit event could not be read',
  'access log line too large',
  'not a Common or Combined Log Format line',
  'access log line could not be read',
  'line too large',
  'unrecognised line format',
  'line could not be read',
]);

function assertWellFormed(result: NormaliseResult): void {
  if (!result.ok) {
    expect(REASONS).toContain(result.reason);
    return;
  }
  const entries = Object.entries(result.fields);
  expect(entries.length).toBeLessThanOrEqual(NORMALISE_LIMITS.maxFields);
  for (const [name, value] of entries) {
    expect(name.length).toBeGreaterThan(0);
    expect(name.length).toBeLessThanOrEqual(NORMALISE_LIMITS.maxFieldNameChars);
    const items = Array.isArray(value) ? value : [value];
    expect(items.length).toBeLessThanOrEqual(NORMALISE_LIMITS.maxArrayItems);
    for (const item of items) {
      expect(['string', 'number', 'boolean'].includes(typeof item) || item === null).toBe(true);
      if (typeof item === 'string') expect(item.length).toBeLessThanOrEqual(NORMALISE_LIMITS.maxStringChars);
      if (typeof item === 'number') expect(Number.isFinite(item)).toBe(true);
    }
  }
  if (result.time !== undefined) expect(new Date(result.time).toISOString()).toBe(result.time);
}

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);
const windowsLike = fc.record({
  Event: fc.record(
    {
      System: fc.dictionary(
        fc.constantFrom('EventID', 'Channel', 'Provider', 'TimeCreated', 'Level'),
        fc.jsonValue(),
      ),
      EventData: fc.jsonValue(),
      UserData: fc.jsonValue(),
    },
    { requiredKeys: ['System'] },
  ),
});
const beatLike = fc.record({
  '@timestamp': fc.jsonValue(),
  winlog: fc.record({
    channel: fc.constantFrom(
      'Microsoft-Windows-Sysmon/Operational',
      'Windows PowerShell',
      'PowerShellCore/Operational',
      'Security',
    ),
    event_id: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom(4103, 4104, 400, '1', '10')),
    event_data: fc.jsonValue(),
    user_data: fc.jsonValue(),
  }),
  process: fc.jsonValue(),
  hash: fc.jsonValue(),
  user: fc.jsonValue(),
  network: fc.jsonValue(),
  message: fc.jsonValue(),
});

describe('normalisers on arbitrary input', () => {
  it('normaliseJson answers every string and never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => assertWellFormed(normaliseJson(text))),
      { numRuns: 500 },
    );
  });

  it('normaliseJson reads any JSON object and refuses any other JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = normaliseJson(JSON.stringify(value) ?? 'null');
        assertWellFormed(result);
        const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
        expect(result.ok).toBe(isObject);
      }),
      { numRuns: 500 },
    );
  });

  it('normaliseObject survives EVTX-like, Winlogbeat-like and arbitrary values', () => {
    fc.assert(
      fc.property(windowsLike, (value) => assertWellFormed(normaliseObject(value))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(beatLike, (value) => assertWellFormed(normaliseObject(value))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) => assertWellFormed(normaliseObject(value))),
      { numRuns: 300 },
    );
  });

  it('normaliseLine, the audit reader and the access log reader answer every line', () => {
    fc.assert(
      fc.property(anyText, (line) => assertWellFormed(normaliseLine(line))),
      { numRuns: 500 },
    );
    const auditBody = fc.array(
      fc.oneof(
        anyText,
        fc.constantFrom(
          'a0=',
          '"',
          "'",
          "msg='",
          '{',
          '}',
          '=',
          ' ',
          '\x1d',
          'a1[0]=41',
          'saddr=0200',
          'argc=9',
        ),
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(fc.constantFrom('EXECVE', 'SYSCALL', 'SOCKADDR', 'USER_CMD'), auditBody, (type, parts) => {
        const result = normaliseAuditd(`type=${type} msg=audit(1700000000.5:77): ${parts.join('')}`);
        assertWellFormed(result);
        expect(result.ok && result.fields.type).toBe(type);
      }),
      { numRuns: 500 },
    );
    const clfParts = fc.array(
      fc.oneof(
        anyText,
        fc.constantFrom(
          ' ',
          '"',
          '\\"',
          '[',
          ']',
          '-',
          '200',
          '[03/Nov/2025:09:17:00 +0000]',
          'GET /a?b HTTP/1.1',
        ),
      ),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(clfParts, (parts) => assertWellFormed(normaliseAccessLog(parts.join('')))),
      { numRuns: 500 },
    );
  });

  it('the audit assembler answers every sequence of lines', () => {
    const line = fc.oneof(
      anyText,
      fc
        .tuple(
          fc.constantFrom('SYSCALL', 'EXECVE', 'PATH', 'CWD', 'EOE', 'PROCTITLE'),
          fc.integer({ min: 1, max: 3 }),
          anyText,
        )
        .map(([type, serial, rest]) => `type=${type} msg=audit(1.0:${serial}): ${rest}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const assembler = new AuditdAssembler();
        for (const text of lines) assembler.push(text).forEach(assertWellFormed);
        assembler.flush().forEach(assertWellFormed);
      }),
      { numRuns: 200 },
    );
  });

  it('handles pathological nesting and size without throwing', () => {
    for (const text of [
      '['.repeat(200_000),
      `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
      `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
      `{"k":"${'y'.repeat(NORMALISE_LIMITS.maxInputChars)}"}`,
      `{${Array.from({ length: 20_000 }, (_, i) => `"f${i}":${i}`).join(',')}}`,
    ]) {
      assertWellFormed(normaliseJson(text));
      assertWellFormed(normaliseLine(text));
    }
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i += 1) {
      const next: Record<string, unknown> = {};
      deep.d = next;
      deep = next;
    }
    assertWellFormed(normaliseObject(root));
    assertWellFormed(normaliseObject({ Event: { System: { EventID: 1 }, EventData: { Data: root } } }));
  });
});
