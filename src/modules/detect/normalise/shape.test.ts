import { describe, expect, it } from 'vitest';

import { fixtureText } from './fixtures.testkit.js';
import { normaliseLine } from './line.js';
import { detectShape } from './shape.js';

describe('detectShape', () => {
  it('tells the outside formats apart', () => {
    expect(detectShape(JSON.parse(fixtureText('sysmon-1.evtx')))).toBe('evtx-json');
    expect(detectShape({ System: { EventID: 1 } })).toBe('evtx-json');
    expect(detectShape(JSON.parse(fixtureText('sysmon-1.winlogbeat')))).toBe('winlogbeat');
    expect(detectShape({ src_ip: '10.0.0.1' })).toBe('json');
    expect(detectShape('  {"a":1}')).toBe('json-text');
    expect(detectShape('type=SYSCALL msg=audit(1700000000.1:2): syscall=59')).toBe('auditd');
    expect(detectShape('node=h1 type=PATH msg=audit(1700000000.1:2): name="x"')).toBe('auditd');
    expect(detectShape('1.2.3.4 - - [03/Nov/2025:09:17:00 +0000] "GET / HTTP/1.1" 200 1')).toBe('web-access');
    expect(detectShape('<13>Nov  3 09:00:00 host app: hello')).toBe('unknown');
    expect(detectShape(42)).toBe('unknown');
    expect(detectShape(null)).toBe('unknown');
    expect(detectShape([{ System: {} }])).toBe('unknown');
  });
});

describe('normaliseLine', () => {
  it('sends each line to its normaliser', () => {
    expect(normaliseLine(fixtureText('security-4624.evtx').replaceAll('\n', ''))).toMatchObject({
      ok: true,
      fields: { EventID: 4624 },
    });
    expect(normaliseLine('type=EXECVE msg=audit(1.0:1): argc=1 a0="id"')).toMatchObject({
      ok: true,
      fields: { type: 'EXECVE', a0: 'id' },
    });
    expect(normaliseLine('1.2.3.4 - - [03/Nov/2025:09:17:00 +0000] "GET / HTTP/1.1" 200 1')).toMatchObject({
      ok: true,
      fields: { 'cs-method': 'GET' },
    });
  });

  it('refuses what it does not know, quoting nothing', () => {
    expect(normaliseLine('Patient Jane Doe admitted')).toEqual({
      ok: false,
      reason: 'unrecognised line format',
    });
    expect(normaliseLine('{"broken":')).toEqual({ ok: false, reason: 'not valid JSON' });
  });
});
