/** The engine's public shapes: what loading rules gives back to the rest of the detection module. */
import type { ProcessingPipeline, RuleProblem, RuleSummary } from '../types.js';
import type { RuleExclusion } from './exclusions.js';
import type { EventMatcher } from './matcher.js';

export interface LoadRulesOptions {
  readonly paths: readonly string[];
  /** With a pipeline, rules run only on events of a log-source mapping that fits them. */
  readonly pipeline?: ProcessingPipeline;
  /** Values for `%name%` placeholders under the `expand` modifier. */
  readonly placeholders?: Readonly<Record<string, readonly string[]>>;
}

export type CompileOptions = Omit<LoadRulesOptions, 'paths'>;

export interface RuleSource {
  readonly file: string;
  readonly line: number;
  /** The YAML document's own text. */
  readonly text: string;
}

export interface CorrelationDocument {
  readonly doc: unknown;
  readonly file: string;
  readonly line: number;
}

export interface LoadedRules {
  /** Compiled single-event rules that run (under a pipeline: that at least one mapping fits). */
  readonly rules: readonly RuleSummary[];
  readonly problems: readonly RuleProblem[];
  /** Compiled, but no mapping of the pipeline fits their logsource. */
  readonly inactive: readonly RuleSummary[];
  /** Meta filters applied to at least one rule. */
  readonly filters: readonly RuleSummary[];
  /** Documents with a `correlation:` key, untouched, for the correlation engine. */
  readonly correlationDocuments: readonly CorrelationDocument[];
  source(ruleId: string): RuleSource | undefined;
  readonly matcher: EventMatcher;
  /** A matcher that also drops a rule's match when one of its exclusions fits the event. */
  withExclusions(exclusions: readonly RuleExclusion[]): EventMatcher;
  readonly documentCount: number;
}

export interface ValidationReport {
  readonly problems: RuleProblem[];
  /** Style findings that do not stop a rule from compiling. */
  readonly warnings: RuleProblem[];
  readonly documentCount: number;
}

export type { EventMatcher, RuleExclusion };
