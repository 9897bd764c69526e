import type { EventFields, FieldValue } from '../../types.js';
import { FieldSink } from '../field-sink.js';
import { NORMALISE_LIMITS } from '../limits.js';
import { guarded, normalised, refused, type NormaliseResult } from '../result.js';
import { fromEpoch } from '../time.js';
import { decodeSockaddr } from './sockaddr.js';
import { syscallName } from './syscalls.js';
import { tokenizeAuditBody, type AuditPair } from './tokens.js';

const HEADER =
  /^(?:node=(\S{1,255})\s+)?type=([A-Za-z0-9_]{1,64})\s+msg=audit\((\d{1,12})(?:\.(\d{1,9}))?:(\d{1,20})\):\s?/;

/** Fields auditd logs as untrusted strings: quoted when plain, hex-encoded when not. */
const HEX_FIELDS = new Set([
  'comm',
  'exe',
  'cwd',
  'name',
  'proctitle',
  'cmd',
  'data',
  'key',
  'acct',
  'path',
  'ocomm',
]);
const EXECVE_ARG = /^a(\d{1,5})(?:\[(\d{1,5})\])?$/;
const HEX = /^(?:[0-9A-F]{2})+$/;

export function looksLikeAuditd(text: string): boolean {
  return HEADER.test(text.slice(0, 512));
}

/** An audit record's identity: records of one event share node and serial. */
export interface AuditRecord {
  readonly fields: EventFields;
  readonly time?: string;
  readonly type: string;
  readonly eventKey: string;
}

/**
 * One audit record line (`type=EXECVE msg=audit(1700000000.123:456): argc=2 a0="ls" a1=2F746D70`)
 * to fields under the record's own names, as Sigma's auditd rules expect: `type`, then each pair with
 * quotes removed and hex-encoded strings decoded; EXECVE arguments split over `aN[i]` rejoined;
 * `SYSCALL` named from the number when the log is not in enriched format; SOCKADDR addresses decoded
 * into saddr_fam/laddr/lport; and for EXECVE `cmdline`, the arguments joined by spaces. Values are
 * strings, as in the log.
 */
export function parseAuditdRecord(line: string): AuditRecord | { readonly reason: string } {
  if (line.length > NORMALISE_LIMITS.maxInputChars) return { reason: 'audit record too large' };
  const text = line.trim();
  const header = HEADER.exec(text);
  if (!header) return { reason: 'not an audit record' };
  const [matched, node, type = '', seconds = '0', fraction = '', serial = ''] = header;
  const [raw = '', enriched = ''] = text.slice(matched.length).split('\x1d', 2);
  const sink = new FieldSink();
  sink.set('type', type);
  if (node !== undefined) sink.set('node', node);
  const args = new Map<string, string[]>();
  writePairs(sink, tokenizeAuditBody(raw), type, args);
  writePairs(sink, tokenizeAuditBody(enriched), type, args);
  for (const [name, parts] of args) sink.set(name, parts.join(''));
  deriveFields(sink, type);
  const time = fromEpoch(Number(`${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}`));
  return {
    fields: sink.result(),
    type,
    eventKey: `${node ?? ''}:${serial}`,
    ...(time === undefined ? {} : { time }),
  };
}

/** The same as a normaliser result, for callers that treat every format alike. */
export function normaliseAuditd(line: string): NormaliseResult {
  return guarded(() => {
    const record = parseAuditdRecord(line);
    return 'reason' in record ? refused(record.reason) : normalised(record.fields, record.time);
  }, 'audit record could not be read');
}

function writePairs(
  sink: FieldSink,
  pairs: readonly AuditPair[],
  type: string,
  args: Map<string, string[]>,
): void {
  for (const pair of pairs) {
    if (pair.nested !== undefined) {
      // msg='op=… acct="root" exe="/usr/bin/sudo" res=success' nests the user-space record's fields.
      writePairs(sink, pair.nested, type, args);
      continue;
    }
    const value = decodeValue(pair, type);
    const arg = type === 'EXECVE' ? EXECVE_ARG.exec(pair.key) : null;
    if (arg?.[2] !== undefined) {
      const name = `a${arg[1]}`;
      const parts = args.get(name) ?? [];
      if (parts.length < NORMALISE_LIMITS.maxArrayItems) parts.push(value);
      args.set(name, parts);
      continue;
    }
    sink.set(pair.key, value);
  }
}

function decodeValue(pair: AuditPair, type: string): string {
  if (pair.quoted || !HEX.test(pair.value)) return pair.value;
  const untrusted = HEX_FIELDS.has(pair.key) || (type === 'EXECVE' && EXECVE_ARG.test(pair.key));
  if (!untrusted) return pair.value;
  const decoded = Buffer.from(pair.value, 'hex').toString('utf8');
  // proctitle separates argv with NUL bytes; a space is what a reader (and a rule) expects.
  return pair.key === 'proctitle' ? withoutTrailingNuls(decoded).replaceAll('\0', ' ') : decoded;
}

/** A loop, not `/\0+$/`: V8 retries that pattern at every NUL of a long run, quadratic in the run. */
function withoutTrailingNuls(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return text.slice(0, end);
}

function deriveFields(sink: FieldSink, type: string): void {
  if (!sink.has('SYSCALL')) {
    const name = syscallName(stringField(sink, 'arch'), stringField(sink, 'syscall'));
    if (name !== undefined) sink.set('SYSCALL', name);
  }
  if (type === 'SOCKADDR' && !sink.has('saddr_fam')) {
    const saddr = stringField(sink, 'saddr');
    const decoded = saddr === undefined ? undefined : decodeSockaddr(saddr);
    if (decoded !== undefined) {
      for (const [key, value] of Object.entries(decoded)) sink.set(key, value as string);
    }
  }
  if (type === 'EXECVE' && !sink.has('cmdline')) {
    const argc = Number(stringField(sink, 'argc'));
    const args: string[] = [];
    for (let i = 0; i < Math.min(Number.isInteger(argc) ? argc : 0, NORMALISE_LIMITS.maxFields); i += 1) {
      const arg = sink.get(`a${i}`);
      if (typeof arg !== 'string') break;
      args.push(arg);
    }
    if (args.length > 0) sink.set('cmdline', args.join(' '));
  }
}

function stringField(sink: FieldSink, name: string): string | undefined {
  const value: FieldValue | undefined = sink.get(name);
  return typeof value === 'string' ? value : undefined;
}
