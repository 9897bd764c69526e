import type { EventFields, RuleSummary } from '../types.js';
import { connectDetectStream, type DetectStreamConnection } from './connection.js';
import type { StreamLayout } from './settings.js';
import { correlations, removeLayout, rule } from './stream.testkit.js';
import type { StreamAlert } from './types.js';
import { DetectWorker, type DetectWorkerOptions, type WorkerRules } from './worker.js';

export const failedLogon = rule('r-failed-logon', 'failed_logon');
export const shadowDelete = rule('r-shadow-delete', 'shadow_delete', 'high');
export const RULES = [failedLogon, shadowDelete];

/** 40 failed logons for one account within 10 minutes. */
export const MANY_FAILED = `
title: Many failed logons for one account
name: many_failed_logons
level: high
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 10m
  condition: { gte: 40 }
`;

const T0 = Date.parse('2026-03-02T08:00:00Z');
export const timeOf = (n: number) => new Date(T0 + n * 1000).toISOString();

/** A stand-in for the compiled Sigma rules: what is tested here is distribution, not matching. */
export function matcherFor(seen: number[]): WorkerRules['matcher'] {
  return {
    match(fields: EventFields): readonly RuleSummary[] {
      seen.push(fields.n as number);
      if (fields.EventID === 4625) return [failedLogon];
      if (fields.EventID === 1 && String(fields.CommandLine).includes('delete shadows'))
        return [shadowDelete];
      return [];
    },
  };
}

export interface RunningWorker {
  worker: DetectWorker;
  connection: DetectStreamConnection;
  /** The `n` field of every event the worker matched, in order. */
  seen: number[];
  /** Alerts handed on successfully. */
  alerts: StreamAlert[];
}

/** Connections and workers on one test layout, all closed and removed by `cleanup`. */
export class WorkerHarness {
  private readonly open: DetectStreamConnection[] = [];
  private readonly workers: DetectWorker[] = [];

  constructor(
    private readonly url: string,
    readonly layout: StreamLayout,
  ) {}

  async connection(): Promise<DetectStreamConnection> {
    const made = await connectDetectStream({ url: this.url, layout: this.layout });
    this.open.push(made);
    return made;
  }

  /**
   * A worker counting MANY_FAILED, with short lease and checkpoint periods. `onAlert` may be
   * replaced; what it resolves is recorded in `alerts`.
   */
  async startWorker(
    workerId: string,
    extra: Partial<DetectWorkerOptions> = {},
    correlationTexts: readonly string[] = [MANY_FAILED],
  ): Promise<RunningWorker> {
    const seen: number[] = [];
    const alerts: StreamAlert[] = [];
    const conn = await this.connection();
    const { onAlert, ...rest } = extra;
    const worker = await DetectWorker.start({
      connection: conn,
      rules: { matcher: matcherFor(seen), correlations: correlations(correlationTexts, RULES) },
      onAlert: async (alert) => {
        if (onAlert) await onAlert(alert);
        alerts.push(alert);
      },
      workerId,
      concurrency: 4,
      leaseTtlMs: 3000,
      checkpointEveryMs: 200,
      ...rest,
    });
    this.workers.push(worker);
    return { worker, connection: conn, seen, alerts };
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.stop()));
    await Promise.all(this.open.splice(0).map((c) => c.close()));
    await removeLayout(this.url, this.layout);
  }
}
