import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syslogFields } from './fields.js';
import { parseSyslog } from './parse.js';

const now = new Date('2026-01-13T08:30:00Z');

/** Every reason the parser may give: fixed phrases, so no line content can reach a log through them. */
const REASONS = new Set([
  'empty line',
  'invalid PRI',
  'invalid version',
  'unsupported syslog version',
  'invalid timestamp',
  'invalid hostname',
  'invalid app-name',
  'invalid procid',
  'invalid msgid',
  'missing structured data',
  'unterminated structured data',
  'invalid structured data',
]);

const syslogish = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .tuple(fc.nat(300), fc.constantFrom('1 ', '2 ', '', ' '), fc.string({ maxLength: 200 }))
    .map(([pri, version, rest]) => `<${pri}>${version}${rest}`),
  fc
    .array(
      fc.constantFrom('<', '>', '[', ']', '"', '\\', '=', ' ', '-', '1', 'a', ':', 'T', 'Z', '\uFEFF', '\n'),
      { maxLength: 200 },
    )
    .map((parts) => `<13>1 - h a - - ${parts.join('')}`),
);

describe('syslog parser fuzzing', () => {
  it('never throws and answers a parse or a known reason', () => {
    fc.assert(
      fc.property(syslogish, (line) => {
        const result = parseSyslog(line, { now });
        if (result.ok) expect(typeof syslogFields(result.message).message).toBe('string');
        else expect(REASONS.has(result.reason)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('finishes on long pathological lines', () => {
    const long = [
      `<13>1 - h a - - [${'x a="\\'.repeat(20_000)}`,
      `<13>${'Jan 13 '.repeat(20_000)}`,
      `<13>Jan 13 08:00:00 ${'a['.repeat(20_000)}`,
      `<13>1 - h a - - ${'[x]'.repeat(20_000)}`,
      `${'1'.repeat(50_000)}: ${'%'.repeat(1000)}`,
    ];
    for (const line of long) expect(() => parseSyslog(line, { now })).not.toThrow();
  });
});

const printable = fc
  .string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 40,
  })
  .filter((s) => s !== '-');
const sdName = fc.string({
  unit: fc
    .integer({ min: 0x21, max: 0x7e })
    .filter((c) => c !== 0x3d && c !== 0x5d && c !== 0x22)
    .map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 32,
});
const escape = (value: string) => value.replace(/["\\\]]/g, (c) => `\\${c}`);

describe('RFC 5424 round trip', () => {
  it('gives back what a well-formed message carries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 191 }),
        printable,
        printable,
        fc.uniqueArray(
          fc.record({
            id: sdName,
            params: fc.array(fc.tuple(sdName, fc.string({ maxLength: 30 })), { maxLength: 4 }),
          }),
          { selector: (element) => element.id, maxLength: 3 },
        ),
        fc.string({ maxLength: 80 }),
        (pri, hostname, appName, elements, text) => {
          const sd =
            elements.length === 0
              ? '-'
              : elements
                  .map((e) => `[${e.id}${e.params.map(([n, v]) => ` ${n}="${escape(v)}"`).join('')}]`)
                  .join('');
          const message = text.replace(/[\r\n\0]+$/, '');
          const line = `<${pri}>1 2026-01-13T08:15:02.5+02:00 ${hostname} ${appName} - - ${sd} ${message}`;
          const result = parseSyslog(line, { now });
          if (!result.ok) throw new Error(result.reason);
          expect(result.message).toMatchObject({
            priority: { facility: pri >> 3, severity: pri & 7 },
            timestamp: '2026-01-13T06:15:02.500Z',
            hostname,
            appName,
            message: message.startsWith('\uFEFF') ? message.slice(1) : message,
          });
          expect(result.message.structuredData).toEqual(
            elements.map((e) => ({ id: e.id, params: e.params })),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('RFC 3164 round trip', () => {
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/);
  it('gives back host, tag, pid and message', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 191 }),
        fc.constantFrom('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'),
        fc.integer({ min: 1, max: 28 }),
        word,
        word,
        fc.option(fc.integer({ min: 1, max: 99999 }), { nil: undefined }),
        fc.string({ maxLength: 80 }).map((s) => s.replace(/[\r\n\0]+$/, '')),
        (pri, month, day, host, tag, pid, text) => {
          const stamp = `${month} ${String(day).padStart(2, ' ')} 10:11:12`;
          const line = `<${pri}>${stamp} ${host} ${tag}${pid ? `[${pid}]` : ''}: ${text}`;
          const result = parseSyslog(line, { now });
          if (!result.ok) throw new Error(result.reason);
          expect(result.message).toMatchObject({
            format: 'rfc3164',
            hostname: host,
            appName: tag,
            message: text.startsWith('\uFEFF') ? text.slice(1) : text,
          });
          expect(result.message.procId).toBe(pid === undefined ? undefined : String(pid));
          expect(result.message.timestamp).toMatch(/T10:11:12\.000Z$/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
