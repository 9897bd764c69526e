/**
 * A small reader of JavaScript regular expression syntax, enough to reason about backtracking:
 * alternatives, sequences, quantified terms and the characters each atom can consume.
 */
import { CharSet } from './charset.js';

export type RegexNode =
  | { readonly kind: 'alt'; readonly options: readonly RegexNode[] }
  | { readonly kind: 'seq'; readonly terms: readonly RegexNode[] }
  | { readonly kind: 'repeat'; readonly body: RegexNode; readonly min: number; readonly max: number }
  /** `literal` is set when the atom is one plain character (not a class or `.`). */
  | { readonly kind: 'chars'; readonly set: CharSet; readonly literal?: string }
  /** Anchors, lookarounds and back-references: they consume nothing we can reason about. */
  | { readonly kind: 'empty' };

const MAX_DEPTH = 200;

export class RegexSyntaxError extends Error {}

export function parseRegex(source: string, ignoreCase: boolean): RegexNode {
  const reader = new Reader(source, ignoreCase);
  const node = reader.alternation(0);
  if (reader.pos < source.length) throw new RegexSyntaxError(`unbalanced ")" at ${reader.pos}`);
  return node;
}

class Reader {
  pos = 0;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {}

  alternation(depth: number): RegexNode {
    if (depth > MAX_DEPTH) throw new RegexSyntaxError('groups nested too deeply');
    const options = [this.sequence(depth)];
    while (this.src[this.pos] === '|') {
      this.pos++;
      options.push(this.sequence(depth));
    }
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alt', options };
  }

  private sequence(depth: number): RegexNode {
    const terms: RegexNode[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.atom(depth);
      terms.push(this.quantified(atom));
    }
    return { kind: 'seq', terms };
  }

  private quantified(atom: RegexNode): RegexNode {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return atom;
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3]);
    } else {
      return atom;
    }
    if (this.src[this.pos] === '?') this.pos++;
    return { kind: 'repeat', body: atom, min, max };
  }

  private atom(depth: number): RegexNode {
    const c = this.src[this.pos++] ?? '';
    switch (c) {
      case '(':
        return this.group(depth);
      case '[':
        return { kind: 'chars', set: this.charClass() };
      case '.':
        return { kind: 'chars', set: CharSet.any() };
      case '^':
      case '$':
        return { kind: 'empty' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new RegexSyntaxError(`nothing to repeat at ${this.pos - 1}`);
      default:
        return { kind: 'chars', set: CharSet.of(c, this.ignoreCase), literal: c };
    }
  }

  private group(depth: number): RegexNode {
    let lookaround = false;
    if (this.src[this.pos] === '?') {
      const rest = this.src.slice(this.pos, this.pos + 3);
      if (rest.startsWith('?:')) this.pos += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) [this.pos, lookaround] = [this.pos + 2, true];
      else if (rest === '?<=' || rest === '?<!') [this.pos, lookaround] = [this.pos + 3, true];
      else if (rest.startsWith('?<')) {
        const end = this.src.indexOf('>', this.pos);
        if (end < 0) throw new RegexSyntaxError('unterminated group name');
        this.pos = end + 1;
      } else throw new RegexSyntaxError(`unsupported group syntax "(${rest}" at ${this.pos - 1}`);
    }
    const body = this.alternation(depth + 1);
    if (this.src[this.pos] !== ')') throw new RegexSyntaxError('unterminated group');
    this.pos++;
    return lookaround ? { kind: 'empty' } : body;
  }

  private escape(): RegexNode {
    const c = this.src[this.pos++];
    if (c === undefined) throw new RegexSyntaxError('trailing backslash');
    if (c === 'b' || c === 'B' || /[1-9]/.test(c)) {
      while (/[0-9]/.test(this.src[this.pos] ?? '')) this.pos++;
      return { kind: 'empty' };
    }
    if (c === 'k' && this.src[this.pos] === '<') {
      const end = this.src.indexOf('>', this.pos);
      this.pos = end < 0 ? this.src.length : end + 1;
      return { kind: 'empty' };
    }
    const named = CharSet.named(c);
    if (named) return { kind: 'chars', set: named };
    const literal = String.fromCharCode(this.escapeCode(c));
    return { kind: 'chars', set: CharSet.of(literal, this.ignoreCase), literal };
  }

  private escapeCode(c: string): number {
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0 };
    if (simple[c] !== undefined) return simple[c];
    const hex = c === 'x' ? 2 : c === 'u' ? 4 : 0;
    if (hex > 0) {
      const digits = this.src.slice(this.pos, this.pos + hex);
      if (new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) {
        this.pos += hex;
        return parseInt(digits, 16);
      }
    }
    if (c === 'c' && /[a-zA-Z]/.test(this.src[this.pos] ?? '')) {
      return (this.src.charCodeAt(this.pos++) ?? 0) % 32;
    }
    return c.charCodeAt(0);
  }

  private charClass(): CharSet {
    const set = new CharSet();
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    while (this.pos < this.src.length && this.src[this.pos] !== ']') {
      const low = this.classAtom();
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && typeof low === 'number') {
        this.pos++;
        const high = this.classAtom();
        if (typeof high !== 'number') {
          set.addSet(high);
          set.addRange(low, low, this.ignoreCase);
          set.addRange(45, 45, false);
        } else if (high < low) {
          throw new RegexSyntaxError('range out of order in character class');
        } else {
          set.addRange(low, high, this.ignoreCase);
        }
      } else if (typeof low === 'number') {
        set.addRange(low, low, this.ignoreCase);
      } else {
        set.addSet(low);
      }
    }
    if (this.src[this.pos] !== ']') throw new RegexSyntaxError('unterminated character class');
    this.pos++;
    return negated ? set.complement() : set;
  }

  private classAtom(): number | CharSet {
    const c = this.src[this.pos++] ?? '';
    if (c !== '\\') return c.charCodeAt(0);
    const e = this.src[this.pos++];
    if (e === undefined) throw new RegexSyntaxError('trailing backslash');
    if (e === 'b') return 8;
    return CharSet.named(e) ?? this.escapeCode(e);
  }
}
