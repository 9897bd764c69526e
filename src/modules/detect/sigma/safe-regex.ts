/**
 * A static guard against regular expressions whose backtracking can grow exponentially with the
 * input. Exponential blow-up needs a repeated group whose body can match the same text in more than
 * one way; we look for the two shapes that cause it:
 * - alternatives inside the group that can begin with the same character, like `(a|ab)*`;
 * - a repeat inside the group that can trade characters with the group's next or previous
 *   iteration, or with a neighbouring repeat, like `(a+)+`, `(.*,)+` or `(\w+\s?)+`.
 * The check is conservative (it may refuse a harmless pattern) and cheap (linear in the pattern).
 */
import { CharSet } from './charset.js';
import { parseRegex, type RegexNode } from './regex-syntax.js';

/** Repeats bounded at or below this count stay cheap even when their body is ambiguous. */
const SMALL_REPEAT = 10;

/** The reason a pattern is unsafe, or undefined when it passes. Syntax errors are reported too. */
export function regexRisk(source: string, ignoreCase: boolean): string | undefined {
  let root: RegexNode;
  try {
    root = parseRegex(source, ignoreCase);
  } catch (error) {
    return `cannot read the regular expression: ${(error as Error).message}`;
  }
  return findRisk(root);
}

function findRisk(node: RegexNode): string | undefined {
  switch (node.kind) {
    case 'chars':
    case 'empty':
      return undefined;
    case 'alt':
      return firstOf(node.options, findRisk);
    case 'seq':
      return firstOf(node.terms, findRisk);
    case 'repeat':
      if (node.max > SMALL_REPEAT) {
        const risk = repeatedBodyRisk(node.body);
        if (risk) return risk;
      }
      return findRisk(node.body);
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

function allChars(node: RegexNode): CharSet {
  const set = new CharSet();
  const visit = (n: RegexNode): void => {
    if (n.kind === 'chars') set.addSet(n.set);
    else if (n.kind === 'alt') n.options.forEach(visit);
    else if (n.kind === 'seq') n.terms.forEach(visit);
    else if (n.kind === 'repeat') visit(n.body);
  };
  visit(node);
  return set;
}

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
