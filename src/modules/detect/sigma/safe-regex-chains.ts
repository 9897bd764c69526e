/**
 * The polynomial half of the safe-regex guard. A repeat whose count can vary widely (`*`, `+`,
 * `{1,64}`) can stop at many places. When several such repeats in a row can consume the same
 * characters, with nothing between them those characters cannot supply, a backtracking matcher tries
 * every combination of stopping places before a later part fails. Searching from every start is one
 * more such repeat, unless a leading `^` anchors the search.
 *
 * A chain of k links over n characters, each link needing at least g characters between its repeats,
 * costs about n · Π(n / g) / k! steps: k ordered stopping places, times the scan of the last repeat.
 * A repeat with nothing after it that can fail succeeds at once and adds no link. A chain whose
 * separators and tail are all one and the same character (`\+.*\+.*\+`) is cheap: a line holding
 * enough of that character matches, one holding fewer offers few placements (measured, not assumed).
 */
import { CharSet } from './charset.js';
import type { RegexNode } from './regex-syntax.js';

/** The longest text a pattern runs on: the longest string value a normalised event keeps. */
export const MAX_REGEX_TEXT = 64 * 1024;
/** Estimated steps one test may take: 0.05–0.25 s of V8 time on the worst inputs we measured. */
const STEP_BUDGET = 2 ** 27;
/** A repeat whose count can vary by more than this is a stopping place of a chain. */
const SMALL_RANGE = 10;
/** Chains followed at once; the costliest are kept. */
const MAX_CHAINS = 32;
/** Iterations followed of a bounded repeat whose body has no stopping place. */
const UNROLL = 4;
/** Nodes visited before a pattern counts as too intricate to judge (nested bounded repeats multiply). */
const MAX_VISITS = 20_000;

interface Mask {
  readonly bits: bigint;
  readonly other: boolean;
}

interface Link {
  readonly gap: number;
  readonly range: number;
  /** The separator, when it is exactly one character. */
  readonly sep: Mask | undefined;
}

interface Chain {
  readonly links: readonly Link[];
  /** Characters the chain's last repeat consumes. */
  readonly last: Mask;
  /** Required atoms since that repeat; null is an assertion, which takes no text but can fail. */
  readonly since: readonly (Mask | null)[];
  /** The shortest text those atoms need. */
  readonly gap: number;
  /** textLimit(links), kept to rank chains. */
  readonly reach: number;
}

/**
 * The longest prefix of a value this pattern can be run on within the step budget, or undefined
 * when the pattern is too intricate to judge.
 */
export function chainTextLimit(root: RegexNode, anchored: boolean, backrefs: number): number | undefined {
  const walk = new ChainWalk(backrefs);
  const search: Chain = { links: [], last: maskOf(CharSet.any()), since: [], gap: 0, reach: MAX_REGEX_TEXT };
  for (const chain of walk.walk(root, anchored ? [] : [search])) walk.finish(chain, true);
  return walk.visits > MAX_VISITS ? undefined : walk.limit;
}

class ChainWalk {
  limit = MAX_REGEX_TEXT;
  visits = 0;

  /** Each back-reference may compare up to n characters: one more factor of n. */
  constructor(private readonly backrefs: number) {}

  walk(node: RegexNode, chains: readonly Chain[]): readonly Chain[] {
    if (++this.visits > MAX_VISITS) return [];
    switch (node.kind) {
      case 'empty':
        return chains.map((chain) => ({ ...chain, since: [...chain.since, null] }));
      case 'chars':
        return this.require(chains, maskOf(node.set), 1);
      case 'seq':
        return node.terms.reduce((current, term) => this.walk(term, current), chains);
      case 'alt':
        return prune(node.options.flatMap((option) => this.walk(option, chains)));
      case 'repeat':
        return node.max - node.min > SMALL_RANGE ? this.stop(node, chains) : this.unroll(node, chains);
    }
  }

  finish(chain: Chain, atEnd: boolean): void {
    const links = chain.since.length > 0 ? chain.links : chain.links.slice(0, -1);
    const uniform = atEnd && sameSeparatorThroughout(chain);
    this.limit = Math.min(this.limit, textLimit(links, uniform, this.backrefs));
  }

  /** Chains carry on over required text; one whose last repeat shares no character with it ends here. */
  private require(chains: readonly Chain[], mask: Mask, length: number): Chain[] {
    const out: Chain[] = [];
    for (const chain of chains) {
      const next = { ...chain, since: [...chain.since, mask], gap: chain.gap + length };
      if (overlaps(chain.last, mask)) out.push(next);
      else this.finish(next, false);
    }
    return out;
  }

  private stop(node: RegexNode & { kind: 'repeat' }, chains: readonly Chain[]): readonly Chain[] {
    const mask = maskOf(allChars(node.body));
    const kept: Chain[] = [];
    let costliest: Chain = { links: [], last: mask, since: [], gap: 0, reach: MAX_REGEX_TEXT };
    for (const chain of chains) {
      const linked = link(chain, mask, node.max - node.min);
      if (linked && linked.reach <= costliest.reach) costliest = linked;
      // Stopping here outdoes passing over this repeat when it takes all the chain's last one takes.
      if (!linked || !covers(mask, chain.last)) kept.push(chain);
    }
    const passing = node.min > 0 ? this.require(kept, mask, node.min * minLength(node.body)) : kept;
    return prune([...passing, costliest]);
  }

  private unroll(node: RegexNode & { kind: 'repeat' }, chains: readonly Chain[]): readonly Chain[] {
    let out = chains;
    if (!hasStop(node.body)) {
      // Such a body only adds required text, which a few iterations show (counting fewer of its
      // characters makes the estimate more cautious); optional iterations require nothing.
      for (let i = 0; i < Math.min(node.min, UNROLL); i++) out = this.walk(node.body, out);
      return out;
    }
    for (let i = 0; i < node.max && this.visits <= MAX_VISITS; i++) {
      out = i < node.min ? this.walk(node.body, out) : prune([...out, ...this.walk(node.body, out)]);
    }
    return out;
  }
}

/** The chain stopping at a repeat over `mask` too, if the text between can be made of shared characters. */
function link(chain: Chain, mask: Mask, range: number): Chain | undefined {
  const shared = intersect(chain.last, mask);
  const between = chain.since.every((atom) => atom === null || overlaps(atom, shared));
  if (isEmpty(shared) || !between) return undefined;
  const only = chain.since.length === 1 && chain.gap === 1 ? chain.since[0] : null;
  const links = [...chain.links, { gap: Math.max(1, chain.gap), range, sep: only ?? undefined }];
  return { links, last: mask, since: [], gap: 0, reach: textLimit(links) };
}

function sameSeparatorThroughout(chain: Chain): boolean {
  const tail = chain.since.length === 1 && chain.gap === 1 ? chain.since[0] : null;
  return !!tail && chain.links.length > 0 && chain.links.every((link) => !!link.sep && equal(link.sep, tail));
}

function textLimit(links: readonly Link[], uniform = false, backrefs = 0): number {
  const steps = (n: number): number => {
    let total = n * n ** backrefs;
    if (uniform) return total * (n + 2 ** links.length);
    let free = 0;
    for (const link of links) {
      const stops = n / link.gap;
      if (stops <= link.range) total = (total * stops) / ++free;
      else total *= link.range;
    }
    return total;
  };
  let [low, high] = [0, MAX_REGEX_TEXT];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (steps(mid) <= STEP_BUDGET) low = mid;
    else high = mid - 1;
  }
  return low;
}

function prune(chains: readonly Chain[]): readonly Chain[] {
  if (chains.length <= MAX_CHAINS) return chains;
  return [...chains].sort((a, b) => a.reach - b.reach).slice(0, MAX_CHAINS);
}

export function allChars(node: RegexNode): CharSet {
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

function minLength(node: RegexNode): number {
  switch (node.kind) {
    case 'chars':
      return 1;
    case 'empty':
      return 0;
    case 'seq':
      return node.terms.reduce((sum, term) => sum + minLength(term), 0);
    case 'alt':
      return Math.min(...node.options.map(minLength));
    case 'repeat':
      return node.min === 0 ? 0 : node.min * minLength(node.body);
  }
}

function hasStop(node: RegexNode): boolean {
  switch (node.kind) {
    case 'chars':
    case 'empty':
      return false;
    case 'seq':
      return node.terms.some(hasStop);
    case 'alt':
      return node.options.some(hasStop);
    case 'repeat':
      return node.max - node.min > SMALL_RANGE || hasStop(node.body);
  }
}

// CharSet answers only "do these overlap?"; chains need intersections, so sets become exact masks.
const PROBES = Array.from({ length: 128 }, (_, code) => CharSet.of(String.fromCharCode(code), false));
const BEYOND_ASCII = CharSet.of('\u0100', false);
const masks = new WeakMap<CharSet, Mask>();

function maskOf(set: CharSet): Mask {
  let mask = masks.get(set);
  if (!mask) {
    let bits = 0n;
    PROBES.forEach((probe, code) => {
      if (set.overlaps(probe)) bits |= 1n << BigInt(code);
    });
    mask = { bits, other: set.overlaps(BEYOND_ASCII) };
    masks.set(set, mask);
  }
  return mask;
}

const intersect = (a: Mask, b: Mask): Mask => ({ bits: a.bits & b.bits, other: a.other && b.other });
const overlaps = (a: Mask, b: Mask): boolean => (a.bits & b.bits) !== 0n || (a.other && b.other);
const isEmpty = (a: Mask): boolean => a.bits === 0n && !a.other;
const equal = (a: Mask, b: Mask): boolean => a.bits === b.bits && a.other === b.other;
const covers = (a: Mask, b: Mask): boolean => (b.bits & ~a.bits) === 0n && (a.other || !b.other);
