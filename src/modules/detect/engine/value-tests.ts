/**
 * Tests on one text value, built once per detection item: the item's values (patterns, regular
 * expressions, networks, numbers) folded into a single `any` or `all` check.
 */
import {
  cidrContains,
  parseIp,
  type Cidr,
  type CompareOp,
  type MatchSpec,
  type RegexSpec,
} from '../sigma/index.js';
import { regexTextLimit } from '../sigma/safe-regex.js';
import { compilePattern, type TextTest } from './pattern-test.js';

export interface ValueTests {
  /** True when the text satisfies one value (or, for `all`, every value). */
  readonly any: TextTest;
  /** One test per value, for `all` over a list field where values may match different items. */
  readonly each: readonly TextTest[];
  /** Whether the tests expect lowercased text. */
  readonly lower: boolean;
}

export function textTests(
  match: MatchSpec,
  cased: boolean,
  all: boolean,
  regexes: Map<string, RegExp>,
): ValueTests | undefined {
  let each: TextTest[];
  let lower = false;
  switch (match.kind) {
    case 'pattern':
      lower = !cased;
      each = exactSetOrPatterns(
        match.values.map((value) => compilePattern(value, lower)),
        match,
        lower,
        all,
      );
      break;
    case 'regex':
      each = match.values.map((spec) => regexTest(spec, regexes));
      break;
    case 'cidr':
      each = match.values.map(cidrTest);
      break;
    case 'compare':
      each = match.values.map((number) => numberTest(match.op, number));
      break;
    case 'exists':
    case 'fieldref':
    case 'null':
      return undefined;
  }
  return { any: combine(each, all), each, lower };
}

function combine(tests: readonly TextTest[], all: boolean): TextTest {
  if (tests.length === 1) return tests[0] as TextTest;
  if (tests.length === 2) {
    const [a, b] = tests as [TextTest, TextTest];
    return all ? (s) => a(s) && b(s) : (s) => a(s) || b(s);
  }
  return all ? (s) => tests.every((t) => t(s)) : (s) => tests.some((t) => t(s));
}

/** Long OR-lists of exact strings become one set lookup instead of a test per value. */
function exactSetOrPatterns(tests: TextTest[], match: MatchSpec, lower: boolean, all: boolean): TextTest[] {
  if (all || match.kind !== 'pattern' || match.values.length < 4) return tests;
  const exact = match.values.every((value) => value.every((token) => token.kind === 'text'));
  if (!exact) return tests;
  const set = new Set(
    match.values.map((value) => {
      const text = value.map((token) => (token.kind === 'text' ? token.text : '')).join('');
      return lower ? text.toLowerCase() : text;
    }),
  );
  return [(s) => set.has(s)];
}

function regexTest(spec: RegexSpec, regexes: Map<string, RegExp>): TextTest {
  const key = `${spec.flags}/${spec.source}`;
  let regex = regexes.get(key);
  if (!regex) {
    regex = new RegExp(spec.source, spec.flags);
    regexes.set(key, regex);
  }
  const compiled = regex;
  // Backtracking cost grows with the text; each pattern gets the length its shape can afford.
  const limit = regexTextLimit(spec.source, spec.flags);
  const long = longTextTest(compiled, spec.source, limit);
  return (s) => (s.length <= limit ? compiled.test(s) : long(s));
}

/**
 * A value longer than its pattern's limit is searched in its first `limit` characters only, and a
 * match there counts only when it is also a match in the whole value: it has to end before the cut
 * if the pattern looks at what follows a position ($, \b, \B), and a pattern with a lookahead (which
 * may read past the cut) never matches a long value. So the cut can make a rule miss, never misfire.
 */
function longTextTest(regex: RegExp, source: string, limit: number): TextTest {
  if (/\(\?[=!]/.test(source)) return () => false;
  const readsAhead = /\$|\\[bB]/.test(source);
  return (s) => {
    // Sigma flags are i, m and s only: without g or y, exec starts at 0 and keeps no state.
    const match = regex.exec(s.slice(0, limit));
    return match !== null && (!readsAhead || match.index + match[0].length < limit);
  };
}

function cidrTest(network: Cidr): TextTest {
  return (s) => {
    const address = parseIp(s.trim());
    return address !== undefined && cidrContains(network, address);
  };
}

export function numberTest(op: CompareOp | 'eq', bound: number): TextTest {
  const test = numberCompare(op, bound);
  return (s) => {
    const trimmed = s.trim();
    if (trimmed === '') return false;
    const value = Number(trimmed);
    return !Number.isNaN(value) && test(value);
  };
}

export function numberCompare(op: CompareOp | 'eq', bound: number): (value: number) => boolean {
  switch (op) {
    case 'lt':
      return (v) => v < bound;
    case 'lte':
      return (v) => v <= bound;
    case 'gt':
      return (v) => v > bound;
    case 'gte':
      return (v) => v >= bound;
    case 'eq':
      return (v) => v === bound;
  }
}
