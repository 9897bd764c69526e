import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../kernel/clock.js';
import type { EventSource } from '../../types.js';
import { syslogDecoder } from './decoder.js';

/** Lines as real senders write them (addresses and names invented), and the fields rules see. */
const source: EventSource = { kind: 'syslog-udp', name: 'edge' };
const decode = syslogDecoder({ clock: new ManualClock('2026-01-13T08:30:00Z') });

function fieldsOf(line: string) {
  const result = decode(line, source);
  if (!result.ok) throw new Error(`expected a decode, got ${result.reason}`);
  return result;
}

describe('Linux (rsyslog, journald forwarders)', () => {
  it('reads the traditional forwarding format with host, tag and pid', () => {
    expect(
      fieldsOf(
        '<38>Jan 13 08:15:02 ehr-app01 sshd[2214]: Failed password for invalid user admin from 203.0.113.7 port 40022 ssh2',
      ),
    ).toEqual({
      ok: true,
      time: '2026-01-13T08:15:02.000Z',
      fields: {
        syslog_format: 'rfc3164',
        facility: 'auth',
        facility_code: 4,
        severity: 'info',
        severity_code: 6,
        hostname: 'ehr-app01',
        app_name: 'sshd',
        procid: '2214',
        message: 'Failed password for invalid user admin from 203.0.113.7 port 40022 ssh2',
      },
    });
  });

  it('reads a space-padded day and keeps the message spacing', () => {
    const { fields } = fieldsOf(
      '<86>Feb  5 03:04:05 ward-pc sudo:   nurse7 : TTY=pts/0 ; PWD=/home/nurse7 ; USER=root ; COMMAND=/bin/bash',
    );
    expect(fields).toMatchObject({ hostname: 'ward-pc', app_name: 'sudo', facility: 'authpriv' });
    expect(fields.message).toBe('  nurse7 : TTY=pts/0 ; PWD=/home/nurse7 ; USER=root ; COMMAND=/bin/bash');
  });

  it('reads a log file line without PRI', () => {
    const result = fieldsOf(
      'Jan 13 08:15:02 ehr-app01 CRON[3321]: pam_unix(cron:session): session opened for user root',
    );
    expect(result.fields).toEqual({
      syslog_format: 'rfc3164',
      hostname: 'ehr-app01',
      app_name: 'CRON',
      procid: '3321',
      message: 'pam_unix(cron:session): session opened for user root',
    });
  });

  it('reads rsyslog high-precision timestamps', () => {
    const result = fieldsOf(
      '<30>2026-01-13T09:15:02.123456+01:00 ehr-db01 systemd[1]: Started Session 42 of user postgres.',
    );
    expect(result.time).toBe('2026-01-13T08:15:02.123Z');
    expect(result.fields).toMatchObject({ hostname: 'ehr-db01', app_name: 'systemd', procid: '1' });
  });

  it('reads a tag with a slash and a kernel line without pid', () => {
    expect(
      fieldsOf('<22>Jan 13 08:15:02 mx01 postfix/smtpd[1234]: connect from unknown[198.51.100.4]').fields,
    ).toMatchObject({
      app_name: 'postfix/smtpd',
      procid: '1234',
      message: 'connect from unknown[198.51.100.4]',
    });
    expect(
      fieldsOf('<4>Jan 13 08:15:02 ehr-app01 kernel: [12345.678] Out of memory: Killed process 999 (java)')
        .fields,
    ).toMatchObject({ facility: 'kern', severity: 'warning', app_name: 'kernel' });
  });

  it('reads a sender that leaves its host name out', () => {
    const { fields } = fieldsOf('<13>Jan 13 08:15:02 sshd[22]: Connection closed by 10.0.0.3');
    expect(fields.hostname).toBeUndefined();
    expect(fields).toMatchObject({
      app_name: 'sshd',
      procid: '22',
      message: 'Connection closed by 10.0.0.3',
    });
  });

  it('reads an IPv6 address as the host', () => {
    expect(fieldsOf('<38>Jan 13 08:15:02 2001:db8::7 sshd[1]: x').fields.hostname).toBe('2001:db8::7');
  });

  it('reads RFC 5424 from rsyslog', () => {
    const result = fieldsOf(
      '<86>1 2026-01-13T09:20:11.554173+01:00 ehr-app01 sshd 2214 - - Accepted publickey for deploy from 10.0.0.9 port 52144 ssh2',
    );
    expect(result.time).toBe('2026-01-13T08:20:11.554Z');
    expect(result.fields).toMatchObject({
      syslog_format: 'rfc5424',
      facility: 'authpriv',
      app_name: 'sshd',
      procid: '2214',
    });
  });
});

describe('Cisco', () => {
  it('keeps the IOS mnemonic in the message and reads the unsynced timestamp', () => {
    const result = fieldsOf(
      '<189>1234: *Jan 13 08:15:02.123: %SYS-5-CONFIG_I: Configured from console by vty0 (10.0.0.1)',
    );
    expect(result.time).toBe('2026-01-13T08:15:02.123Z');
    expect(result.fields).toEqual({
      syslog_format: 'rfc3164',
      facility: 'local7',
      facility_code: 23,
      severity: 'notice',
      severity_code: 5,
      message: '%SYS-5-CONFIG_I: Configured from console by vty0 (10.0.0.1)',
    });
  });

  it('reads the origin-id host name and a UTC zone', () => {
    const result = fieldsOf(
      '<187>52: core-sw01: Jan 13 08:15:02.456 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet1/0/5, changed state to down',
    );
    expect(result.time).toBe('2026-01-13T08:15:02.456Z');
    expect(result.fields).toMatchObject({
      hostname: 'core-sw01',
      severity: 'err',
      message: '%LINK-3-UPDOWN: Interface GigabitEthernet1/0/5, changed state to down',
    });
  });

  it('reads an ASA line with its year and lone colon', () => {
    const result = fieldsOf(
      '<166>Jan 13 2026 08:15:02 asa-edge : %ASA-6-302013: Built inbound TCP connection 1234 for outside:203.0.113.7/443 to inside:10.0.0.5/52144',
    );
    expect(result.time).toBe('2026-01-13T08:15:02.000Z');
    expect(result.fields).toMatchObject({ hostname: 'asa-edge', facility: 'local4', severity: 'info' });
    expect(result.fields.app_name).toBeUndefined();
    expect(result.fields.message).toMatch(/^%ASA-6-302013: Built inbound/);
  });

  it('reads a line relayed by rsyslog that keeps the device sequence number', () => {
    const { fields } = fieldsOf(
      '<189>Jan 13 08:15:02 10.0.0.1 88: *Jan 13 08:15:01: %SEC_LOGIN-5-LOGIN_SUCCESS: ok',
    );
    expect(fields).toMatchObject({
      hostname: '10.0.0.1',
      message: '88: *Jan 13 08:15:01: %SEC_LOGIN-5-LOGIN_SUCCESS: ok',
    });
    expect(fields.app_name).toBeUndefined();
  });
});

describe('FortiGate (key=value after the PRI)', () => {
  it('keeps the whole key=value text as the message', () => {
    const line =
      '<189>date=2026-01-13 time=08:15:02 devname="FGT-EDGE" devid="FGT60FTK0000" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=10.0.0.5 dstip=203.0.113.7 dstport=443 action="close"';
    const result = fieldsOf(line);
    expect(result.time).toBeUndefined();
    expect(result.fields).toEqual({
      syslog_format: 'rfc3164',
      facility: 'local7',
      facility_code: 23,
      severity: 'notice',
      severity_code: 5,
      message: line.slice('<189>'.length),
    });
  });
});

describe('Windows forwarders', () => {
  it('reads NXLog RFC 5424 output with the event in structured data', () => {
    const result = fieldsOf(
      '<14>1 2026-01-13T08:00:00.000000+00:00 DC01.corp.hospital.local Microsoft-Windows-Security-Auditing 684 - ' +
        '[NXLOG@14506 Keywords="9232379236109516800" EventType="AUDIT_SUCCESS" EventID="4624" ' +
        'ProviderGuid="{54849625-5478-4994-A5BA-3E3B0328C30D}" Channel="Security" TargetUserName="jdoe" ' +
        'LogonType="3" IpAddress="10.20.30.40" EventReceivedTime="2026-01-13 08:00:01" SourceModuleType="im_msvistalog"] ' +
        'An account was successfully logged on.',
    );
    expect(result.time).toBe('2026-01-13T08:00:00.000Z');
    expect(result.fields).toMatchObject({
      hostname: 'DC01.corp.hospital.local',
      app_name: 'Microsoft-Windows-Security-Auditing',
      procid: '684',
      'sd.NXLOG@14506.EventID': '4624',
      'sd.NXLOG@14506.LogonType': '3',
      'sd.NXLOG@14506.Channel': 'Security',
      message: 'An account was successfully logged on.',
    });
  });

  it('hands a JSON message to the payload decoder, whose fields win', () => {
    const withPayload = syslogDecoder({
      clock: new ManualClock('2026-01-13T08:30:00Z'),
      payload: (text) => {
        const parsed = JSON.parse(text) as Record<string, string>;
        return { ok: true, fields: parsed, time: '2026-01-13T07:59:59.000Z' };
      },
    });
    const result = withPayload(
      '<14>1 2026-01-13T08:00:00Z DC01 nxlog - - - {"EventID":"4688","hostname":"DC01.corp"}',
      source,
    );
    expect(result).toMatchObject({
      ok: true,
      time: '2026-01-13T07:59:59.000Z',
      fields: { EventID: '4688', hostname: 'DC01.corp', app_name: 'nxlog' },
    });
  });

  it('keeps the message as text when the payload decoder refuses it', () => {
    const refusing = syslogDecoder({ payload: () => ({ ok: false, reason: 'not json' }) });
    const result = refusing('<14>1 - h a - - - {broken', source);
    expect(result).toMatchObject({ ok: true, fields: { message: '{broken' } });
  });
});

describe('RFC 3164 timestamps', () => {
  it('puts a December line read in January into the old year', () => {
    const newYear = syslogDecoder({ clock: new ManualClock('2026-01-01T00:10:00Z') });
    expect(newYear('<13>Dec 31 23:59:58 h app: x', source)).toMatchObject({
      time: '2025-12-31T23:59:58.000Z',
    });
  });

  it('applies the configured offset to local times but not to UTC ones', () => {
    const brussels = syslogDecoder({ clock: new ManualClock('2026-01-13T08:30:00Z'), offsetMinutes: 60 });
    expect(brussels('<13>Jan 13 09:00:00 h app: x', source)).toMatchObject({
      time: '2026-01-13T08:00:00.000Z',
    });
    expect(brussels('<13>Jan 13 09:00:00 UTC: %X-1-Y: z', source)).toMatchObject({
      time: '2026-01-13T09:00:00.000Z',
    });
  });

  it('leaves an impossible date out and keeps the text', () => {
    const result = fieldsOf('<13>Feb 30 10:00:00 h app: x');
    expect(result.time).toBeUndefined();
    expect(result.fields.message).toBe('Feb 30 10:00:00 h app: x');
  });
});

describe('refusals', () => {
  it.each([
    ['<999>Jan 13 08:15:02 h a: x', 'invalid PRI'],
    ['<abc>hello', 'invalid PRI'],
    ['   ', 'empty line'],
  ])('%j → %s', (line, reason) => {
    expect(decode(line, source)).toEqual({ ok: false, reason });
  });
});
