import { describe, expect, it } from 'vitest';
import { parseSyslog } from './parse.js';
import { syslogFields } from './fields.js';
import type { SyslogMessage } from './message.js';

const now = new Date('2026-01-13T08:30:00Z');

function parsed(line: string): SyslogMessage {
  const result = parseSyslog(line, { now });
  if (!result.ok) throw new Error(`expected a parse, got ${result.reason}`);
  return result.message;
}

function reason(line: string): string {
  const result = parseSyslog(line, { now });
  if (result.ok) throw new Error('expected a failure');
  return result.reason;
}

describe('RFC 5424 header', () => {
  it('reads every header field, a UTC timestamp with milliseconds and a BOM-prefixed message', () => {
    const message = parsed(
      "<34>1 2026-01-13T08:15:02.003Z ward3-ws12 su - AUTH01 - \uFEFF'su root' failed for nurse7 on /dev/pts/2",
    );
    expect(message).toEqual({
      format: 'rfc5424',
      priority: { facility: 4, severity: 2 },
      timestamp: '2026-01-13T08:15:02.003Z',
      hostname: 'ward3-ws12',
      appName: 'su',
      msgId: 'AUTH01',
      structuredData: [],
      message: "'su root' failed for nurse7 on /dev/pts/2",
    });
  });

  it('converts microseconds and a numeric offset to UTC', () => {
    expect(parsed('<165>1 2026-01-13T09:15:02.123456+01:00 lab-gw app 77 - - x').timestamp).toBe(
      '2026-01-13T08:15:02.123Z',
    );
    expect(parsed('<165>1 2026-01-12T23:30:00-05:30 h a - - - x').timestamp).toBe('2026-01-13T05:00:00.000Z');
  });

  it('keeps a leap second inside its minute and accepts nanosecond fractions', () => {
    expect(parsed('<13>1 2016-12-31T23:59:60Z h a - - -').timestamp).toBe('2016-12-31T23:59:59.000Z');
    expect(parsed('<13>1 2026-01-13T08:00:00.123456789Z h a - - -').timestamp).toBe(
      '2026-01-13T08:00:00.123Z',
    );
  });

  it('treats the NILVALUE as absent in every field', () => {
    expect(parsed('<13>1 - - - - - -')).toEqual({
      format: 'rfc5424',
      priority: { facility: 1, severity: 5 },
      structuredData: [],
      message: '',
    });
  });

  it('keeps a message that is only spaces and one that has none', () => {
    expect(parsed('<13>1 - h a - - -  ').message).toBe(' ');
    expect(parsed('<13>1 - h a - - - ').message).toBe('');
  });
});

describe('RFC 5424 structured data', () => {
  it('reads several elements, repeated parameters and every escape', () => {
    const message = parsed(
      '<165>1 2026-01-13T08:15:02Z gw app - - [timeQuality tzKnown="1" isSynced="0"]' +
        '[origin ip="10.1.2.3" ip="10.1.2.4" software="relay"]' +
        '[note@32473 text="a \\"quoted\\" value \\\\ and \\] bracket" path="C:\\temp"] tail',
    );
    expect(message.structuredData).toEqual([
      {
        id: 'timeQuality',
        params: [
          ['tzKnown', '1'],
          ['isSynced', '0'],
        ],
      },
      {
        id: 'origin',
        params: [
          ['ip', '10.1.2.3'],
          ['ip', '10.1.2.4'],
          ['software', 'relay'],
        ],
      },
      {
        id: 'note@32473',
        params: [
          ['text', 'a "quoted" value \\ and ] bracket'],
          ['path', 'C:\\temp'],
        ],
      },
    ]);
    expect(message.message).toBe('tail');
    expect(syslogFields(message)).toMatchObject({
      'sd.origin.ip': ['10.1.2.3', '10.1.2.4'],
      'sd.note@32473.text': 'a "quoted" value \\ and ] bracket',
      'sd.timeQuality.isSynced': '0',
    });
  });

  it('accepts an element without parameters and UTF-8 values', () => {
    const message = parsed('<14>1 - h a - - [empty][x name="Zoë ✓"]');
    expect(message.structuredData).toEqual([
      { id: 'empty', params: [] },
      { id: 'x', params: [['name', 'Zoë ✓']] },
    ]);
  });

  it.each([
    ['<14>1 - h a - - [x a="1"', 'unterminated structured data'],
    ['<14>1 - h a - - [x a="1', 'unterminated structured data'],
    ['<14>1 - h a - - [x a=', 'unterminated structured data'],
    ['<14>1 - h a - - [x a=1]', 'invalid structured data'],
    ['<14>1 - h a - - [x a="1"]junk', 'invalid structured data'],
    ['<14>1 - h a - - [ a="1"]', 'invalid structured data'],
    ['<14>1 - h a - - hello', 'missing structured data'],
  ])('refuses %j: %s', (line, expected) => {
    expect(reason(line)).toBe(expected);
  });
});

describe('RFC 5424 refusals', () => {
  it.each([
    ['<192>1 - h a - - -', 'invalid PRI'],
    ['<1x>1 - h a - - -', 'invalid PRI'],
    ['<>1 - h a - - -', 'invalid PRI'],
    ['<2>2 - h a - - -', 'unsupported syslog version'],
    ['<13>1 2026-13-01T00:00:00Z h a - - -', 'invalid timestamp'],
    ['<13>1 2026-02-29T00:00:00Z h a - - -', 'invalid timestamp'],
    ['<13>1 2026-01-13 08:00:00Z h a - - -', 'invalid timestamp'],
    ['<13>1 2026-01-13T08:00:00+24:00 h a - - -', 'invalid timestamp'],
    ['<13>1 - h\u0001x a - - -', 'invalid hostname'],
    ['<13>1 - host', 'invalid hostname'],
    ['<13>1 - host app', 'invalid app-name'],
    ['<13>1 - host app pid msg', 'invalid msgid'],
    ['', 'empty line'],
    ['\r\n', 'empty line'],
  ])('%j → %s', (line, expected) => {
    expect(reason(line)).toBe(expected);
  });

  it('accepts 29 February in a leap year', () => {
    expect(parsed('<13>1 2024-02-29T00:00:00Z h a - - -').timestamp).toBe('2024-02-29T00:00:00.000Z');
  });
});
