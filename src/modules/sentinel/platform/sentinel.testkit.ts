import type { CanaryRecord } from '../canary/index.js';
import { LifelineError } from '../../../kernel/errors.js';
import type { Sentinel, SentinelEvents, ShareOptions } from '../engine/options.js';
import type { ActionOutcome, Detection, WatchCoverage } from '../types.js';
import type { SentinelFactory, SentinelResponders } from './engine-link.js';

/** What a test may change about the stand-ins a factory makes. */
export interface StandInOptions {
  /** Fingerprinting stays unfinished until the test calls finishBaseline(). */
  holdBaseline?: boolean;
  /** Runs inside start(), after coverage is reported and before it resolves. */
  duringStart?(sentinel: StandInSentinel): Promise<void>;
}

/** A sentinel without kernel watches: the test decides its coverage and feeds it detections. */
export class StandInSentinel implements Sentinel {
  forgotten: string[] = [];
  renewals = 0;
  placements = 0;
  closed = false;
  /** Set by the test: the next verifications find the first canary so, until it is replaced. */
  tampered: 'missing' | 'changed' | null;
  /** Set by the test: top-level folders that have no canary yet. */
  newFolders: string[] = [];
  readonly ready: Promise<void>;
  finishBaseline: () => void = () => undefined;
  #canaries: CanaryRecord[];

  constructor(
    readonly options: ShareOptions,
    readonly events: SentinelEvents,
    readonly coverage: WatchCoverage,
    canaries: CanaryRecord[],
    private readonly behaviour: StandInOptions = {},
  ) {
    this.#canaries = canaries;
    this.tampered = options.path.includes('tampered') ? 'changed' : null;
    this.ready = new Promise((resolve) => (this.finishBaseline = resolve));
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
    await this.behaviour.duringStart?.(this);
    if (!this.behaviour.holdBaseline) this.finishBaseline();
    return this.coverage;
  }

  /** What the engine reports when coverage breaks after start. */
  problem(message: string, kind: 'overflow' | 'unwatched' | 'action'): void {
    this.events.onProblem?.(message, kind);
  }

  async placeCanaries(): Promise<CanaryRecord[]> {
    this.placements += 1;
    const placed = this.newFolders.flatMap((folder) => [canary(folder, 'first'), canary(folder, 'last')]);
    this.newFolders = [];
    if (placed.length > 0) {
      this.#canaries = [...this.#canaries, ...placed];
      await this.events.onCanaries?.(this.#canaries);
    }
    return this.#canaries;
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
    this.tampered = null;
    this.#canaries = this.#canaries.map((record) => ({
      ...record,
      sha256: `${this.renewals}`.padStart(64, '0'),
    }));
    return this.#canaries;
  }

  async verifyCanaries(): Promise<Array<{ record: CanaryRecord; problem: 'missing' | 'changed' }>> {
    const first = this.#canaries[0];
    return first && this.tampered ? [{ record: first, problem: this.tampered }] : [];
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function canary(directory: string, position: 'first' | 'last'): CanaryRecord {
  return {
    path: `${directory}/${position === 'first' ? '!0000-' : 'zzzz-'}budget.docx`,
    directory,
    position,
    sha256: 'a'.repeat(64),
    placedAt: '2026-11-26T08:00:00.000Z',
  };
}

/** Stand-in sentinels by share; a share whose path contains `partial` has incomplete coverage. */
export function standInFactory(behaviour: StandInOptions = {}): {
  factory: SentinelFactory;
  sentinels: Map<string, StandInSentinel>;
} {
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
      behaviour,
    );
    sentinels.set(options.path, sentinel);
    return sentinel;
  };
  return { factory, sentinels };
}

/** The start time the stand-in detections record for their writer, and the stand-in /proc answers. */
export const WRITER_START_TICKS = 81_234;

/**
 * Stop actions that record what they were asked and answer as told. `ticks` holds what /proc says
 * of a pid now: by default every pid runs the process that started at WRITER_START_TICKS.
 */
export function standInResponders(
  ok = true,
): SentinelResponders & { calls: string[]; ticks: Map<number, number | null> } {
  const calls: string[] = [];
  const ticks = new Map<number, number | null>();
  const outcome = (action: ActionOutcome['action'], detail: string): ActionOutcome => ({
    action,
    ok,
    detail: ok ? detail : `${detail} failed`,
    at: Date.parse('2026-11-26T09:00:00.000Z'),
  });
  return {
    calls,
    ticks,
    async startTicks(pid) {
      return ticks.has(pid) ? (ticks.get(pid) ?? null) : WRITER_START_TICKS;
    },
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
    writer: {
      pid: 4242,
      startTicks: WRITER_START_TICKS,
      executable: '/usr/bin/python3',
      commandLine: 'python3 enc.py',
      user: 'alice',
    },
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
