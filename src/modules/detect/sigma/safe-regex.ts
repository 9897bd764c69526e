/**
 * A static guard against regular expressions whose backtracking can explode, and the longest text each
 * accepted one may be run on.
 *
 * Exponential blow-up needs a repeated group whose body can match the same text in more than one way:
 * - alternatives inside the group that can begin with the same character, like `(a|ab)*`;
 * - a repeat inside the group that can trade characters with the group's next or previous iteration,
 *   or with a neighbouring repeat, like `(a+)+`, `(.*,)+` or `(\w+\s?)+`;
 * - a repeated back-reference, like `(\w+)\1+`.
 * Bounded repeats count by the product of their bounds: `(?:a{1,10}){1,10}` repeats a hundred times.
 *
 * Polynomial blow-up needs a chain of repeats that can each stop at many places of the same text:
 * `.*a.*a.*b` on a long run of `a` tries every placement of the two `a` (and the search tries every
 * start) before the missing `b` fails it. safe-regex-chains.ts estimates the worst chain's steps; the
 * pattern may run on as much text as keeps them within a budget, and one that cannot take
 * MIN_REGEX_TEXT characters is refused.
 * The check is conservative (it may refuse a harmless pattern) and cheap.
 */
import { CharSet } from './charset.js';
import { allChars, chainTextLimit, MAX_REGEX_TEXT } from './safe-regex-chains.js';
import { parseRegex, type RegexNode } from './regex-syntax.js';

export { MAX_REGEX_TEXT };

/** Repeats bounded at or below this count stay cheap even when their body is ambiguous. */
const SMALL_REPEAT = 10;
/** A pattern safe only on shorter text than this is refused: it would miss nearly everything. */
const MIN_REGEX_TEXT = 128;

/**
 * The reason a pattern is unsafe, or undefined when it passes. Syntax errors are reported too.
 * Without `multiline` known, a leading `^` is not trusted to anchor the search (it may be `(?m)`).
 */
export function regexRisk(source: string, ignoreCase: boolean, multiline = true): string | undefined {
  return analyse(source, ignoreCase, multiline).risk;
}

/** How many leading characters of a value an accepted pattern may be run on (see chainTextLimit). */
export function regexTextLimit(source: string, flags: string): number {
  return analyse(source, flags.includes('i'), flags.includes('m')).limit;
}

interface Analysis {
  readonly risk?: string;
  readonly limit: number;
}

function analyse(source: string, ignoreCase: boolean, multiline: boolean): Analysis {
  let root: RegexNode;
  try {
    root = parseRegex(source, ignoreCase);
  } catch (error) {
    return { risk: `cannot read the regular expression: ${(error as Error).message}`, limit: 0 };
  }
  const marks = scanSource(source);
  const risk = marks.risk ?? findRisk(root, 1);
  if (risk) return { risk, limit: 0 };
  let limit = chainTextLimit(root, !multiline && source.startsWith('^'), marks.backrefs);
  if (limit === undefined) return { risk: 'too many nested repeats to judge its backtracking', limit: 0 };
  // The parser sees lookarounds as zero-width; their bodies backtrack like any pattern.
  for (const body of marks.lookarounds) {
    const inner = analyse(body, ignoreCase, multiline);
    if (inner.risk) return inner;
    limit = Math.min(limit, inner.limit);
  }
  if (limit < MIN_REGEX_TEXT) {
    return {
      risk: 'quantifiers in sequence can match the same text in many ways (polynomial backtracking)',
      limit,
    };
  }
  return { limit };
}

interface SourceMarks {
  readonly risk?: string;
  readonly backrefs: number;
  /** Bodies of the outermost lookarounds. */
  readonly lookarounds: readonly string[];
}

/** What the syntax tree hides: back-references and lookaround bodies, read from the source text. */
function scanSource(source: string): SourceMarks {
  const groups: { start: number; look: boolean; backref: boolean }[] = [];
  const lookarounds: string[] = [];
  let backrefs = 0;
  const repeatedRef = 'a back-reference is repeated (catastrophic backtracking)';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const ref = /^(?:[1-9]\d*|k<[^>]*>)/.exec(source.slice(i + 1, i + 258));
      if (!ref) {
        i++;
        continue;
      }
      backrefs++;
      for (const group of groups) group.backref = true;
      i += ref[0].length;
      if (repeatsMany(source, i + 1)) return { risk: repeatedRef, backrefs, lookarounds };
    } else if (c === '[') {
      i = classEnd(source, i);
    } else if (c === '(') {
      groups.push({ start: i, look: /^\(\?<?[=!]/.test(source.slice(i, i + 4)), backref: false });
    } else if (c === ')') {
      const group = groups.pop();
      if (!group) continue;
      if (group.backref && repeatsMany(source, i + 1)) return { risk: repeatedRef, backrefs, lookarounds };
      if (group.look && !groups.some((outer) => outer.look)) {
        lookarounds.push(source.slice(group.start + (source[group.start + 2] === '<' ? 4 : 3), i));
      }
    }
  }
  return { backrefs, lookarounds };
}

/** Whether a quantifier that allows more than one repetition starts at `at`. */
function repeatsMany(source: string, at: number): boolean {
  const c = source[at];
  if (c === '*' || c === '+') return true;
  const bounds = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at)) : null;
  if (!bounds) return false;
  const max = bounds[2] === undefined ? Number(bounds[1]) : bounds[3] ? Number(bounds[3]) : Infinity;
  return max > 1;
}

function classEnd(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === '^') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i;
}

/** `outer` is the product of the bounds of the repeats around `node`. */
function findRisk(node: RegexNode, outer: number): string | undefined {
  switch (node.kind) {
    case 'chars':
    case 'empty':
      return undefined;
    case 'alt':
      return firstOf(node.options, (option) => findRisk(option, outer));
    case 'seq':
      return firstOf(node.terms, (term) => findRisk(term, outer));
    case 'repeat': {
      if (node.max === 0) return undefined;
      const count = outer * node.max;
      if (node.max > 1 && count * nestedCount(node.body) > SMALL_REPEAT) {
        const risk = repeatedBodyRisk(node.body);
        if (risk) return risk;
      }
      return findRisk(node.body, count);
    }
  }
}

/** The largest product of repeat bounds nested inside a node (1 when it holds no repeat). */
function nestedCount(node: RegexNode): number {
  switch (node.kind) {
    case 'chars':
    case 'empty':
      return 1;
    case 'alt':
      return Math.max(...node.options.map(nestedCount));
    case 'seq':
      return Math.max(1, ...node.terms.map(nestedCount));
    case 'repeat':
      return node.max === 0 ? 1 : node.max * nestedCount(node.body);
  }
}

function repeatedBodyRisk(body: RegexNode): string | undefined {
  if (hasOverlappingAlternatives(body)) {
    return 'a repeated group has alternatives that can match the same text (catastrophic backtracking)';
  }
  const first = firstSet(body);
  const last = lastSet(body);
  const leading = edgeRepeats(body, 'start');
  const trailing = edgeRepeats(body, 'end');
  if (leading.some((r) => allChars(r).overlaps(last)) || trailing.some((r) => allChars(r).overlaps(first))) {
    return 'nested quantifiers can split the same text in many ways (catastrophic backtracking)';
  }
  if (hasOverlappingNeighbours(body)) {
    return 'adjacent quantifiers inside a repeated group overlap (catastrophic backtracking)';
  }
  return undefined;
}

function firstOf<T>(items: readonly T[], check: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const risk = check(item);
    if (risk) return risk;
  }
  return undefined;
}

function nullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'chars':
      return false;
    case 'empty':
      return true;
    case 'alt':
      return node.options.some(nullable);
    case 'seq':
      return node.terms.every(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
  }
}

function edgeSet(node: RegexNode, side: 'start' | 'end'): CharSet {
  const set = new CharSet();
  switch (node.kind) {
    case 'chars':
      set.addSet(node.set);
      break;
    case 'empty':
      break;
    case 'alt':
      for (const option of node.options) set.addSet(edgeSet(option, side));
      break;
    case 'repeat':
      set.addSet(edgeSet(node.body, side));
      break;
    case 'seq':
      for (const term of side === 'start' ? node.terms : [...node.terms].reverse()) {
        set.addSet(edgeSet(term, side));
        if (!nullable(term)) break;
      }
      break;
  }
  return set;
}

const firstSet = (node: RegexNode): CharSet => edgeSet(node, 'start');
const lastSet = (node: RegexNode): CharSet => edgeSet(node, 'end');

/** Variable-count repeats that can consume the first (or last) character of a match of `node`. */
function edgeRepeats(node: RegexNode, side: 'start' | 'end'): RegexNode[] {
  switch (node.kind) {
    case 'chars':
    case 'empty':
      return [];
    case 'alt':
      return node.options.flatMap((option) => edgeRepeats(option, side));
    case 'repeat':
      // Only a repeat of variable count can hand characters to its neighbours.
      return node.max > node.min ? [node, ...edgeRepeats(node.body, side)] : edgeRepeats(node.body, side);
    case 'seq': {
      const out: RegexNode[] = [];
      for (const term of side === 'start' ? node.terms : [...node.terms].reverse()) {
        out.push(...edgeRepeats(term, side));
        if (!nullable(term)) break;
      }
      return out;
    }
  }
}

function hasOverlappingAlternatives(node: RegexNode): boolean {
  switch (node.kind) {
    case 'chars':
    case 'empty':
      return false;
    case 'repeat':
      return hasOverlappingAlternatives(node.body);
    case 'seq':
      return node.terms.some(hasOverlappingAlternatives);
    case 'alt': {
      const starts = node.options.filter((o) => !nullable(o)).map(firstSet);
      for (let i = 0; i < starts.length; i++) {
        for (let j = i + 1; j < starts.length; j++) {
          if ((starts[i] as CharSet).overlaps(starts[j] as CharSet)) return true;
        }
      }
      return node.options.some(hasOverlappingAlternatives);
    }
  }
}

/** Two repeats in one sequence, with only optional parts between them, that share characters. */
function hasOverlappingNeighbours(node: RegexNode): boolean {
  switch (node.kind) {
    case 'chars':
    case 'empty':
      return false;
    case 'repeat':
      return hasOverlappingNeighbours(node.body);
    case 'alt':
      return node.options.some(hasOverlappingNeighbours);
    case 'seq':
      for (let i = 0; i < node.terms.length; i++) {
        const ends = edgeRepeats(node.terms[i] as RegexNode, 'end');
        for (let j = i + 1; j < node.terms.length && ends.length > 0; j++) {
          const next = node.terms[j] as RegexNode;
          const starts = edgeRepeats(next, 'start');
          if (ends.some((a) => starts.some((b) => allChars(a).overlaps(allChars(b))))) return true;
          if (!nullable(next)) break;
        }
      }
      return node.terms.some(hasOverlappingNeighbours);
  }
}
