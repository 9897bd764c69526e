import type { CorrelationType, RuleProblem, RuleSummary, SigmaLevel } from '../../types.js';

/** Comparison operators of a correlation condition; present operators are joined by AND. */
export interface Thresholds {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly eq?: number;
  readonly neq?: number;
}

export interface CorrelationCondition extends Thresholds {
  /** The event field (or fields, as a tuple) aggregated by value_* types. */
  readonly field?: readonly string[];
  /** 0–100, value_percentile only. */
  readonly percentile?: number;
}

/** A correlation rule as written, checked for shape but not yet linked to the rules it names. */
export interface CorrelationDefinition {
  /** The declared `id`, or one derived from file and name/title so alerts stay stable across restarts. */
  readonly id: string;
  readonly declaredId?: string;
  readonly name?: string;
  readonly title: string;
  readonly level: SigmaLevel;
  readonly status?: string;
  readonly tags: readonly string[];
  readonly file: string;
  readonly line: number;
  readonly type: CorrelationType;
  /** References as written: rule or correlation `id` or `name`. */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  /** The timespan as written, e.g. `90m`. */
  readonly timespan: string;
  readonly timespanMs: number;
  /** Always carries at least one operator: temporal types default to "all referenced rules". */
  readonly condition: CorrelationCondition;
  /** Alias name → (rule name or id → field name in that rule's events). */
  readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether the referenced rules still raise alerts of their own (spec default: no). */
  readonly generate: boolean;
  /** What an alert of this correlation reports about its rule. */
  readonly summary: RuleSummary;
}

export type ReferenceKind = 'rule' | 'correlation';

/** One entry of a correlation's `rules`, linked to what it names. */
export interface ResolvedReference {
  readonly ref: string;
  /** The id of the rule or correlation it names. */
  readonly target: string;
  readonly kind: ReferenceKind;
  /** Alias name → the field that carries it in this reference's events. */
  readonly aliasFields: Readonly<Record<string, string>>;
}

export interface ResolvedCorrelation {
  readonly definition: CorrelationDefinition;
  /** Same order as `definition.rules`. */
  readonly refs: readonly ResolvedReference[];
}

export interface ResolvedCorrelations {
  /** Only correlations whose whole chain resolved, upstream before downstream. */
  readonly correlations: readonly ResolvedCorrelation[];
  readonly problems: readonly RuleProblem[];
  /**
   * Rule and correlation ids whose own matches must not raise alerts, because every valid correlation
   * referring to them says `generate: false`. Matches of these rules must still be fed to the engine.
   */
  readonly suppressedRuleIds: ReadonlySet<string>;
}
