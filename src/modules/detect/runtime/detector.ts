import type { Counter, Registry } from 'prom-client';
import { loggableError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import { type EventMatcher, type ExclusionTest, exclusionTest, type RuleExclusion } from '../engine/index.js';
import type { DetectionRuleSet } from '../scan/index.js';
import { CorrelationEngine, type CorrelationEngineOptions } from '../sigma/correlation/index.js';
import type { CorrelationMatch, DetectEvent, RuleMatch } from '../types.js';
import { counterIn } from './metrics.js';

export interface AlertSink {
  raise(match: RuleMatch | CorrelationMatch): Promise<unknown>;
}

export interface DetectorDeps {
  ruleSet: DetectionRuleSet;
  alerts: AlertSink;
  logger: Logger;
  metrics: Registry;
  correlationLimits?: Pick<CorrelationEngineOptions, 'maxGroups' | 'maxEntriesPerGroup' | 'maxEvidence'>;
  /** Attempts to store one alert before it is counted as lost (the database is away). */
  raiseAttempts?: number;
  retryDelayMs?: number;
}

/**
 * The serving process's detection loop: each ingested event meets the compiled rules once, feeds
 * the correlations, and what fires becomes an alert. Matching and correlation run exactly once per
 * event; only storing the alert is retried, so a database hiccup never double-counts a correlation.
 */
export class Detector {
  private matcher: EventMatcher;
  private excluded: ExclusionTest | undefined;
  /** Filter reloads, one after the other, so the newest verdicts always win. */
  private reloads: Promise<void> = Promise.resolve();
  private readonly correlations: CorrelationEngine;
  private readonly suppressed: ReadonlySet<string>;
  private latestEventMs = 0;
  private readonly stopping = new AbortController();
  private readonly matchCounter: Counter<'kind'>;
  private readonly lostCounter: Counter;

  constructor(private readonly deps: DetectorDeps) {
    this.matcher = deps.ruleSet.matcher;
    this.correlations = new CorrelationEngine(deps.ruleSet.correlations, deps.correlationLimits ?? {});
    this.suppressed = deps.ruleSet.correlations.suppressedRuleIds;
    this.matchCounter = counterIn(
      deps.metrics,
      'lifeline_detect_matches_total',
      'Rule and correlation matches',
      ['kind'],
    );
    this.lostCounter = counterIn(
      deps.metrics,
      'lifeline_detect_alerts_lost_total',
      'Matches whose alert could not be stored after every retry',
      [],
    );
  }

  /**
   * Applies the analysts' false-positive verdicts, read afresh by `load`. Batches wait for the
   * reload in progress: an event that arrives after a verdict is judged by that verdict.
   */
  applyExclusions(load: () => Promise<readonly RuleExclusion[]>): Promise<void> {
    const next = this.reloads.then(async () => {
      const exclusions = await load();
      this.matcher = this.deps.ruleSet.loaded.withExclusions(exclusions);
      this.excluded = exclusionTest(exclusions);
    });
    this.reloads = next.catch((error: unknown) => {
      this.deps.logger.error({ err: loggableError(error) }, 'false-positive filters could not be reloaded');
    });
    return next;
  }

  readonly handle = async (events: DetectEvent[]): Promise<void> => {
    await this.reloads;
    const fired: (RuleMatch | CorrelationMatch)[] = [];
    for (const event of events) {
      this.latestEventMs = Math.max(this.latestEventMs, Date.parse(event.time ?? event.receivedAt) || 0);
      for (const rule of this.matcher.match(event.fields)) {
        const match: RuleMatch = { rule, event };
        this.matchCounter.inc({ kind: 'rule' });
        if (!this.suppressed.has(rule.id)) fired.push(match);
        for (const correlation of this.correlations.observe(match)) {
          this.matchCounter.inc({ kind: 'correlation' });
          const { id } = correlation.rule;
          if (!this.suppressed.has(id) && !this.excluded?.(id, correlation.group)) fired.push(correlation);
        }
      }
    }
    for (const match of fired) await this.store(match);
  };

  /**
   * Drops correlation groups whose window has passed. Windows run on event time, so the clock is the
   * newest event seen (ingest refuses to believe stamps far ahead): replayed old logs keep theirs.
   */
  expire(): number {
    return this.latestEventMs === 0 ? 0 : this.correlations.expire(this.latestEventMs);
  }

  /** Stops retrying alerts that cannot be stored, so shutdown is not held up by a missing database. */
  close(): void {
    this.stopping.abort();
  }

  private async store(match: RuleMatch | CorrelationMatch): Promise<void> {
    const attempts = this.deps.raiseAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.alerts.raise(match);
        return;
      } catch (error) {
        if (attempt >= attempts || this.stopping.signal.aborted) {
          this.lostCounter.inc();
          this.deps.logger.error(
            { err: loggableError(error), ruleId: match.rule.id, attempts: attempt },
            'an alert could not be stored and is lost',
          );
          return;
        }
        await pause((this.deps.retryDelayMs ?? 500) * attempt, this.stopping.signal);
      }
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
