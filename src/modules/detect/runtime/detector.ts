import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../../kernel/log/logger.js';
import type { EventMatcher } from '../engine/index.js';
import type { DetectionRuleSet } from '../scan/index.js';
import { CorrelationEngine } from '../sigma/correlation/index.js';
import type { CorrelationMatch, DetectEvent, RuleMatch } from '../types.js';

export interface AlertSink {
  raise(match: RuleMatch | CorrelationMatch): Promise<unknown>;
}

export interface DetectorDeps {
  ruleSet: DetectionRuleSet;
  alerts: AlertSink;
  logger: Logger;
  metrics: Registry;
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
  private pendingMatcher: Promise<void> = Promise.resolve();
  private readonly correlations: CorrelationEngine;
  private readonly suppressed: ReadonlySet<string>;
  private readonly matchCounter: Counter<'kind'>;
  private readonly lostCounter: Counter;

  constructor(private readonly deps: DetectorDeps) {
    this.matcher = deps.ruleSet.matcher;
    this.correlations = new CorrelationEngine(deps.ruleSet.correlations);
    this.suppressed = deps.ruleSet.correlations.suppressedRuleIds;
    this.matchCounter = counter(
      deps.metrics,
      'lifeline_detect_matches_total',
      'Rule and correlation matches',
      ['kind'],
    );
    this.lostCounter = counter(
      deps.metrics,
      'lifeline_detect_alerts_lost_total',
      'Matches whose alert could not be stored after every retry',
      [],
    );
  }

  /**
   * Swaps in a matcher that honours the analysts' false-positive filters. While it is being built,
   * batches wait for it: an event that arrives after a verdict is judged by that verdict.
   */
  useMatcher(next: EventMatcher | Promise<EventMatcher>): Promise<void> {
    const pending = Promise.resolve(next).then((matcher) => {
      this.matcher = matcher;
    });
    this.pendingMatcher = pending.catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'false-positive filters could not be reloaded');
    });
    return pending;
  }

  readonly handle = async (events: DetectEvent[]): Promise<void> => {
    await this.pendingMatcher;
    const fired: (RuleMatch | CorrelationMatch)[] = [];
    for (const event of events) {
      for (const rule of this.matcher.match(event.fields)) {
        const match: RuleMatch = { rule, event };
        this.matchCounter.inc({ kind: 'rule' });
        if (!this.suppressed.has(rule.id)) fired.push(match);
        for (const correlation of this.correlations.observe(match)) {
          this.matchCounter.inc({ kind: 'correlation' });
          if (!this.suppressed.has(correlation.rule.id)) fired.push(correlation);
        }
      }
    }
    for (const match of fired) await this.store(match);
  };

  /** Drops correlation groups whose window has passed; the caller's clock drives it. */
  expire(now: Date): number {
    return this.correlations.expire(now);
  }

  private async store(match: RuleMatch | CorrelationMatch): Promise<void> {
    const attempts = this.deps.raiseAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.alerts.raise(match);
        return;
      } catch (error) {
        if (attempt >= attempts) {
          this.lostCounter.inc();
          this.deps.logger.error(
            { err: error, ruleId: match.rule.id, attempts },
            'an alert could not be stored and is lost',
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, (this.deps.retryDelayMs ?? 500) * attempt));
      }
    }
  }
}

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}
