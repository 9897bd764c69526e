import { posix } from 'node:path';
import { LifelineError } from '../../../kernel/errors.js';

/**
 * restic's --exclude / --include pattern semantics: a pattern is split into path components, each
 * matched like Go's filepath.Match; "**" spans any number of components. A pattern starting with
 * "/" is anchored at the root; any other pattern may match at any depth. A pattern matches a path
 * when it matches a run of the path's components, so "/data/tmp" also matches "/data/tmp/x".
 */
type Part = { kind: 'root' } | { kind: 'any' } | { kind: 'glob'; re: RegExp };

export interface PathPattern {
  source: string;
  parts: Part[];
}

function componentRegex(glob: string, source: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '\\') {
      const next = glob[++i];
      if (next === undefined) throw badPattern(source);
      re += escapeRe(next);
    } else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw badPattern(source);
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\]\\^]/g, (c) => `\\${c}`)}]`;
      i = end;
    } else re += escapeRe(ch);
  }
  try {
    return new RegExp(`^${re}$`, 'u');
  } catch {
    throw badPattern(source);
  }
}

function escapeRe(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
}

function badPattern(source: string): LifelineError {
  return new LifelineError('VALIDATION_FAILED', 'A path pattern is malformed', { pattern: source });
}

export function parsePattern(source: string): PathPattern {
  const cleaned = posix.normalize(source);
  const pieces = cleaned.split('/');
  const parts: Part[] = [];
  pieces.forEach((piece, index) => {
    if (index === 0 && piece === '') parts.push({ kind: 'root' });
    else if (piece === '**') parts.push({ kind: 'any' });
    else if (piece !== '' && piece !== '.') parts.push({ kind: 'glob', re: componentRegex(piece, source) });
  });
  return { source, parts };
}

function splitPath(path: string): string[] {
  const comps = posix
    .normalize(path)
    .split('/')
    .filter((c) => c !== '');
  return path.startsWith('/') ? ['/', ...comps] : comps;
}

function partMatches(part: Part, comp: string): boolean {
  if (part.kind === 'root') return comp === '/';
  if (part.kind === 'any') return true;
  return comp !== '/' && part.re.test(comp);
}

/** Does `parts` match the components starting at `at`? Trailing components may be left over. */
function matchFrom(parts: Part[], comps: string[], pi: number, ci: number): boolean {
  if (pi === parts.length) return true;
  const part = parts[pi];
  if (!part) return true;
  if (part.kind === 'any') {
    for (let skip = ci; skip <= comps.length; skip++) {
      if (matchFrom(parts, comps, pi + 1, skip)) return true;
    }
    return false;
  }
  const comp = comps[ci];
  return comp !== undefined && partMatches(part, comp) && matchFrom(parts, comps, pi + 1, ci + 1);
}

export function matchPath(pattern: PathPattern, path: string): boolean {
  const comps = splitPath(path);
  if (pattern.parts.length === 0) return true;
  if (pattern.parts[0]?.kind === 'root') return matchFrom(pattern.parts, comps, 0, 0);
  for (let start = comps[0] === '/' ? 1 : 0; start < comps.length; start++) {
    if (matchFrom(pattern.parts, comps, 0, start)) return true;
  }
  return false;
}

/** Could something below directory `path` match? Unanchored patterns always might. */
export function childMayMatch(pattern: PathPattern, path: string): boolean {
  if (pattern.parts[0]?.kind !== 'root') return true;
  const comps = splitPath(path);
  for (let i = 0; i < Math.min(comps.length, pattern.parts.length); i++) {
    const part = pattern.parts[i];
    if (!part || part.kind === 'any') return true;
    if (!partMatches(part, comps[i] ?? '')) return false;
  }
  return true;
}

export class PathFilter {
  private readonly patterns: PathPattern[];

  constructor(sources: readonly string[]) {
    this.patterns = sources.filter((s) => s !== '').map(parsePattern);
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  matches(path: string): boolean {
    return this.patterns.some((p) => matchPath(p, path));
  }

  childMayMatch(path: string): boolean {
    return this.patterns.some((p) => childMayMatch(p, path));
  }
}
