import { readFileSync, readlinkSync } from 'node:fs';
import { sambaClientOf } from '../respond/index.js';

const TTL_MS = 5_000;
const MAX_ENTRIES = 4_096;
const DELETED = ' (deleted)';

/** What the engine needs of a writing process on every event: cheap, from /proc, cached. */
export interface ProcessFacts {
  executable: string | null;
  uid: number | null;
}

function quietly<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function readFacts(pid: number): ProcessFacts {
  const exe = quietly(() => readlinkSync(`/proc/${pid}/exe`));
  const status = quietly(() => readFileSync(`/proc/${pid}/status`, 'utf8'));
  const uid = status
    ?.split('\n')
    .find((line) => line.startsWith('Uid:'))
    ?.slice(4)
    .trim()
    .split(/\s+/)[1];
  return {
    executable: exe === null ? null : exe.endsWith(DELETED) ? exe.slice(0, -DELETED.length) : exe,
    uid: uid !== undefined && /^\d{1,10}$/.test(uid) ? Number(uid) : null,
  };
}

/**
 * The executable and user behind a pid, looked up once per pid for a few seconds: the analysis needs
 * them for every event (allow-lists, groups), and reading /proc for each would cost more than the
 * judgement itself. Also the group a writer is judged in: one executable run by one user, or, for
 * Samba, one client machine once smbstatus has named it (until then the smbd process alone).
 */
export class WriterFacts {
  readonly #entries = new Map<number, ProcessFacts & { at: number }>();
  readonly #smbClients = new Map<number, string | null>();

  of(pid: number, now: number): ProcessFacts {
    const cached = this.#entries.get(pid);
    if (cached && now - cached.at < TTL_MS) return cached;
    const facts = readFacts(pid);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(pid, { ...facts, at: now });
    return facts;
  }

  groupOf(pid: number, facts: ProcessFacts): string | undefined {
    if (facts.executable === null || facts.uid === null) return undefined;
    if (!facts.executable.endsWith('/smbd')) return `exe:${facts.executable}:uid:${facts.uid}`;
    const client = this.#smbClients.get(pid);
    if (client === undefined) this.#lookUpClient(pid);
    return client ? `smb:${client}` : undefined;
  }

  drop(pid: number): void {
    this.#entries.delete(pid);
    this.#smbClients.delete(pid);
  }

  #lookUpClient(pid: number): void {
    if (this.#smbClients.size >= MAX_ENTRIES) this.#smbClients.clear();
    this.#smbClients.set(pid, null);
    void sambaClientOf(pid).then(
      (client) => {
        if (client && this.#smbClients.has(pid)) this.#smbClients.set(pid, client.address ?? client.machine);
      },
      () => undefined,
    );
  }
}
