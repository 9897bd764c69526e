/**
 * The parsed, validated form of Sigma documents: what the engine compiles. Nothing here refers to
 * YAML any more; every value has been through its modifier chain.
 */
import type { Logsource, SigmaLevel } from '../types.js';
import type { SigmaString } from './sigma-string.js';

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export type CompareOp = 'lt' | 'lte' | 'gt' | 'gte';
export type Position = 'exact' | 'contains' | 'startswith' | 'endswith';

export interface Cidr {
  readonly version: 4 | 6;
  /** Network address as 32-bit words (1 for IPv4, 4 for IPv6). */
  readonly words: readonly number[];
  readonly prefix: number;
  readonly text: string;
}

export interface RegexSpec {
  readonly source: string;
  readonly flags: string;
}

/** What one detection item tests on its field. */
export type MatchSpec =
  | { readonly kind: 'pattern'; readonly values: readonly SigmaString[] }
  | { readonly kind: 'regex'; readonly values: readonly RegexSpec[] }
  | { readonly kind: 'cidr'; readonly values: readonly Cidr[] }
  | { readonly kind: 'compare'; readonly op: CompareOp | 'eq'; readonly values: readonly number[] }
  | { readonly kind: 'exists'; readonly present: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'fieldref'; readonly position: Position; readonly values: readonly string[] };

export interface DetectionItem {
  /** The rule's field name; null for a keyword search over every string field. */
  readonly field: string | null;
  readonly match: MatchSpec;
  /** Every value must match (the `all` modifier) instead of any one. */
  readonly all: boolean;
  readonly cased: boolean;
  /** `neq`: the field is present and matches none of the values. */
  readonly negate: boolean;
  /** Compare this part of a timestamp field instead of the field itself. */
  readonly timePart?: TimePart;
  readonly line: number;
}

/** A search identifier's body: maps are AND, lists are OR. */
export type SearchExpr =
  | { readonly kind: 'and'; readonly items: readonly SearchExpr[] }
  | { readonly kind: 'or'; readonly items: readonly SearchExpr[] }
  | { readonly kind: 'item'; readonly item: DetectionItem };

/** A condition after `x of` has been resolved to the identifiers it names. */
export type Condition =
  | { readonly kind: 'and'; readonly items: readonly Condition[] }
  | { readonly kind: 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | { readonly kind: 'ref'; readonly name: string };

export interface Detection {
  readonly searches: ReadonlyMap<string, SearchExpr>;
  readonly condition: Condition;
}

export interface DocumentOrigin {
  readonly file: string;
  readonly line: number;
  /** The YAML document's own text. */
  readonly text: string;
}

export interface RuleLogsource extends Logsource {
  readonly definition?: string;
}

export interface SigmaRule extends DocumentOrigin {
  readonly kind: 'rule';
  readonly id: string;
  /** False when the document had no `id` and one was derived from its text. */
  readonly hasOwnId: boolean;
  readonly name?: string;
  readonly title: string;
  readonly status?: string;
  readonly level: SigmaLevel;
  readonly description?: string;
  readonly author?: string;
  readonly references: readonly string[];
  readonly falsepositives: readonly string[];
  readonly tags: readonly string[];
  readonly logsource: RuleLogsource;
  readonly fields: readonly string[];
  readonly detection: Detection;
}

export interface SigmaFilter extends DocumentOrigin {
  readonly kind: 'filter';
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly logsource: RuleLogsource;
  /** Ids or names of the rules the filter applies to. */
  readonly rules: readonly string[];
  readonly detection: Detection;
}
