/**
 * What a hospital's Windows estate looks like in its logs: hosts, people, and the programs they run
 * with the command lines those programs are usually started with.
 */
import { createHash } from 'node:crypto';
import type { Random } from './random.js';

export const DOMAIN = 'AZDEMO';
export const DNS_DOMAIN = 'azdemo.local';

const SURNAMES = ['peeters', 'janssens', 'maes', 'jacobs', 'mertens', 'willems', 'claes', 'goossens'];
const INITIALS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 's', 't', 'v', 'w'];

export interface Person {
  readonly name: string;
  readonly sid: string;
}

export const PEOPLE: readonly Person[] = SURNAMES.flatMap((surname, s) =>
  INITIALS.map((initial, i) => ({
    name: `${initial}.${surname}`,
    sid: `S-1-5-21-3623811015-3361044348-30300820-${1100 + s * 100 + i}`,
  })),
);

export const SERVICE_ACCOUNTS: readonly Person[] = [
  { name: 'svc-ehr', sid: 'S-1-5-21-3623811015-3361044348-30300820-1013' },
  { name: 'svc-backup', sid: 'S-1-5-21-3623811015-3361044348-30300820-1014' },
  { name: 'svc-pacs', sid: 'S-1-5-21-3623811015-3361044348-30300820-1015' },
];

export const HOSTS: readonly string[] = [
  ...Array.from({ length: 380 }, (_, i) => `WS-${String(i + 1).padStart(4, '0')}`),
  'SRV-EHR01',
  'SRV-EHR02',
  'SRV-PACS01',
  'SRV-LAB01',
  'SRV-FILE01',
  'SRV-PRINT01',
  'DC01',
  'DC02',
];

export function fqdn(host: string): string {
  return `${host}.${DNS_DOMAIN}`;
}

export interface Program {
  readonly image: string;
  readonly originalFileName: string;
  readonly description: string;
  readonly product: string;
  readonly company: string;
  readonly fileVersion: string;
  readonly commandLines: readonly string[];
  readonly parents: readonly string[];
  readonly weight: number;
}

const MS = 'Microsoft Corporation';
const WINDOWS = 'Microsoft® Windows® Operating System';
const OS_VERSION = '10.0.19041.3636 (WinBuild.160101.0800)';

function system(
  path: string,
  originalFileName: string,
  description: string,
  commandLines: string[],
  parents: string[],
  weight: number,
): Program {
  return {
    image: `C:\\Windows\\System32\\${path}`,
    originalFileName,
    description,
    product: WINDOWS,
    company: MS,
    fileVersion: OS_VERSION,
    commandLines,
    parents,
    weight,
  };
}

export const PROGRAMS: readonly Program[] = [
  system(
    'svchost.exe',
    'svchost.exe',
    'Host Process for Windows Services',
    [
      'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
      'C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog',
      'C:\\Windows\\System32\\svchost.exe -k wsappx -p -s AppXSvc',
    ],
    ['C:\\Windows\\System32\\services.exe'],
    12,
  ),
  system(
    'conhost.exe',
    'CONHOST.EXE',
    'Console Window Host',
    ['\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1'],
    ['C:\\Windows\\System32\\cmd.exe'],
    8,
  ),
  system(
    'cmd.exe',
    'Cmd.Exe',
    'Windows Command Processor',
    [
      'C:\\Windows\\system32\\cmd.exe /c "C:\\Program Files\\EHR\\bin\\sync-agenda.bat"',
      'cmd.exe /c ipconfig /all',
      'C:\\Windows\\system32\\cmd.exe /d /c C:\\Windows\\system32\\silcollector.cmd publish',
    ],
    ['C:\\Windows\\explorer.exe', 'C:\\Windows\\System32\\svchost.exe'],
    6,
  ),
  system(
    'taskhostw.exe',
    'taskhostw.exe',
    'Host Process for Windows Tasks',
    ['taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}'],
    ['C:\\Windows\\System32\\svchost.exe'],
    4,
  ),
  system(
    'backgroundTaskHost.exe',
    'backgroundTaskHost.exe',
    'Background Task Host',
    ['"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider'],
    ['C:\\Windows\\System32\\svchost.exe'],
    3,
  ),
  system(
    'SearchProtocolHost.exe',
    'SearchProtocolHost.exe',
    'Microsoft Windows Search Protocol Host',
    [
      '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"',
    ],
    ['C:\\Windows\\System32\\SearchIndexer.exe'],
    3,
  ),
  system(
    'WmiPrvSE.exe',
    'Wmiprvse.exe',
    'WMI Provider Host',
    ['C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding'],
    ['C:\\Windows\\System32\\svchost.exe'],
    3,
  ),
  system(
    'gpupdate.exe',
    'GPUpdate.exe',
    'Microsoft® Windows Group Policy Update Utility',
    ['gpupdate.exe /target:computer'],
    ['C:\\Windows\\System32\\cmd.exe'],
    1,
  ),
  {
    image: 'C:\\Windows\\explorer.exe',
    originalFileName: 'EXPLORER.EXE',
    description: 'Windows Explorer',
    product: WINDOWS,
    company: MS,
    fileVersion: OS_VERSION,
    commandLines: ['C:\\Windows\\Explorer.EXE'],
    parents: ['C:\\Windows\\System32\\userinit.exe'],
    weight: 2,
  },
  {
    image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    originalFileName: 'chrome.exe',
    description: 'Google Chrome',
    product: 'Google Chrome',
    company: 'Google LLC',
    fileVersion: '131.0.6778.86',
    commandLines: [
      '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=nl --renderer-client-id=12 --launch-time-ticks=8813421344 --mojo-platform-channel-handle=3012 /prefetch:1',
      '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=nl --service-sandbox-type=none /prefetch:8',
    ],
    parents: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Windows\\explorer.exe'],
    weight: 10,
  },
  {
    image: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    originalFileName: 'Outlook.exe',
    description: 'Microsoft Outlook',
    product: 'Microsoft Outlook',
    company: MS,
    fileVersion: '16.0.17928.20156',
    commandLines: ['"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" '],
    parents: ['C:\\Windows\\explorer.exe'],
    weight: 3,
  },
  {
    image: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
    originalFileName: 'WinWord.exe',
    description: 'Microsoft Word',
    product: 'Microsoft Office',
    company: MS,
    fileVersion: '16.0.17928.20156',
    commandLines: [
      '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "\\\\SRV-FILE01\\afdelingen\\verpleging\\overdracht.docx" /o ""',
    ],
    parents: ['C:\\Windows\\explorer.exe'],
    weight: 2,
  },
  {
    image: 'C:\\Program Files\\EHR\\bin\\EhrClient.exe',
    originalFileName: 'EhrClient.exe',
    description: 'EHR Desktop Client',
    product: 'EHR Workstation',
    company: 'HealthSoft NV',
    fileVersion: '24.3.1.118',
    commandLines: [
      '"C:\\Program Files\\EHR\\bin\\EhrClient.exe" --server https://srv-ehr01.azdemo.local:8443 --ward',
      '"C:\\Program Files\\EHR\\bin\\EhrClient.exe" --server https://srv-ehr02.azdemo.local:8443',
    ],
    parents: ['C:\\Windows\\explorer.exe'],
    weight: 8,
  },
  {
    image: 'C:\\Program Files\\PACS Viewer\\PacsView.exe',
    originalFileName: 'PacsView.exe',
    description: 'PACS Image Viewer',
    product: 'PACS Viewer',
    company: 'ImagingWorks BV',
    fileVersion: '8.2.0.4411',
    commandLines: ['"C:\\Program Files\\PACS Viewer\\PacsView.exe" /study:auto'],
    parents: ['C:\\Program Files\\EHR\\bin\\EhrClient.exe'],
    weight: 3,
  },
  {
    image: 'C:\\Program Files\\Windows Defender\\MsMpEng.exe',
    originalFileName: 'MsMpEng.exe',
    description: 'Antimalware Service Executable',
    product: WINDOWS,
    company: MS,
    fileVersion: '4.18.24090.11',
    commandLines: ['"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.24090.11-0\\MsMpEng.exe"'],
    parents: ['C:\\Windows\\System32\\services.exe'],
    weight: 3,
  },
  system(
    'WindowsPowerShell\\v1.0\\powershell.exe',
    'PowerShell.EXE',
    'Windows PowerShell',
    [
      'powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\ProgramData\\EHR\\scripts\\rotate-logs.ps1',
      '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoLogo -Command Get-Service EhrSync',
    ],
    ['C:\\Windows\\System32\\svchost.exe'],
    2,
  ),
];

const programWeights = PROGRAMS.map((program) => [program, program.weight] as const);

export function pickProgram(random: Random): Program {
  return random.weighted(programWeights);
}

const hashCache = new Map<string, string>();

/** The Sysmon `Hashes` field; stable per image like a real binary's would be. */
export function hashesOf(image: string): string {
  let hashes = hashCache.get(image);
  if (!hashes) {
    const digest = (algorithm: string) => createHash(algorithm).update(image).digest('hex').toUpperCase();
    hashes = `MD5=${digest('md5')},SHA256=${digest('sha256')},IMPHASH=${digest('md5').slice(8)}${digest('md5').slice(0, 8)}`;
    hashCache.set(image, hashes);
  }
  return hashes;
}

export const DLLS: readonly string[] = [
  'C:\\Windows\\System32\\ntdll.dll',
  'C:\\Windows\\System32\\kernel32.dll',
  'C:\\Windows\\System32\\KernelBase.dll',
  'C:\\Windows\\System32\\advapi32.dll',
  'C:\\Windows\\System32\\crypt32.dll',
  'C:\\Windows\\System32\\winhttp.dll',
  'C:\\Windows\\System32\\combase.dll',
  'C:\\Windows\\System32\\msvcp_win.dll',
];

export const DOMAINS_QUERIED: readonly string[] = [
  'srv-ehr01.azdemo.local',
  'srv-pacs01.azdemo.local',
  'dc01.azdemo.local',
  'outlook.office365.com',
  'login.microsoftonline.com',
  'www.google.com',
  'update.googleapis.com',
  'ctldl.windowsupdate.com',
  'settings-win.data.microsoft.com',
];

export const REGISTRY_KEYS: readonly string[] = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\LastOnlineScanTimeForAppCategory',
  'HKU\\S-1-5-21-3623811015-3361044348-30300820-1101\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\LastChange',
  'HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\S-1-5-18\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe',
  'HKU\\S-1-5-21-3623811015-3361044348-30300820-1102\\Software\\Google\\Chrome\\BLBeacon\\version',
];
