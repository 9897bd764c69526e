/** Security-log events (logons, privileges, process creation, Kerberos) and PowerShell 4104. */
import { type EventData, POWERSHELL, type Scene, SECURITY } from './evtx.js';
import type { ProcessStart } from './sysmon.js';
import { randomProcessStart } from './sysmon.js';
import { DOMAIN, SERVICE_ACCOUNTS } from './vocabulary.js';

const NULL_SID = 'S-1-0-0';

function subject(scene: Scene): EventData {
  return {
    SubjectUserSid: 'S-1-5-18',
    SubjectUserName: `${scene.host}$`,
    SubjectDomainName: DOMAIN,
    SubjectLogonId: '0x3e7',
  };
}

function logonCommon(scene: Scene, logonType: number): EventData {
  return {
    LogonType: logonType,
    LogonProcessName: logonType === 3 ? 'NtLmSsp ' : 'User32 ',
    AuthenticationPackageName: logonType === 3 ? 'NTLM' : 'Negotiate',
    WorkstationName: scene.host,
    TransmittedServices: '-',
    LmPackageName: logonType === 3 ? 'NTLM V2' : '-',
    KeyLength: logonType === 3 ? 128 : 0,
    ProcessId: '0x2f4',
    ProcessName: 'C:\\Windows\\System32\\svchost.exe',
    IpAddress: scene.ip(),
    IpPort: String(scene.random.int(49152, 65535)),
  };
}

export function logonSuccess(scene: Scene): object {
  const logonType = scene.random.pick([2, 3, 3, 3, 7, 10, 11]);
  const data: EventData = {
    ...subject(scene),
    TargetUserSid: scene.person.sid,
    TargetUserName: scene.person.name,
    TargetDomainName: DOMAIN,
    TargetLogonId: scene.logonId(),
    ...logonCommon(scene, logonType),
    LogonGuid: scene.random.guid(),
    ImpersonationLevel: '%%1833',
    RestrictedAdminMode: '-',
    TargetOutboundUserName: '-',
    TargetOutboundDomainName: '-',
    VirtualAccount: '%%1843',
    TargetLinkedLogonId: '0x0',
    ElevatedToken: '%%1842',
  };
  return scene.envelope(SECURITY, 4624, 12544, data, null);
}

export function logonFailure(scene: Scene): object {
  const data: EventData = {
    ...subject(scene),
    TargetUserSid: NULL_SID,
    TargetUserName: scene.person.name,
    TargetDomainName: DOMAIN,
    Status: '0xc000006d',
    FailureReason: '%%2313',
    SubStatus: '0xc000006a',
    ...logonCommon(scene, scene.random.pick([2, 3, 7])),
  };
  return scene.envelope(SECURITY, 4625, 12544, data, null);
}

export function logoff(scene: Scene): object {
  const data: EventData = {
    TargetUserSid: scene.person.sid,
    TargetUserName: scene.person.name,
    TargetDomainName: DOMAIN,
    TargetLogonId: scene.logonId(),
    LogonType: scene.random.pick([2, 3, 7]),
  };
  return scene.envelope(SECURITY, 4634, 12545, data, null);
}

export function specialPrivileges(scene: Scene): object {
  const account = scene.random.pick(SERVICE_ACCOUNTS);
  const data: EventData = {
    SubjectUserSid: account.sid,
    SubjectUserName: account.name,
    SubjectDomainName: DOMAIN,
    SubjectLogonId: scene.logonId(),
    PrivilegeList:
      'SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\t' +
      'SeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\t' +
      'SeLoadDriverPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege',
  };
  return scene.envelope(SECURITY, 4672, 12548, data, null);
}

export function securityProcessCreation(
  scene: Scene,
  start: ProcessStart = randomProcessStart(scene),
): object {
  const data: EventData = {
    SubjectUserSid: scene.person.sid,
    SubjectUserName: scene.person.name,
    SubjectDomainName: DOMAIN,
    SubjectLogonId: scene.logonId(),
    NewProcessId: `0x${scene.processId().toString(16)}`,
    NewProcessName: start.program.image,
    TokenElevationType: '%%1938',
    ProcessId: `0x${scene.processId().toString(16)}`,
    CommandLine: start.commandLine,
    TargetUserSid: NULL_SID,
    TargetUserName: '-',
    TargetDomainName: '-',
    TargetLogonId: '0x0',
    ParentProcessName: start.parentImage,
    MandatoryLabel: 'S-1-16-8192',
  };
  return scene.envelope(SECURITY, 4688, 13312, data, null);
}

function kerberosCommon(scene: Scene): EventData {
  return {
    TargetUserName: `${scene.person.name}@${DOMAIN}.LOCAL`,
    TargetDomainName: `${DOMAIN}.LOCAL`,
    TicketOptions: '0x40810000',
    Status: '0x0',
    TicketEncryptionType: '0x12',
    IpAddress: `::ffff:${scene.ip()}`,
    IpPort: String(scene.random.int(49152, 65535)),
  };
}

export function kerberosTgt(scene: Scene): object {
  const data: EventData = {
    ...kerberosCommon(scene),
    TargetSid: scene.person.sid,
    ServiceName: 'krbtgt',
    ServiceSid: 'S-1-5-21-3623811015-3361044348-30300820-502',
    PreAuthType: '2',
    CertIssuerName: '',
    CertSerialNumber: '',
    CertThumbprint: '',
  };
  return scene.envelope(SECURITY, 4768, 14339, data, null);
}

export function kerberosServiceTicket(scene: Scene): object {
  const service = scene.random.pick(['SRV-EHR01$', 'SRV-FILE01$', 'SRV-PACS01$', 'DC01$']);
  const data: EventData = {
    ...kerberosCommon(scene),
    ServiceName: service,
    ServiceSid: `S-1-5-21-3623811015-3361044348-30300820-${scene.random.int(2000, 2100)}`,
    LogonGuid: scene.random.guid(),
    TransmittedServices: '-',
  };
  return scene.envelope(SECURITY, 4769, 14337, data, null);
}

const SCRIPT_BLOCKS = [
  'Import-Module EhrTools; Get-EhrQueue -Ward $env:WARD | Where-Object { $_.Age -gt 30 } | Export-Csv -Path C:\\ProgramData\\EHR\\queue.csv -NoTypeInformation',
  '$log = Get-ChildItem -Path C:\\ProgramData\\EHR\\logs -Filter *.log | Sort-Object LastWriteTime | Select-Object -First 20; $log | Remove-Item -WhatIf',
  'Get-Service -Name EhrSync, PacsBridge | Select-Object Name, Status, StartType | ConvertTo-Json -Compress',
  'prompt',
];

export function scriptBlock(scene: Scene, text: string = scene.random.pick(SCRIPT_BLOCKS)): object {
  const data: EventData = {
    MessageNumber: 1,
    MessageTotal: 1,
    ScriptBlockText: text,
    ScriptBlockId: scene.random.guid().slice(1, -1).toLowerCase(),
    Path: text === 'prompt' ? '' : 'C:\\ProgramData\\EHR\\scripts\\maintenance.ps1',
  };
  return scene.envelope(POWERSHELL, 4104, 2, data, scene.person.sid);
}
