/** Sysmon events 1, 3, 5, 7, 10, 11, 12, 13 and 22 as a busy workstation produces them. */
import { type EventData, type Scene, SYSMON } from './evtx.js';
import { DLLS, DOMAINS_QUERIED, hashesOf, pickProgram, type Program, REGISTRY_KEYS } from './vocabulary.js';

const SYSTEM_SID = 'S-1-5-18';

function processRef(scene: Scene, program: Program): EventData {
  return {
    RuleName: '-',
    UtcTime: scene.utcTime,
    ProcessGuid: scene.random.guid(),
    ProcessId: scene.processId(),
    Image: program.image,
  };
}

export interface ProcessStart {
  program: Program;
  commandLine: string;
  parentImage: string;
  parentCommandLine: string;
}

export function randomProcessStart(scene: Scene): ProcessStart {
  const program = pickProgram(scene.random);
  const parentImage = scene.random.pick(program.parents);
  return {
    program,
    commandLine: scene.random.pick(program.commandLines),
    parentImage,
    parentCommandLine: parentImage.includes(' ') ? `"${parentImage}"` : parentImage,
  };
}

export function processCreation(scene: Scene, start: ProcessStart = randomProcessStart(scene)): object {
  const { program } = start;
  const data: EventData = {
    ...processRef(scene, program),
    FileVersion: program.fileVersion,
    Description: program.description,
    Product: program.product,
    Company: program.company,
    OriginalFileName: program.originalFileName,
    CommandLine: start.commandLine,
    CurrentDirectory: 'C:\\Windows\\system32\\',
    User: scene.account,
    LogonGuid: scene.random.guid(),
    LogonId: scene.logonId(),
    TerminalSessionId: 1,
    IntegrityLevel: 'Medium',
    Hashes: hashesOf(program.image),
    ParentProcessGuid: scene.random.guid(),
    ParentProcessId: scene.processId(),
    ParentImage: start.parentImage,
    ParentCommandLine: start.parentCommandLine,
    ParentUser: scene.account,
  };
  return scene.envelope(SYSMON, 1, 1, data, SYSTEM_SID);
}

export function networkConnection(scene: Scene): object {
  const program = pickProgram(scene.random);
  const port = scene.random.pick([443, 443, 443, 8443, 80, 445, 389, 88, 53, 104]);
  const data: EventData = {
    ...processRef(scene, program),
    User: scene.account,
    Protocol: 'tcp',
    Initiated: 'true',
    SourceIsIpv6: 'false',
    SourceIp: scene.ip(),
    SourceHostname: `${scene.host.toLowerCase()}.azdemo.local`,
    SourcePort: scene.random.int(49152, 65535),
    SourcePortName: '-',
    DestinationIsIpv6: 'false',
    DestinationIp: scene.ip(),
    DestinationHostname: scene.random.pick(DOMAINS_QUERIED),
    DestinationPort: port,
    DestinationPortName: port === 443 ? 'https' : port === 445 ? 'microsoft-ds' : '-',
  };
  return scene.envelope(SYSMON, 3, 3, data, SYSTEM_SID);
}

export function processTerminated(scene: Scene): object {
  const data: EventData = { ...processRef(scene, pickProgram(scene.random)), User: scene.account };
  return scene.envelope(SYSMON, 5, 5, data, SYSTEM_SID);
}

export function imageLoaded(scene: Scene): object {
  const program = pickProgram(scene.random);
  const dll = scene.random.pick(DLLS);
  const data: EventData = {
    ...processRef(scene, program),
    ImageLoaded: dll,
    FileVersion: '10.0.19041.3636 (WinBuild.160101.0800)',
    Description: 'Windows NT BASE API Client DLL',
    Product: 'Microsoft® Windows® Operating System',
    Company: 'Microsoft Corporation',
    OriginalFileName: dll.slice(dll.lastIndexOf('\\') + 1),
    Hashes: hashesOf(dll),
    Signed: 'true',
    Signature: 'Microsoft Windows',
    SignatureStatus: 'Valid',
    User: scene.account,
  };
  return scene.envelope(SYSMON, 7, 7, data, SYSTEM_SID);
}

export function processAccess(scene: Scene): object {
  const source = pickProgram(scene.random);
  const target = pickProgram(scene.random);
  const data: EventData = {
    RuleName: '-',
    UtcTime: scene.utcTime,
    SourceProcessGUID: scene.random.guid(),
    SourceProcessId: scene.processId(),
    SourceThreadId: scene.processId(),
    SourceImage: source.image,
    TargetProcessGUID: scene.random.guid(),
    TargetProcessId: scene.processId(),
    TargetImage: target.image,
    GrantedAccess: scene.random.pick(['0x1000', '0x1400', '0x101000']),
    CallTrace:
      'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|' +
      `${source.image}+1a2f3|C:\\Windows\\System32\\KERNEL32.DLL+17034|C:\\Windows\\SYSTEM32\\ntdll.dll+52651`,
    SourceUser: scene.account,
    TargetUser: scene.account,
  };
  return scene.envelope(SYSMON, 10, 10, data, SYSTEM_SID);
}

export function fileCreated(scene: Scene): object {
  const program = pickProgram(scene.random);
  const name = scene.random.pick(['overdracht', 'labo-resultaat', 'ontslagbrief', 'planning', 'report']);
  const folder = scene.random.pick([
    `C:\\Users\\${scene.person.name}\\Documents\\`,
    `C:\\Users\\${scene.person.name}\\AppData\\Local\\Temp\\`,
    'C:\\ProgramData\\EHR\\cache\\',
  ]);
  const data: EventData = {
    ...processRef(scene, program),
    TargetFilename: `${folder}${name}-${scene.random.int(1000, 9999)}.${scene.random.pick(['docx', 'pdf', 'tmp', 'json'])}`,
    CreationUtcTime: scene.utcTime,
    User: scene.account,
  };
  return scene.envelope(SYSMON, 11, 11, data, SYSTEM_SID);
}

export function registryEvent(scene: Scene, id: 12 | 13): object {
  const program = pickProgram(scene.random);
  const data: EventData = {
    RuleName: '-',
    EventType: id === 12 ? 'CreateKey' : 'SetValue',
    UtcTime: scene.utcTime,
    ProcessGuid: scene.random.guid(),
    ProcessId: scene.processId(),
    Image: program.image,
    TargetObject: scene.random.pick(REGISTRY_KEYS),
    ...(id === 13 ? { Details: `DWORD (0x${scene.random.hex(8)})` } : {}),
    User: scene.account,
  };
  return scene.envelope(SYSMON, id, id, data, SYSTEM_SID);
}

export function dnsQuery(scene: Scene): object {
  const program = pickProgram(scene.random);
  const data: EventData = {
    RuleName: '-',
    UtcTime: scene.utcTime,
    ProcessGuid: scene.random.guid(),
    ProcessId: scene.processId(),
    QueryName: scene.random.pick(DOMAINS_QUERIED),
    QueryStatus: '0',
    QueryResults: `::ffff:${scene.ip()};`,
    Image: program.image,
    User: scene.account,
  };
  return scene.envelope(SYSMON, 22, 22, data, SYSTEM_SID);
}
