import type { FieldSink } from './field-sink.js';
import { toScalar } from './flatten.js';
import { isRecord } from './xml-json.js';

/**
 * Winlogbeat's Sysmon and PowerShell modules move some event data into ECS fields and delete the
 * originals (Image becomes process.executable, ScriptBlockText powershell.file.script_block_text).
 * These tables put Sigma's names back, only where the event data no longer has them, so the same
 * rules match whether or not the module ran.
 */
interface Restore {
  readonly from: string;
  readonly to: string;
  /** Event ids it applies to; all of the channel's when absent. */
  readonly ids?: readonly number[];
}

const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
const POWERSHELL_CHANNELS = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const CLASSIC_POWERSHELL_CHANNEL = 'Windows PowerShell';

const SOURCE_PROCESS_IDS = [8, 10];
const FILE_TARGET_IDS = [2, 11, 15, 23, 26, 27, 28, 29];
const NOT_SOURCE = (id: number): boolean => !SOURCE_PROCESS_IDS.includes(id);

const SYSMON_RESTORES: readonly Restore[] = [
  { from: 'process.entity_id', to: 'SourceProcessGuid', ids: SOURCE_PROCESS_IDS },
  { from: 'process.pid', to: 'SourceProcessId', ids: SOURCE_PROCESS_IDS },
  { from: 'process.executable', to: 'SourceImage', ids: SOURCE_PROCESS_IDS },
  { from: 'process.thread.id', to: 'SourceThreadId', ids: [10] },
  { from: 'process.executable', to: 'Destination', ids: [20] },
  { from: 'process.command_line', to: 'CommandLine', ids: [1] },
  { from: 'process.working_directory', to: 'CurrentDirectory', ids: [1] },
  { from: 'process.parent.entity_id', to: 'ParentProcessGuid', ids: [1] },
  { from: 'process.parent.pid', to: 'ParentProcessId', ids: [1] },
  { from: 'process.parent.executable', to: 'ParentImage', ids: [1] },
  { from: 'process.parent.command_line', to: 'ParentCommandLine', ids: [1] },
  { from: 'process.pe.original_file_name', to: 'OriginalFileName', ids: [1, 6, 7] },
  { from: 'process.pe.description', to: 'Description', ids: [1] },
  { from: 'process.pe.product', to: 'Product', ids: [1] },
  { from: 'process.pe.company', to: 'Company', ids: [1] },
  { from: 'process.pe.file_version', to: 'FileVersion', ids: [1] },
  { from: 'file.path', to: 'TargetFilename', ids: FILE_TARGET_IDS },
  { from: 'file.path', to: 'ImageLoaded', ids: [6, 7] },
  { from: 'file.path', to: 'Device', ids: [9] },
  { from: 'file.name', to: 'PipeName', ids: [17, 18] },
  { from: 'dns.question.name', to: 'QueryName', ids: [22] },
  { from: 'network.transport', to: 'Protocol', ids: [3] },
  { from: 'source.ip', to: 'SourceIp', ids: [3] },
  { from: 'source.domain', to: 'SourceHostname', ids: [3] },
  { from: 'source.port', to: 'SourcePort', ids: [3] },
  { from: 'destination.ip', to: 'DestinationIp', ids: [3] },
  { from: 'destination.domain', to: 'DestinationHostname', ids: [3] },
  { from: 'destination.port', to: 'DestinationPort', ids: [3] },
  { from: 'network.protocol', to: 'DestinationPortName', ids: [3] },
];

const POWERSHELL_RESTORES: readonly Restore[] = [
  { from: 'powershell.file.script_block_text', to: 'ScriptBlockText', ids: [4104] },
  { from: 'powershell.file.script_block_id', to: 'ScriptBlockId', ids: [4104] },
  { from: 'powershell.sequence', to: 'MessageNumber', ids: [4104] },
  { from: 'powershell.total', to: 'MessageTotal', ids: [4104] },
  { from: 'file.path', to: 'Path', ids: [4104] },
  // The module splits ContextInfo into fields and drops it; the rendered message still holds it.
  { from: 'message', to: 'ContextInfo', ids: [4103] },
];

export function restoreSigmaNames(
  sink: FieldSink,
  document: Record<string, unknown>,
  channel: unknown,
  eventId: unknown,
): void {
  if (typeof eventId !== 'number') return;
  if (channel === SYSMON_CHANNEL) restoreSysmon(sink, document, eventId);
  else if (typeof channel === 'string' && POWERSHELL_CHANNELS.includes(channel)) {
    applyRestores(sink, document, POWERSHELL_RESTORES, eventId);
  } else if (channel === CLASSIC_POWERSHELL_CHANNEL && !sink.has('Data')) {
    const message = toScalar(valueAt(document, 'message'));
    if (typeof message === 'string') sink.set('Data', message);
  }
}

function restoreSysmon(sink: FieldSink, document: Record<string, unknown>, eventId: number): void {
  applyRestores(sink, document, SYSMON_RESTORES, eventId);
  if (NOT_SOURCE(eventId)) {
    applyRestores(sink, document, [{ from: 'process.entity_id', to: 'ProcessGuid' }], eventId);
    applyRestores(sink, document, [{ from: 'process.pid', to: 'ProcessId' }], eventId);
    if (eventId !== 20) applyRestores(sink, document, [{ from: 'process.executable', to: 'Image' }], eventId);
  }
  if (eventId === 1 && !sink.has('CommandLine')) {
    const args = valueAt(document, 'process.args');
    if (Array.isArray(args) && args.every((arg) => typeof arg === 'string')) {
      sink.set('CommandLine', args.join(' '));
    }
  }
  if (eventId === 3 && !sink.has('Initiated')) {
    const direction = valueAt(document, 'network.direction');
    if (direction === 'outbound' || direction === 'egress') sink.set('Initiated', 'true');
    if (direction === 'inbound' || direction === 'ingress') sink.set('Initiated', 'false');
  }
  restoreUser(sink, document);
  restoreHashes(sink, document, eventId === 15 ? 'Hash' : 'Hashes');
}

function applyRestores(
  sink: FieldSink,
  document: Record<string, unknown>,
  restores: readonly Restore[],
  eventId: number,
): void {
  for (const restore of restores) {
    if (restore.ids !== undefined && !restore.ids.includes(eventId)) continue;
    if (sink.has(restore.to)) continue;
    const value = toScalar(valueAt(document, restore.from));
    if (value !== undefined && value !== null) sink.set(restore.to, value);
  }
}

function restoreUser(sink: FieldSink, document: Record<string, unknown>): void {
  if (sink.has('User')) return;
  const name = valueAt(document, 'user.name');
  const domain = valueAt(document, 'user.domain');
  if (typeof name === 'string' && typeof domain === 'string') sink.set('User', `${domain}\\${name}`);
}

/** Sysmon writes `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` in upper case; the module splits it into hash.*. */
function restoreHashes(sink: FieldSink, document: Record<string, unknown>, target: string): void {
  if (sink.has(target)) return;
  const hashes = valueAt(document, 'hash');
  if (!isRecord(hashes)) return;
  const parts = Object.entries(hashes)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([kind, value]) => `${kind.toUpperCase()}=${value.toUpperCase()}`);
  if (parts.length > 0) sink.set(target, parts.join(','));
}

const splitPaths = new Map<string, readonly string[]>();

/** A value by dotted path, through nested objects or as a literal dotted key. */
export function valueAt(document: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(document, path)) return document[path];
  let parts = splitPaths.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    // Only the fixed paths of the tables above come here, so the cache stays small.
    if (splitPaths.size < 256) splitPaths.set(path, parts);
  }
  let node: unknown = document;
  for (const part of parts) {
    if (!isRecord(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}
