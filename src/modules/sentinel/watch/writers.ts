import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

import type { Writer } from '../types.js';

const DELETED = ' (deleted)';
const MAX_COMMAND_LINE = 4096;

/** The effective uid from /proc/<pid>/status text (the uid the writes are made as), or null. */
export function parseStatusUid(status: string): number | null {
  const line = status.split('\n').find((l) => l.startsWith('Uid:'));
  const effective = line?.slice(4).trim().split(/\s+/)[1];
  return effective !== undefined && /^\d{1,10}$/.test(effective) ? Number(effective) : null;
}

/** uid → user name from /etc/passwd text; malformed lines are skipped, the first entry wins. */
export function parsePasswd(passwd: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of passwd.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    if (!name || uid === undefined || !/^\d{1,10}$/.test(uid)) continue;
    if (!users.has(Number(uid))) users.set(Number(uid), name);
  }
  return users;
}

/** /proc/<pid>/cmdline (NUL-separated arguments) as one line, capped; null when empty (a kernel thread). */
export function parseCommandLine(raw: Buffer): string | null {
  const args = raw.toString('utf8').split('\0');
  if (args.at(-1) === '') args.pop();
  const line = args.join(' ').trim();
  if (!line) return null;
  return line.length > MAX_COMMAND_LINE ? `${line.slice(0, MAX_COMMAND_LINE)}…` : line;
}

/**
 * Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null. The command name in
 * field 2 may hold spaces and parentheses, so fields are counted after the last ')'.
 */
export function parseStatStartTicks(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  // After ")": state is field 3, so field 22 is the 20th.
  const value = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/)[19];
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** The open flags in /proc/<pid>/fdinfo/<fd> text (octal), or null. */
export function parseFdinfoFlags(fdinfo: string): number | null {
  const match = /^flags:\s*([0-7]{1,11})\s*$/m.exec(fdinfo);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 8);
}

const O_ACCMODE = 0o3;
const O_WRONLY = 0o1;
const O_RDWR = 0o2;

/** Open for writing: O_WRONLY or O_RDWR. */
export function writableFlags(flags: number): boolean {
  const mode = flags & O_ACCMODE;
  return mode === O_WRONLY || mode === O_RDWR;
}

function quietly<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function executableOf(pid: number): string | null {
  const exe = quietly(() => readlinkSync(`/proc/${pid}/exe`));
  if (exe === null) return null;
  return exe.endsWith(DELETED) ? exe.slice(0, -DELETED.length) : exe;
}

function userOf(pid: number): string | null {
  const status = quietly(() => readFileSync(`/proc/${pid}/status`, 'utf8'));
  const uid = status === null ? null : parseStatusUid(status);
  if (uid === null) return null;
  const passwd = quietly(() => readFileSync('/etc/passwd', 'utf8'));
  return (passwd === null ? undefined : parsePasswd(passwd).get(uid)) ?? String(uid);
}

/**
 * When `pid` started (clock ticks since boot), or null when it is gone. Compare it before a signal:
 * a process that ended and whose pid was reused has another start time.
 */
export function processStartTicks(pid: number): number | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const stat = quietly(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return stat === null ? null : parseStatStartTicks(stat);
}

/** Who a process is, from /proc; each field is null when the process is gone or will not say. */
export function describeWriter(pid: number): Writer {
  if (!Number.isInteger(pid) || pid <= 0)
    return { pid: null, executable: null, commandLine: null, user: null };
  const startTicks = processStartTicks(pid);
  const commandLine = quietly(() => readFileSync(`/proc/${pid}/cmdline`));
  const writer: Writer = {
    pid,
    executable: executableOf(pid),
    commandLine: commandLine === null ? null : parseCommandLine(commandLine),
    user: userOf(pid),
  };
  if (startTicks !== null) writer.startTicks = startTicks;
  return writer;
}

function holdsForWriting(pid: string, fd: string): boolean {
  const fdinfo = quietly(() => readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
  const flags = fdinfo === null ? null : parseFdinfoFlags(fdinfo);
  return flags !== null && writableFlags(flags);
}

/**
 * Pids that hold `path` open right now (every /proc/<pid>/fd link), ascending. With `writable`, only
 * those holding it open for writing: a process that merely reads the file is not its writer.
 */
export function findOpeners(path: string, options: { writable?: boolean } = {}): number[] {
  const pids: number[] = [];
  for (const entry of quietly(() => readdirSync('/proc')) ?? []) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = quietly(() => readdirSync(`/proc/${entry}/fd`)) ?? [];
    const holds = (fd: string) =>
      quietly(() => readlinkSync(`/proc/${entry}/fd/${fd}`)) === path &&
      (!options.writable || holdsForWriting(entry, fd));
    if (fds.some(holds)) pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}
