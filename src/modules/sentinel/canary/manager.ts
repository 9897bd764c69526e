import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';

import { LifelineError } from '../../../kernel/errors.js';
import { makeDecoy, type Decoy } from './documents.js';
import { createExclusive, decoyFolders, hashOf, sha256 } from './files.js';
import { edgeName, sortsAtEdge, type Position } from './ordering.js';

export interface CanaryRecord {
  path: string;
  directory: string;
  position: Position;
  sha256: string;
  placedAt: string;
}

export interface CanaryProblem {
  record: CanaryRecord;
  problem: 'missing' | 'changed';
}

const POSITIONS: readonly Position[] = ['first', 'last'];
const ATTEMPTS = 5;

/**
 * Decoy documents at the start and end of the listing of each share root and each of its
 * top-level folders. The records (path, hash) are the only state; the engine persists them.
 */
export class CanaryManager {
  private readonly roots: string[];
  private readonly now: () => Date;
  private current: CanaryRecord[];
  private paths = new Set<string>();
  /** place, renew and remove each read a folder and then change it; they must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: { roots: string[]; records?: CanaryRecord[]; now?: () => Date }) {
    this.roots = options.roots.map((root) => resolve(root));
    this.now = options.now ?? (() => new Date());
    this.current = (options.records ?? []).map((record) => ({
      ...record,
      path: resolve(record.path),
      directory: resolve(record.directory),
    }));
    this.index();
  }

  records(): CanaryRecord[] {
    return this.current.map((record) => ({ ...record }));
  }

  isCanary(path: string): boolean {
    return this.paths.has(resolve(path));
  }

  /**
   * A folder was renamed (`mv B B2`): its decoys moved with it. Re-keys every record under the old
   * folder to the new one and says whether any did, so the caller publishes the new paths.
   */
  moved(oldPrefix: string, newPrefix: string): boolean {
    const from = resolve(oldPrefix);
    const to = resolve(newPrefix);
    const under = (path: string): boolean => path === from || path.startsWith(`${from}${sep}`);
    const rekey = (path: string): string => (under(path) ? `${to}${path.slice(from.length)}` : path);
    if (from === to || !this.current.some((record) => under(record.path))) return false;
    this.current = this.current.map((record) => ({
      ...record,
      path: rekey(record.path),
      directory: rekey(record.directory),
    }));
    this.index();
    return true;
  }

  /**
   * Makes sure every folder has its two decoys. An intact decoy still at its edge is kept; a missing
   * one is placed anew; one pushed off its edge by a new file is replaced. A changed one is left as
   * it is, and stays recorded, so verify() keeps reporting it until renew().
   */
  place(): Promise<CanaryRecord[]> {
    return this.serial(async () => {
      const kept: CanaryRecord[] = [];
      for (const root of this.roots) {
        for (const folder of await decoyFolders(root)) {
          for (const position of POSITIONS) {
            const record = this.current.find((r) => r.directory === folder && r.position === position);
            const other = kept.find((r) => r.directory === folder);
            kept.push(await this.ensure(folder, position, record, other));
          }
        }
      }
      this.current = kept;
      this.index();
      return this.records();
    });
  }

  async verify(): Promise<CanaryProblem[]> {
    const problems: CanaryProblem[] = [];
    for (const record of this.current) {
      const hash = await hashOf(record.path);
      if (hash === null) problems.push({ record: { ...record }, problem: 'missing' });
      else if (hash !== record.sha256) problems.push({ record: { ...record }, problem: 'changed' });
    }
    return problems;
  }

  /** A new decoy (new name, content and time) for every recorded one; the old file goes after. */
  renew(): Promise<CanaryRecord[]> {
    return this.serial(async () => {
      const renewed: CanaryRecord[] = [];
      for (const record of this.current) {
        const folderExists = await stat(record.directory).then(
          (s) => s.isDirectory(),
          () => false,
        );
        if (!folderExists) continue;
        const other = renewed.find((r) => r.directory === record.directory);
        renewed.push(await this.create(record.directory, record.position, [basename(record.path)], other));
        await rm(record.path, { force: true });
      }
      this.current = renewed;
      this.index();
      return this.records();
    });
  }

  remove(): Promise<void> {
    return this.serial(async () => {
      for (const record of this.current) await rm(record.path, { force: true });
      this.current = [];
      this.index();
    });
  }

  private async ensure(
    folder: string,
    position: Position,
    record?: CanaryRecord,
    other?: CanaryRecord,
  ): Promise<CanaryRecord> {
    if (!record) return this.create(folder, position, [], other);
    const hash = await hashOf(record.path);
    if (hash === null) return this.create(folder, position, [], other);
    if (hash !== record.sha256) return record;
    const others = (await readdir(folder)).filter((name) => name !== basename(record.path));
    if (sortsAtEdge(basename(record.path), others, position)) return record;
    const replacement = await this.create(folder, position, [basename(record.path)], other);
    await rm(record.path, { force: true });
    return replacement;
  }

  private async create(
    folder: string,
    position: Position,
    ignore: string[],
    other?: CanaryRecord,
  ): Promise<CanaryRecord> {
    const now = this.now();
    const avoid = other ? (basename(other.path).split('.').pop() as Decoy['extension']) : undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const entries = (await readdir(folder)).filter((name) => !ignore.includes(name));
      const decoy = makeDecoy(now, avoid);
      const name = edgeName(decoy.stem, decoy.extension, entries, position);
      if (name === null) continue;
      const path = join(folder, name);
      if (!(await createExclusive(path, decoy.data, folder, decoy.modified))) continue;
      return {
        path,
        directory: dirname(path),
        position,
        sha256: sha256(decoy.data),
        placedAt: now.toISOString(),
      };
    }
    throw new LifelineError('SENTINEL_CANARY_NO_EDGE_NAME', undefined, { path: folder, position });
  }

  private index(): void {
    this.paths = new Set(this.current.map((record) => resolve(record.path)));
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
