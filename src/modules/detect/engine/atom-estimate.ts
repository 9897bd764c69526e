/**
 * Corpus statistics behind an atom's cost, computed once over every rule being compiled: how many
 * rule literals contain a text, and how varied the literals of each field are.
 */
import type { Detection } from '../sigma/index.js';
import { AhoCorasick } from './aho-corasick.js';
import { CandidateSet } from './candidates.js';
import { itemNeedles } from './needles.js';

/** Corpus statistics behind the cost of an atom (see textStatistics). */
export interface AtomEstimate {
  /** Text → number of rules with a literal containing it. */
  readonly textUses: ReadonlyMap<string, number>;
  /** Rule field name → number of distinct literals rules test it with. */
  readonly fieldVariety: ReadonlyMap<string, number>;
}

type Search = Detection['searches'] extends ReadonlyMap<string, infer S> ? S : never;

/**
 * Shorter text is more likely to occur; text that many rule literals contain (`\windows\`, `.exe`)
 * is common in events too; a field that rules test with few distinct values (IntegrityLevel,
 * Company) holds few distinct values in events, so each of them is common.
 */
export function textCost(text: string, field: string | null, estimate: AtomEstimate | undefined): number {
  const uses = estimate?.textUses.get(text) ?? 1;
  const variety = field === null ? undefined : estimate?.fieldVariety.get(field);
  const fieldFactor = variety === undefined ? 1 : 1 + 100 / variety;
  const length = Math.min(text.length, 24);
  return (uses * fieldFactor) / ((1 + length) * (1 + length));
}

/** Corpus statistics for the atom cost: computed once over every rule being compiled. */
export function textStatistics(detections: readonly Detection[]): AtomEstimate {
  const perRule: string[][] = [];
  const variety = new Map<string, Set<string>>();
  for (const detection of detections) {
    const seen = new Set<string>();
    const visit = (expr: Search): void => {
      if (expr.kind !== 'item') return expr.items.forEach(visit);
      const field = expr.item.field;
      for (const set of itemNeedles(expr.item)) {
        for (const { text } of set ?? []) {
          seen.add(text);
          if (field !== null) {
            const texts = variety.get(field) ?? new Set<string>();
            texts.add(text);
            variety.set(field, texts);
          }
        }
      }
    };
    detection.searches.forEach(visit);
    perRule.push([...seen]);
  }
  return {
    textUses: containmentCounts(perRule),
    fieldVariety: new Map([...variety].map(([field, texts]) => [field, texts.size])),
  };
}

/** For every text: in how many rules some literal contains it (one Aho–Corasick pass). */
function containmentCounts(perRule: readonly (readonly string[])[]): Map<string, number> {
  const distinct = [...new Set(perRule.flat())];
  const automaton = new AhoCorasick(
    distinct,
    distinct.map((_, index) => [index]),
  );
  const found = new CandidateSet(distinct.length);
  const counts = new Uint32Array(distinct.length);
  for (const texts of perRule) {
    found.clear();
    for (const text of texts) automaton.scan(text, found);
    for (let i = 0; i < found.size; i++) counts[found.member(i)] = (counts[found.member(i)] ?? 0) + 1;
  }
  return new Map(distinct.map((text, index) => [text, counts[index] ?? 1]));
}
