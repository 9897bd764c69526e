/**
 * Compiles a Sigma string to a test on one text. Plain shapes (exact, prefix, suffix, infix) become a
 * single string call; anything else is matched segment by segment between the `*` wildcards, with
 * leftmost-first search, which is exact for `*`-separated globs and never backtracks more than once.
 */
import type { SigmaString } from '../sigma/index.js';

export type TextTest = (text: string) => boolean;

const ANY = 1;
const DASH = 2;
const DASH_CODES = new Set([0x2d, 0x2f, 0x2013, 0x2014, 0x2015]);

interface Segment {
  readonly text: string;
  /** Per position: 0 = this exact character, ANY = any character, DASH = any dash; null if all 0. */
  readonly kinds: Uint8Array | null;
}

export function compilePattern(pattern: SigmaString, lower: boolean): TextTest {
  const segments: Segment[] = [];
  let text = '';
  let kinds: number[] = [];
  let special = false;
  const close = (): void => {
    segments.push({ text, kinds: special ? Uint8Array.from(kinds) : null });
    [text, kinds, special] = ['', [], false];
  };
  for (const token of pattern) {
    if (token.kind === 'star') close();
    else if (token.kind === 'text') {
      const value = lower ? token.text.toLowerCase() : token.text;
      text += value;
      for (let i = 0; i < value.length; i++) kinds.push(0);
    } else if (token.kind === 'one' || token.kind === 'dash') {
      text += '\0';
      kinds.push(token.kind === 'one' ? ANY : DASH);
      special = true;
    } else {
      throw new Error(`placeholder %${token.name}% reached the engine unexpanded`);
    }
  }
  close();
  return fromSegments(segments);
}

function fromSegments(segments: readonly Segment[]): TextTest {
  const first = segments[0] as Segment;
  if (segments.length === 1) {
    if (!first.kinds) return (s) => s === first.text;
    return (s) => s.length === first.text.length && segmentAt(s, 0, first);
  }
  const last = segments[segments.length - 1] as Segment;
  const middle = segments.slice(1, -1).filter((segment) => segment.text !== '');
  if (middle.length === 0 && !first.kinds && !last.kinds) {
    const [head, tail] = [first.text, last.text];
    if (head === '' && tail === '') return () => true;
    if (tail === '') return (s) => s.startsWith(head);
    if (head === '') return (s) => s.endsWith(tail);
    return (s) => s.length >= head.length + tail.length && s.startsWith(head) && s.endsWith(tail);
  }
  if (first.text === '' && last.text === '' && middle.length === 1 && !(middle[0] as Segment).kinds) {
    const needle = (middle[0] as Segment).text;
    return (s) => s.includes(needle);
  }
  return (s) => matchSegments(s, first, middle, last);
}

function matchSegments(s: string, first: Segment, middle: readonly Segment[], last: Segment): boolean {
  if (s.length < first.text.length + last.text.length) return false;
  if (!segmentAt(s, 0, first)) return false;
  let pos = first.text.length;
  const end = s.length - last.text.length;
  for (const segment of middle) {
    const found = findSegment(s, pos, segment);
    if (found < 0 || found + segment.text.length > end) return false;
    pos = found + segment.text.length;
  }
  return segmentAt(s, end, last);
}

function segmentAt(s: string, at: number, segment: Segment): boolean {
  const { text, kinds } = segment;
  if (!kinds) return s.startsWith(text, at);
  for (let i = 0; i < text.length; i++) {
    const kind = kinds[i];
    const code = s.charCodeAt(at + i);
    if (Number.isNaN(code)) return false;
    if (kind === ANY) continue;
    if (kind === DASH ? !DASH_CODES.has(code) : code !== text.charCodeAt(i)) return false;
  }
  return true;
}

function findSegment(s: string, from: number, segment: Segment): number {
  if (!segment.kinds) return s.indexOf(segment.text, from);
  for (let at = from; at + segment.text.length <= s.length; at++) {
    if (segmentAt(s, at, segment)) return at;
  }
  return -1;
}
