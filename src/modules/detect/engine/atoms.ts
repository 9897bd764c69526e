/**
 * The literal prefilter's view of a rule: a set of (field, lowercase text) atoms such that the rule
 * can only match an event in which one of the atoms occurs in its field. AND keeps the branch whose
 * set is least likely to occur, OR needs every branch's set, and anything negated or without
 * literal text gives no set (the rule is then always evaluated).
 *
 * "Least likely" is estimated without data: longer text is rarer, and text that many rules mention
 * (`\powershell.exe`, `rundll32`) is common in events too, because rules watch common tools.
 */
import type { Condition, Detection, DetectionItem } from '../sigma/index.js';
import { textCost, type AtomEstimate } from './atom-estimate.js';
import type { FieldSlots } from './event-view.js';
import { itemNeedles, type Needle } from './needles.js';

/** Slot number of the pseudo-field that stands for "any string value" (keyword searches). */
export const KEYWORD_SLOT = -1;

export interface Atom {
  readonly slot: number;
  readonly text: string;
  /** The field must equal the text (lowercased), not merely contain it. */
  readonly exact: boolean;
  /** Estimated chance-like weight of the atom occurring in an event; lower is more selective. */
  readonly cost: number;
}

type AtomSet = readonly Atom[] | null;

export interface AtomContext {
  readonly slots: FieldSlots;
  resolveField(name: string): readonly string[];
  readonly estimate?: AtomEstimate;
}

export function detectionAtoms(detection: Detection, ctx: AtomContext): readonly Atom[] | null {
  const cost = setCost;
  const searches = new Map<string, AtomSet>();
  const ofSearch = (name: string): AtomSet => {
    if (!searches.has(name)) {
      const expr = detection.searches.get(name);
      searches.set(name, expr ? searchAtoms(expr, ctx, cost) : null);
    }
    return searches.get(name) ?? null;
  };
  const conditionAtoms = (condition: Condition): AtomSet => {
    switch (condition.kind) {
      case 'ref':
        return ofSearch(condition.name);
      case 'not':
        return null;
      case 'and':
        return cheapest(condition.items.map(conditionAtoms), cost);
      case 'or':
        return union(condition.items.map(conditionAtoms));
    }
  };
  return conditionAtoms(detection.condition);
}

type Search = Detection['searches'] extends ReadonlyMap<string, infer S> ? S : never;

function searchAtoms(expr: Search, ctx: AtomContext, cost: (set: readonly Atom[]) => number): AtomSet {
  switch (expr.kind) {
    case 'item':
      return itemAtoms(expr.item, ctx);
    case 'and':
      return cheapest(
        expr.items.map((item) => searchAtoms(item, ctx, cost)),
        cost,
      );
    case 'or':
      return union(expr.items.map((item) => searchAtoms(item, ctx, cost)));
  }
}

function itemAtoms(item: DetectionItem, ctx: AtomContext): AtomSet {
  const perValue = itemNeedles(item);
  if (perValue.length === 0) return null;
  const costOf = (set: readonly Needle[]): number =>
    set.reduce((sum, needle) => sum + textCost(needle.text, item.field, ctx.estimate), 0);
  let needles: readonly Needle[];
  if (item.all) {
    const usable = perValue.filter((set): set is readonly Needle[] => set !== null);
    if (usable.length === 0) return null;
    needles = usable.reduce((best, set) => (costOf(set) < costOf(best) ? set : best));
  } else {
    if (perValue.some((set) => set === null)) return null;
    needles = perValue.flatMap((set) => set ?? []);
  }
  if (needles.length === 0 || needles.some((needle) => needle.text === '' && !needle.exact)) return null;
  const slots =
    item.field === null ? [KEYWORD_SLOT] : ctx.resolveField(item.field).map((name) => ctx.slots.slot(name));
  return slots.flatMap((slot) =>
    needles.map(({ text, exact }) => ({ slot, text, exact, cost: textCost(text, item.field, ctx.estimate) })),
  );
}

function setCost(set: readonly Atom[]): number {
  let sum = 0;
  for (const atom of set) sum += atom.cost;
  return sum;
}

function cheapest(sets: readonly AtomSet[], cost: (set: readonly Atom[]) => number): AtomSet {
  let best: readonly Atom[] | null = null;
  let bestCost = Infinity;
  for (const set of sets) {
    if (!set) continue;
    const c = cost(set);
    if (c < bestCost) [best, bestCost] = [set, c];
  }
  return best;
}

function union(sets: readonly AtomSet[]): AtomSet {
  const out: Atom[] = [];
  for (const set of sets) {
    if (!set) return null;
    out.push(...set);
  }
  return out;
}
