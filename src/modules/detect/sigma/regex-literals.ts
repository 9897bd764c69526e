/**
 * Literal text a regular expression cannot match without: alternatives of which one must occur in
 * any text the expression matches. The prefilter uses them like the literal runs of plain values.
 * Only ASCII letters of the expression are kept, lowercased, so the result holds for the lowercased
 * event text whatever the expression's case flags.
 */
import { parseRegex, type RegexNode } from './regex-syntax.js';

type Needed = readonly string[] | null;

export function regexLiterals(source: string, ignoreCase: boolean): Needed {
  try {
    return needed(parseRegex(source, ignoreCase));
  } catch {
    return null;
  }
}

function needed(node: RegexNode): Needed {
  switch (node.kind) {
    case 'empty':
      return null;
    case 'chars':
      return asciiLiteral(node) === undefined ? null : [asciiLiteral(node) as string];
    case 'repeat':
      return node.min >= 1 ? needed(node.body) : null;
    case 'alt': {
      const out: string[] = [];
      for (const option of node.options) {
        const set = needed(option);
        if (!set) return null;
        out.push(...set);
      }
      return out;
    }
    case 'seq':
      return bestOfSequence(node.terms);
  }
}

/** The best requirement among the sequence's literal runs and its mandatory groups. */
function bestOfSequence(terms: readonly RegexNode[]): Needed {
  const candidates: (readonly string[])[] = [];
  let run = '';
  const endRun = (): void => {
    if (run !== '') candidates.push([run]);
    run = '';
  };
  for (const term of terms) {
    const literal = term.kind === 'chars' ? asciiLiteral(term) : undefined;
    if (literal !== undefined) {
      run += literal;
      continue;
    }
    // Anything else ends the run, even zero-width parts: a back-reference consumes unknown text.
    endRun();
    const set = needed(term);
    if (set) candidates.push(set);
  }
  endRun();
  let best: Needed = null;
  for (const set of candidates) if (!best || shortest(set) > shortest(best)) best = set;
  return best;
}

function asciiLiteral(node: Extract<RegexNode, { kind: 'chars' }>): string | undefined {
  const { literal } = node;
  return literal !== undefined && literal.charCodeAt(0) < 128 ? literal.toLowerCase() : undefined;
}

function shortest(set: readonly string[]): number {
  return set.reduce((min, text) => Math.min(min, text.length), Infinity);
}
