import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { addressOf, parseSmbstatusJson, parseSmbstatusText, sambaClientOf } from './samba.js';

/** Captured from a real smbd 4.17.12 (Debian bookworm) with one smbclient session writing a file. */
const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

const HEADER =
  '\nSamba version 4.17.12-Debian\nPID     Username     Group        Machine                                   Protocol Version  Encryption           Signing              \n' +
  `${'-'.repeat(136)}\n`;

describe('smbstatus output', () => {
  it('maps the smbd pid to the client in the real text output', () => {
    expect(parseSmbstatusText(fixture('smbstatus-p-4.17.txt'))).toEqual([
      { pid: 14712, user: 'smbtest', machine: '127.0.0.1', address: '127.0.0.1' },
    ]);
    expect(parseSmbstatusText(fixture('smbstatus-p-4.17-empty.txt'))).toEqual([]);
  });

  it('maps the smbd pid to the client in the real JSON output', () => {
    expect(parseSmbstatusJson(fixture('smbstatus-json-p-4.17.json'))).toEqual([
      { pid: 14712, user: 'smbtest', machine: '127.0.0.1', address: '127.0.0.1' },
    ]);
  });

  it('reads workstation names, IPv6 clients and clustered pids', () => {
    const text =
      HEADER +
      '3:2211   CARE\\jdoe    CARE\\staff   WS-0412 (ipv4:10.20.4.12:50122)           SMB3_11           -                    partial(AES-128-CMAC)\n' +
      '918     nobody       nogroup      fd00::7 (ipv6:fd00::7:49152)              SMB2_10           -                    -\n';
    expect(parseSmbstatusText(text)).toEqual([
      { pid: 2211, user: 'CARE\\jdoe', machine: 'WS-0412', address: '10.20.4.12' },
      { pid: 918, user: 'nobody', machine: 'fd00::7', address: 'fd00::7' },
    ]);
    expect(addressOf('garbage')).toBeNull();
  });

  it('reads back any session list it is given in the text format', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_.\\$-]{1,16}$/);
    const session = fc.record({
      pid: fc.integer({ min: 2, max: 4_194_304 }),
      user: token,
      machine: token,
      ip: fc.ipV4(),
      port: fc.nat(65535),
    });
    fc.assert(
      fc.property(fc.array(session, { maxLength: 8 }), (sessions) => {
        const text =
          HEADER +
          sessions
            .map(
              (s) => `${s.pid}   ${s.user}   group   ${s.machine} (ipv4:${s.ip}:${s.port})   SMB3_11   -   -`,
            )
            .join('\n');
        expect(parseSmbstatusText(text)).toEqual(
          sessions.map((s) => ({ pid: s.pid, user: s.user, machine: s.machine, address: s.ip })),
        );
      }),
    );
  });

  it('never throws on arbitrary text or JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => HEADER + s),
        ),
        (input) => {
          for (const session of [...parseSmbstatusText(input), ...parseSmbstatusJson(input)])
            expect(session.pid).toBeGreaterThan(0);
        },
      ),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const session of parseSmbstatusJson(JSON.stringify({ sessions: value })))
          expect(Number.isSafeInteger(session.pid)).toBe(true);
      }),
    );
  });

  it('answers undefined, without throwing, when smbstatus is not installed', async () => {
    expect(await sambaClientOf(1234, { command: '/nonexistent/smbstatus' })).toBeUndefined();
  });
});
