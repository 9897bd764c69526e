import { describe, expect, it } from 'vitest';

import { normaliseEvtx } from './evtx.js';
import { fixtureText } from './fixtures.testkit.js';
import { normaliseJson, normaliseObject } from './normalise-json.js';

function fieldsOf(text: string): Record<string, unknown> {
  const result = normaliseJson(text);
  if (!result.ok) throw new Error(result.reason);
  return result.fields;
}

describe('EVTX-as-JSON', () => {
  it('gives a Sysmon process creation the names Sigma rules use, values as the input had them', () => {
    const result = normaliseJson(fixtureText('sysmon-1.evtx'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.time).toBe('2025-11-03T08:14:22.530Z');
    expect(result.fields).toMatchObject({
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Provider_Name: 'Microsoft-Windows-Sysmon',
      Computer: 'WS-WARD3-07.hospital.local',
      Level: 4,
      EventRecordID: 118244,
      Keywords: '0x8000000000000000',
      Image: 'C:\\Windows\\System32\\vssadmin.exe',
      CommandLine: 'vssadmin.exe delete shadows /all /quiet',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      ProcessId: 7316,
      User: 'HOSPITAL\\nurse07',
      OriginalFileName: 'VSSADMIN.EXE',
    });
    // System's own ProcessID is the event log service's, not the process the event is about.
    expect(result.fields).not.toHaveProperty('ProcessID');
  });

  it('reads the xmltodict shape: @Name data items, @SystemTime, EventID as text', () => {
    const result = normaliseJson(fixtureText('security-4688.xmltodict'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.time).toBe('2025-11-03T08:14:22.531Z');
    expect(result.fields).toMatchObject({
      EventID: 4688,
      Channel: 'Security',
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      NewProcessName: 'C:\\Windows\\System32\\vssadmin.exe',
      ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
      SubjectUserName: 'nurse07',
      CommandLine: 'vssadmin.exe delete shadows /all /quiet',
      TargetUserName: '-',
    });
  });

  it('keeps numbers numeric and strings as strings in a 4624 logon', () => {
    const fields = fieldsOf(fixtureText('security-4624.evtx'));
    expect(fields.EventID).toBe(4624);
    expect(fields.LogonType).toBe(3);
    expect(fields.IpPort).toBe('49822');
    expect(fields.LogonProcessName).toBe('NtLmSsp ');
  });

  it('takes EventID from {"#text"} and {"Value"} and an item without text as empty', () => {
    const fields = fieldsOf(fixtureText('powershell-4104.evtx'));
    expect(fields.EventID).toBe(4104);
    expect(fields.ScriptBlockText).toContain('Win32_Shadowcopy');
    expect(fields.Path).toBe('');
    const value = normaliseObject({ Event: { System: { EventID: { Value: 7045 }, Channel: 'System' } } });
    expect(value.ok && value.fields.EventID).toBe(7045);
  });

  it('gathers unnamed data of the classic PowerShell log into Data', () => {
    const fields = fieldsOf(fixtureText('powershell-400.evtx'));
    expect(fields.EventID).toBe(400);
    expect(fields.Channel).toBe('Windows PowerShell');
    expect(fields.Data).toHaveLength(3);
    expect((fields.Data as string[])[2]).toContain('HostName=ConsoleHost');
  });

  it('reads UserData fields under their own names', () => {
    const fields = fieldsOf(fixtureText('security-1102.evtx'));
    expect(fields).toMatchObject({ EventID: 1102, SubjectUserName: 'Administrator', Channel: 'Security' });
    expect(Object.keys(fields).some((key) => key.includes('xmlns'))).toBe(false);
  });

  it('accepts a record without the Event wrapper, a single Data item and a plain provider name', () => {
    const result = normaliseObject({
      System: { EventID: 7045, Provider: { Name: 'Service Control Manager' }, Channel: 'System' },
      EventData: { Data: { '@Name': 'ServiceName', '#text': 'PSEXESVC' } },
    });
    expect(result.ok && result.fields).toMatchObject({
      EventID: 7045,
      Provider_Name: 'Service Control Manager',
      ServiceName: 'PSEXESVC',
    });
  });

  it('lets EventData win over UserData for the same name and ignores markup keys', () => {
    const result = normaliseObject({
      Event: {
        System: { EventID: 1 },
        EventData: { '@xmlns': 'x', Name: 'from-event-data' },
        UserData: { Wrapper: { Name: 'from-user-data' } },
      },
    });
    expect(result.ok && result.fields).toEqual({ EventID: 1, Name: 'from-event-data' });
  });

  it('reads an Event without a System element as generic JSON, and refuses it as EVTX', () => {
    const generic = normaliseObject({ Event: { System: 'nope' } });
    expect(generic).toEqual({ ok: true, fields: { 'Event.System': 'nope' } });
    expect(normaliseEvtx({ Event: { EventData: {} } })).toEqual({
      ok: false,
      reason: 'EVTX event has no System element',
    });
  });

  it('keeps no time when TimeCreated is not a time', () => {
    const badTime = normaliseObject({
      Event: { System: { EventID: 1, TimeCreated: { SystemTime: 'yesterday' } } },
    });
    expect(badTime.ok && badTime.time).toBeUndefined();
  });
});
