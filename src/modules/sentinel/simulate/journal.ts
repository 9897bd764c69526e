import { closeSync, constants, fstatSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { z } from 'zod';
import { LifelineError } from '../../../kernel/errors.js';
import { JOURNAL_FILE, KEY_FILE } from './marker.js';

export const VARIANTS = [
  'fast',
  'slow',
  'partial',
  'copy-delete',
  'rename-first',
  'base64',
  'threads',
] as const;
export type Variant = (typeof VARIANTS)[number];

/** Paths are relative to the target and may not leave it, so a tampered journal cannot aim a restore elsewhere. */
const relativePath = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && !normalize(path).split(sep).includes('..') && !path.includes('\0'));

const startRecord = z.object({
  t: z.literal('start'),
  pid: z.number().int().positive(),
  /** /proc/<pid>/stat start time, so a reused pid is not mistaken for the simulator. */
  started: z.string(),
  variant: z.enum(VARIANTS),
  at: z.number(),
});
const noteRecord = z.object({ t: z.literal('note'), path: relativePath, at: z.number() });
const beginRecord = z.object({
  t: z.literal('begin'),
  id: z.string().min(1),
  variant: z.enum(VARIANTS),
  /** How the file is changed: in place from the start, in place from the end (base64), or into a new file. */
  method: z.enum(['forward', 'backward', 'copy']),
  original: relativePath,
  /** Where the encrypted content ends up; equal to `original` for in-place changes. */
  target: relativePath,
  iv: z.string().regex(/^[0-9a-f]{32}$/),
  /** Bytes encrypted from the start (all of them, or 4 KiB for `partial`). */
  length: z.number().int().nonnegative(),
  base64: z.boolean(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.number(),
});
const doneRecord = z.object({ t: z.literal('done'), id: z.string().min(1), at: z.number() });
const endRecord = z.object({ t: z.literal('end'), at: z.number() });
/** A file (or note) the simulator refused to touch: a link, a hard link, outside the target. */
const skipRecord = z.object({
  t: z.literal('skip'),
  path: relativePath,
  reason: z.string().max(200),
  at: z.number(),
});
export const journalRecord = z.discriminatedUnion('t', [
  startRecord,
  noteRecord,
  beginRecord,
  doneRecord,
  endRecord,
  skipRecord,
]);
export type JournalRecord = z.infer<typeof journalRecord>;
export type BeginRecord = z.infer<typeof beginRecord>;

/** Appends one record a line; each append is a single write, so threads sharing the file never interleave. */
export class JournalWriter {
  private readonly fd: number;
  constructor(
    target: string,
    private readonly durable: boolean,
  ) {
    // Never through a link planted at its name: the simulator runs as root and appends to this file.
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW;
    const refuse = (): never => {
      throw new LifelineError(
        'SENTINEL_SIMULATION_REFUSED',
        `the simulator refuses ${target}: its journal is not a plain file of its own`,
        { target, reason: 'the journal is not a plain file' },
      );
    };
    try {
      this.fd = openSync(join(target, JOURNAL_FILE), flags, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') refuse();
      throw error;
    }
    const stat = fstatSync(this.fd);
    if (!stat.isFile() || stat.nlink !== 1) {
      closeSync(this.fd);
      refuse();
    }
  }
  /** `sync` records reach the disk before the change they announce. */
  append(record: JournalRecord, sync: boolean): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    if (sync && this.durable) fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** Reads a journal; a line cut short by a kill, or anything not a record, is skipped and counted. */
export function parseJournal(text: string): { records: JournalRecord[]; skipped: number } {
  const records: JournalRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const parsed = journalRecord.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else skipped++;
  }
  return { records, skipped };
}

export function readJournal(target: string): { records: JournalRecord[]; skipped: number } {
  return parseJournal(readFileSync(join(target, JOURNAL_FILE), 'utf8'));
}

const keyFile = z.object({ algorithm: z.literal('aes-256-ctr'), key: z.string().regex(/^[0-9a-f]{64}$/) });

/** Writes the key before anything is encrypted; refuses to replace one (an unrestored run). */
export function writeKey(target: string, key: Buffer): void {
  const fd = openSync(join(target, KEY_FILE), 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify({ algorithm: 'aes-256-ctr', key: key.toString('hex') }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function parseKey(text: string): Buffer | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = keyFile.safeParse(value);
  return parsed.success ? Buffer.from(parsed.data.key, 'hex') : null;
}
