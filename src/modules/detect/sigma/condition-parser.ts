/**
 * The condition language: `or` binds loosest, then `and`, then `not`, then `1 of` / `all of`, then
 * parentheses. Identifiers are resolved against the rule's search identifiers here, so the result
 * refers only to searches that exist.
 */
import type { Condition } from './rule-model.js';
import { SigmaProblem } from './problem.js';

const MAX_DEPTH = 100;
const MAX_LENGTH = 20_000;

type Token = { readonly kind: 'open' | 'close' | 'word'; readonly text: string; readonly at: number };

export function parseCondition(text: string, searches: readonly string[]): Condition {
  if (text.length > MAX_LENGTH) throw new SigmaProblem(`condition is longer than ${MAX_LENGTH} characters`);
  if (text.includes('|')) {
    throw new SigmaProblem(
      'aggregations in the condition ("| count() ...") are Sigma 1; use a correlation rule',
    );
  }
  const parser = new ConditionParser(tokenize(text), searches);
  const condition = parser.parseAll();
  return condition;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()]+))/y;
  let match: RegExpExecArray | null;
  while (re.lastIndex < text.length && (match = re.exec(text)) !== null) {
    const at = match.index;
    if (match[1]) tokens.push({ kind: 'open', text: '(', at });
    else if (match[2]) tokens.push({ kind: 'close', text: ')', at });
    else if (match[3]) tokens.push({ kind: 'word', text: match[3], at });
    else break;
  }
  return tokens;
}

class ConditionParser {
  private pos = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly searches: readonly string[],
  ) {}

  parseAll(): Condition {
    if (this.tokens.length === 0) throw new SigmaProblem('condition is empty');
    const condition = this.or(0);
    const extra = this.tokens[this.pos];
    if (extra) throw new SigmaProblem(`unexpected "${extra.text}" in condition`);
    return condition;
  }

  private or(depth: number): Condition {
    const items = [this.and(depth)];
    while (this.keyword('or')) items.push(this.and(depth));
    return items.length === 1 ? (items[0] as Condition) : { kind: 'or', items };
  }

  private and(depth: number): Condition {
    const items = [this.not(depth)];
    while (this.keyword('and')) items.push(this.not(depth));
    return items.length === 1 ? (items[0] as Condition) : { kind: 'and', items };
  }

  private not(depth: number): Condition {
    let negations = 0;
    while (this.keyword('not')) negations++;
    const item = this.primary(depth);
    return negations % 2 === 1 ? { kind: 'not', item } : item;
  }

  private primary(depth: number): Condition {
    if (depth > MAX_DEPTH) throw new SigmaProblem(`condition nests deeper than ${MAX_DEPTH} parentheses`);
    const token = this.tokens[this.pos++];
    if (!token) throw new SigmaProblem('condition ends where a search identifier was expected');
    if (token.kind === 'open') {
      const inner = this.or(depth + 1);
      if (this.tokens[this.pos]?.kind !== 'close') throw new SigmaProblem('missing ")" in condition');
      this.pos++;
      return inner;
    }
    if (token.kind === 'close') throw new SigmaProblem('unexpected ")" in condition');
    const word = token.text.toLowerCase();
    if (this.tokens[this.pos]?.text.toLowerCase() === 'of') {
      this.pos++;
      return this.quantified(word, token.text);
    }
    if (['and', 'or', 'not', 'of'].includes(word)) {
      throw new SigmaProblem(`"${token.text}" where a search identifier was expected`);
    }
    if (!this.searches.includes(token.text)) {
      throw new SigmaProblem(`condition refers to unknown search identifier "${token.text}"`);
    }
    return { kind: 'ref', name: token.text };
  }

  private quantified(word: string, written: string): Condition {
    if (word !== '1' && word !== 'all') {
      throw new SigmaProblem(`"${written} of" is not supported; use "1 of" or "all of"`);
    }
    const target = this.tokens[this.pos++];
    if (target?.kind !== 'word') throw new SigmaProblem(`"${written} of" needs a pattern or "them"`);
    const names = this.matching(target.text);
    const items: Condition[] = names.map((name) => ({ kind: 'ref', name }));
    if (items.length === 1) return items[0] as Condition;
    return { kind: word === 'all' ? 'and' : 'or', items };
  }

  private matching(pattern: string): string[] {
    if (pattern.toLowerCase() === 'them') {
      const names = this.searches.filter((name) => !name.startsWith('_'));
      if (names.length === 0) throw new SigmaProblem('"them" names no search identifier');
      return names;
    }
    // Identifiers starting with "_" are left out unless the pattern itself asks for them.
    const names = this.searches.filter(
      (n) => starGlobMatches(pattern, n) && (!n.startsWith('_') || pattern.startsWith('_')),
    );
    if (names.length === 0) throw new SigmaProblem(`pattern "${pattern}" matches no search identifier`);
    return names;
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.pos];
    if (token?.kind === 'word' && token.text.toLowerCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }
}

/** `*`-only glob matching in O(pattern × name), with no regular expression to backtrack. */
export function starGlobMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (n < name.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === name[n]) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starAt = p++;
      resumeAt = n;
    } else if (starAt >= 0) {
      p = starAt + 1;
      n = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
