import type { CanaryRecord } from '../canary/index.js';
import { LifelineError } from '../../../kernel/errors.js';
import type { Sentinel, SentinelEvents, ShareOptions } from '../engine/options.js';
import type { ActionOutcome, Detection, WatchCoverage } from '../types.js';
import type { SentinelFactory, SentinelResponders } from './engine-link.js';

/** A sentinel without kernel watches: the test decides its coverage and feeds it detections. */
export class StandInSentinel implements Sentinel {
  forgotten: string[] = [];
  renewals = 0;
  closed = false;
  #canaries: CanaryRecord[];

  constructor(
    readonly options: ShareOptions,
    readonly events: SentinelEvents,
    readonly coverage: WatchCoverage,
    canaries: CanaryRecord[],
  ) {
    this.#canaries = canaries;
  }

  get share(): string {
    return this.options.path;
  }

  async start(): Promise<WatchCoverage> {
    this.events.onCoverage?.(this.coverage);
    if (!this.coverage.complete)
      throw new LifelineError('SENTINEL_WATCH_INCOMPLETE', this.coverage.problem, { share: this.share });
    if (this.#canaries.length === 0) {
      this.#canaries = [canary(this.share, 'first'), canary(this.share, 'last')];
      await this.events.onCanaries?.(this.#canaries);
    }
    return this.coverage;
  }

  /** What the engine does on a verdict: hands the detection to the platform. */
  async detect(detection: Detection): Promise<void> {
    await this.events.onDetection?.(detection);
  }

  detections(): Detection[] {
    return [];
  }

  canaries(): CanaryRecord[] {
    return this.#canaries;
  }

  forget(detectionId: string): void {
    this.forgotten.push(detectionId);
  }

  async renewCanaries(): Promise<CanaryRecord[]> {
    this.renewals += 1;
    this.#canaries = this.#canaries.map((record) => ({
      ...record,
      sha256: `${this.renewals}`.padStart(64, '0'),
    }));
    return this.#canaries;
  }

  async verifyCanaries(): Promise<Array<{ record: CanaryRecord; problem: 'missing' | 'changed' }>> {
    const first = this.#canaries[0];
    return first && this.options.path.includes('tampered') ? [{ record: first, problem: 'changed' }] : [];
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function canary(share: string, position: 'first' | 'last'): CanaryRecord {
  return {
    path: `${share}/${position === 'first' ? '!0000-' : 'zzzz-'}budget.docx`,
    directory: share,
    position,
    sha256: 'a'.repeat(64),
    placedAt: '2026-11-26T08:00:00.000Z',
  };
}

/** Stand-in sentinels by share; a share whose path contains `partial` has incomplete coverage. */
export function standInFactory(): { factory: SentinelFactory; sentinels: Map<string, StandInSentinel> } {
  const sentinels = new Map<string, StandInSentinel>();
  const factory: SentinelFactory = (options, events, state) => {
    const partial = options.path.includes('partial');
    const sentinel = new StandInSentinel(
      options,
      events,
      {
        mode: 'inotify',
        roots: [options.path],
        directories: 12,
        complete: !partial,
        ...(partial ? { problem: 'fs.inotify.max_user_watches is 8192; set it to at least 20000' } : {}),
      },
      state.canaries ?? [],
    );
    sentinels.set(options.path, sentinel);
    return sentinel;
  };
  return { factory, sentinels };
}

/** Stop actions that record what they were asked and answer as told. */
export function standInResponders(ok = true): SentinelResponders & { calls: string[] } {
  const calls: string[] = [];
  const outcome = (action: ActionOutcome['action'], detail: string): ActionOutcome => ({
    action,
    ok,
    detail: ok ? detail : `${detail} failed`,
    at: Date.parse('2026-11-26T09:00:00.000Z'),
  });
  return {
    calls,
    async resume(pid) {
      calls.push(`resume ${pid}`);
      return outcome('suspend', `SIGCONT sent to ${pid}`);
    },
    async kill(context) {
      calls.push(`kill ${context.writer.pid ?? '?'}`);
      return outcome('kill', `SIGKILL sent to ${context.writer.pid ?? '?'}`);
    },
    async makeWritable(share) {
      calls.push(`writable ${share}`);
      return outcome('read-only', `${share} is writable again`);
    },
  };
}

/** A detection as the engine reports one: a python encryptor stopped on the share. */
export function detectionOn(share: string, id: string, overrides: Partial<Detection> = {}): Detection {
  const at = Date.parse('2026-11-26T08:30:00.000Z');
  return {
    id,
    share,
    writer: { pid: 4242, executable: '/usr/bin/python3', commandLine: 'python3 enc.py', user: 'alice' },
    score: 14,
    signals: [
      { kind: 'canary-touched', path: `${share}/!0000-budget.docx`, weight: 10, at, detail: 'write' },
      { kind: 'type-changed', path: `${share}/a.pdf`, weight: 3, at, detail: 'pdf → unknown' },
    ],
    files: [`${share}/a.pdf`, `${share}/!0000-budget.docx`],
    firstSignalAt: at - 200,
    detectedAt: at,
    actions: [{ action: 'suspend', ok: true, detail: 'SIGSTOP; state T', at }],
    ...overrides,
  };
}
