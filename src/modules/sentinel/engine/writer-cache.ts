import { describeWriter } from '../watch/index.js';

const TTL_MS = 5_000;
const MAX_ENTRIES = 4_096;

/**
 * The executable behind a pid, looked up once per pid for a few seconds: the analysis needs it for
 * every event (allow-lists), and reading /proc for each would cost more than the judgement itself.
 */
export class ExecutableCache {
  readonly #entries = new Map<number, { executable: string | null; at: number }>();

  executableOf(pid: number, now: number): string | null {
    const cached = this.#entries.get(pid);
    if (cached && now - cached.at < TTL_MS) return cached.executable;
    const executable = describeWriter(pid).executable;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(pid, { executable, at: now });
    return executable;
  }

  drop(pid: number): void {
    this.#entries.delete(pid);
  }
}
