import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGMA_LEVELS } from '../types.js';
import { clean } from './message.js';
import type { AlertNotification } from './notifier.js';
import { NOTIFICATION } from './notify.testkit.js';
import { formatSyslog, octetFrame, truncateUtf8 } from './syslog-format.js';

const HEADER = {
  facility: 16,
  hostname: 'lifeline-01',
  appName: 'lifeline',
  procId: '4242',
  enterpriseId: 32473,
};
const NOW = new Date('2026-01-13T08:00:01.250Z');

/** An independent reader of RFC 5424 as a collector sees it: header tokens, one SD element, MSG. */
function parse5424(line: string) {
  const header = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(line);
  if (!header) throw new Error('bad header');
  let i = header[0].length;
  if (line[i] !== '[') throw new Error('no structured data');
  i++;
  const idEnd = line.indexOf(' ', i);
  const id = line.slice(i, idEnd);
  i = idEnd;
  const params: Record<string, string> = {};
  while (line[i] === ' ') {
    const eq = line.indexOf('="', i);
    const name = line.slice(i + 1, eq);
    i = eq + 2;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) throw new Error('unterminated value');
      if (c === '\\' && ['"', '\\', ']'].includes(line[i + 1] ?? '')) {
        value += line[i + 1];
        i += 2;
      } else if (c === '"') {
        i++;
        break;
      } else {
        value += c;
        i++;
      }
    }
    params[name] = value;
  }
  if (line[i] !== ']') throw new Error('unterminated structured data');
  return {
    pri: Number(header[1]),
    time: header[2],
    host: header[3],
    app: header[4],
    id,
    params,
    msg: line.slice(i + 2),
  };
}

describe('RFC 5424 formatting', () => {
  it('writes priority, header, structured data and a one-line message', () => {
    const line = formatSyslog(NOTIFICATION, HEADER, NOW);
    expect(
      line.startsWith('<131>1 2026-01-13T08:00:01.250Z lifeline-01 lifeline 4242 alert [lifeline@32473 '),
    ).toBe(true);
    const parsed = parse5424(line);
    expect(parsed.params).toEqual({
      alertId: NOTIFICATION.alertId,
      ruleId: NOTIFICATION.ruleId,
      level: 'high',
      host: 'ws-icu-07.hospital.example',
      user: 'HOSPITAL\\nurse.jansen',
      image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      source: 'dc01-syslog',
      link: NOTIFICATION.link,
    });
    expect(parsed.msg).toBe(
      `HIGH alert: Suspicious Encoded PowerShell (host ws-icu-07.hospital.example, user HOSPITAL\\nurse.jansen) ${NOTIFICATION.link}`,
    );
  });

  it('maps levels to severities and leaves out absent values', () => {
    const line = formatSyslog(
      { ...NOTIFICATION, level: 'critical', host: null, user: null, image: null },
      { ...HEADER, facility: 4, hostname: 'höst name' },
      NOW,
    );
    expect(line.startsWith('<34>1 2026-01-13T08:00:01.250Z hstname ')).toBe(true);
    expect(Object.keys(parse5424(line).params)).toEqual(['alertId', 'ruleId', 'level', 'source', 'link']);
  });

  it('keeps any alert text inside its field, on one line, readable back exactly', () => {
    const text = fc.string({ unit: 'binary', maxLength: 80 });
    fc.assert(
      fc.property(
        fc.record({
          ruleTitle: text,
          host: fc.option(text),
          user: fc.option(text),
          image: fc.option(text),
          sourceName: text,
        }),
        fc.constantFrom(...SIGMA_LEVELS),
        (values, level) => {
          const n: AlertNotification = { ...NOTIFICATION, ...values, level };
          const line = formatSyslog(n, HEADER, NOW);
          expect(line).not.toMatch(/[\r\n]/);
          const parsed = parse5424(line);
          for (const [param, value] of [
            ['source', n.sourceName],
            ['host', n.host],
            ['image', n.image],
          ] as const) {
            expect(parsed.params[param]).toBe(clean(value ?? '') || undefined);
          }
          expect(parsed.msg.startsWith(`${level.toUpperCase()} alert: `)).toBe(true);
        },
      ),
    );
  });

  it('truncates on a character boundary and frames by octet count', () => {
    expect(truncateUtf8('aé', 2).toString()).toBe('a');
    expect(truncateUtf8('aé', 3).toString()).toBe('aé');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 0, max: 40 }), (s, max) => {
        const cut = truncateUtf8(s, max);
        expect(cut.length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(Buffer.from(cut.toString('utf8'), 'utf8').equals(cut)).toBe(true);
      }),
    );
    expect(octetFrame(Buffer.from('<14>1 é')).toString()).toBe('8 <14>1 é');
  });
});
