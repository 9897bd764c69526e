import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Writer } from '../types.js';

const run = promisify(execFile);

/** One smbd process and the client session it serves, as smbstatus lists it. */
export interface SambaSession {
  pid: number;
  user: string | null;
  machine: string;
  address: string | null;
}

/** `ipv4:10.1.2.3:50122` or `ipv6:fd00::7:50122` → the address without family and port. */
export function addressOf(hostname: string): string | null {
  const match = /^ipv[46]:(.+):\d+$/.exec(hostname.trim());
  return match?.[1] ?? null;
}

/**
 * The process table of `smbstatus -p` (Samba 4.x): a header, a line of dashes, then
 * `PID  Username  Group  Machine (ipv4:addr:port)  Protocol …`. A clustered Samba writes the pid as
 * `vnn:pid`. Lines that do not fit are skipped.
 */
export function parseSmbstatusText(text: string): SambaSession[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^-{20,}\s*$/.test(line));
  if (start === -1) return [];
  const sessions: SambaSession[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^\s*(?:\d+:)?(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+\(([^)\s]*)\)/.exec(line);
    if (!match) continue;
    const [, pid, user, , machine, hostname] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!Number.isSafeInteger(Number(pid))) continue;
    sessions.push({ pid: Number(pid), user, machine, address: addressOf(hostname) });
  }
  return sessions;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** `smbstatus --json -p` (Samba ≥ 4.16): sessions keyed by id, each with server_id.pid. */
export function parseSmbstatusJson(json: string): SambaSession[] {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    return [];
  }
  const sessions = (document as { sessions?: unknown } | null)?.sessions;
  if (typeof sessions !== 'object' || sessions === null) return [];
  const found: SambaSession[] = [];
  for (const session of Object.values(sessions as Record<string, unknown>)) {
    if (typeof session !== 'object' || session === null) continue;
    const entry = session as Record<string, unknown>;
    const pid = Number((entry.server_id as { pid?: unknown } | undefined)?.pid);
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    const hostname = text(entry.hostname);
    const machine = text(entry.remote_machine) ?? (hostname ? addressOf(hostname) : null);
    if (machine === null) continue;
    found.push({ pid, user: text(entry.username), machine, address: hostname ? addressOf(hostname) : null });
  }
  return found;
}

export interface SmbstatusOptions {
  /** smb.conf to read, when not the system's (`smbstatus -s`). */
  configFile?: string;
  /** The smbstatus program; `smbstatus` on the PATH by default. */
  command?: string;
}

async function smbstatus(args: string[], options: SmbstatusOptions): Promise<string | null> {
  const config = options.configFile ? ['-s', options.configFile] : [];
  try {
    const { stdout } = await run(options.command ?? 'smbstatus', [...config, ...args], {
      timeout: 5000,
      maxBuffer: 8 << 20,
    });
    return stdout;
  } catch {
    return null; // not installed, or it failed: either way nothing is known
  }
}

/**
 * Every smbd process serving a client, from smbstatus (JSON, else the table of older versions);
 * undefined when smbstatus is not installed or fails, so "no sessions" is never a guess.
 */
export async function sambaSessions(options: SmbstatusOptions = {}): Promise<SambaSession[] | undefined> {
  const json = await smbstatus(['--json', '-p'], options);
  const sessions = json === null ? [] : parseSmbstatusJson(json);
  if (sessions.length > 0) return sessions;
  const table = await smbstatus(['-p'], options);
  if (table === null) return json === null ? undefined : sessions;
  return parseSmbstatusText(table);
}

/**
 * The Samba client behind an smbd process: each client connection is served by its own smbd child,
 * so the pid that wrote a file names the workstation. Undefined when smbstatus is not installed or
 * the pid serves no session.
 */
export async function sambaClientOf(
  pid: number,
  options: SmbstatusOptions = {},
): Promise<Writer['smbClient'] | undefined> {
  const session = (await sambaSessions(options))?.find((s) => s.pid === pid);
  return session ? { machine: session.machine, address: session.address, user: session.user } : undefined;
}
