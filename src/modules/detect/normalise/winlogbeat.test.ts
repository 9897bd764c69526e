import { describe, expect, it } from 'vitest';

import type { EventFields } from '../types.js';
import { fixtureText, type FixtureName } from './fixtures.testkit.js';
import { normaliseJson, normaliseObject } from './normalise-json.js';

function fieldsOf(name: FixtureName): EventFields {
  const result = normaliseJson(fixtureText(name));
  if (!result.ok) throw new Error(result.reason);
  return result.fields;
}

function pick(fields: EventFields, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, fields[name]]));
}

describe('Winlogbeat / Elastic Agent documents', () => {
  it('give a Security 4688 the same Sigma fields as its EVTX rendering', () => {
    const names = [
      'EventID',
      'Channel',
      'Provider_Name',
      'Computer',
      'EventRecordID',
      'NewProcessName',
      'ParentProcessName',
      'CommandLine',
      'SubjectUserName',
      'SubjectLogonId',
      'ProcessId',
      'MandatoryLabel',
    ];
    const beat = fieldsOf('security-4688.winlogbeat');
    expect(pick(beat, names)).toEqual(pick(fieldsOf('security-4688.xmltodict'), names));
    // ECS fields outside winlog stay under their dotted names.
    expect(beat['process.command_line']).toBe('vssadmin.exe delete shadows /all /quiet');
    expect(beat['event.action']).toBe('created-process');
  });

  it('put back the Sysmon names the sysmon module moved into ECS', () => {
    const names = [
      'EventID',
      'Channel',
      'Provider_Name',
      'Computer',
      'Image',
      'CommandLine',
      'ParentImage',
      'ParentCommandLine',
      'CurrentDirectory',
      'ProcessId',
      'ParentProcessId',
      'ProcessGuid',
      'User',
      'OriginalFileName',
      'IntegrityLevel',
      'LogonId',
      'Hashes',
    ];
    const beat = pick(fieldsOf('sysmon-1.winlogbeat'), names);
    const evtx = pick(fieldsOf('sysmon-1.evtx'), names);
    expect(beat).toEqual(evtx);
  });

  it('put back ScriptBlockText for PowerShell 4104 and match the EVTX rendering', () => {
    const names = ['EventID', 'Channel', 'Provider_Name', 'Computer', 'ScriptBlockText', 'ScriptBlockId'];
    const beat = fieldsOf('powershell-4104.winlogbeat');
    expect(pick(beat, names)).toEqual(pick(fieldsOf('powershell-4104.evtx'), names));
    expect(beat.EventID).toBe(4104);
  });

  it('takes the time from @timestamp', () => {
    const result = normaliseJson(fixtureText('sysmon-1.winlogbeat'));
    expect(result.ok && result.time).toBe('2025-11-03T08:14:22.529Z');
  });

  it('never lets ECS overwrite event data that is still there', () => {
    const result = normaliseObject({
      process: { executable: 'C:\\ecs.exe' },
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: 1,
        event_data: { Image: 'C:\\data.exe' },
      },
    });
    expect(result.ok && result.fields.Image).toBe('C:\\data.exe');
  });

  it('uses the source image for process access, not Image', () => {
    const result = normaliseObject({
      process: { executable: 'C:\\Tools\\dumper.exe', pid: 4242 },
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: 10,
        event_data: { TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1010' },
      },
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.fields).toMatchObject({ SourceImage: 'C:\\Tools\\dumper.exe', SourceProcessId: 4242 });
    expect(result.fields).not.toHaveProperty('Image');
  });

  it('lists param1… of the classic PowerShell log as Data, or falls back to the message', () => {
    const params = normaliseObject({
      message: 'Engine state is changed from None to Available.',
      winlog: {
        channel: 'Windows PowerShell',
        event_id: 400,
        event_data: { param2: 'None', param1: 'Available', param3: '\tHostName=ConsoleHost' },
      },
    });
    expect(params.ok && params.fields.Data).toEqual(['Available', 'None', '\tHostName=ConsoleHost']);
    const dissected = normaliseObject({
      message: 'Engine state…\n\tHostName=ConsoleHost\n\tHostApplication=powershell.exe -enc AA',
      winlog: { channel: 'Windows PowerShell', event_id: '400', event_data: { HostName: 'ConsoleHost' } },
    });
    expect(dissected.ok && dissected.fields.Data).toContain('HostApplication=powershell.exe');
  });

  it('take EventID from event.code when winlog has none', () => {
    const result = normaliseObject({ event: { code: '4625' }, winlog: { channel: 'Security' } });
    expect(result.ok && result.fields.EventID).toBe(4625);
  });
});
