/**
 * Per-bucket literal prefilter: one Aho–Corasick automaton per event field over the atoms rules
 * need in it (plus one over every string value for keyword atoms). An event then only meets the
 * rules with an atom present, and the rules without usable atoms.
 */
import { AhoCorasick } from './aho-corasick.js';
import { KEYWORD_SLOT, type Atom } from './atoms.js';
import type { CandidateSet } from './candidates.js';
import type { EventView } from './event-view.js';

interface FieldIndex {
  readonly slot: number;
  /** Rules by the whole (lowercased) value they need the field to equal. */
  readonly exact: ReadonlyMap<string, readonly number[]> | undefined;
  /** Rules by the text they need the field to contain. */
  readonly automaton: AhoCorasick | undefined;
}

type Targets = Map<string, number[]>;

export class Prefilter {
  /** Rules that every event must meet: they have no atom set. */
  readonly always: Int32Array;
  private readonly fields: readonly FieldIndex[];
  private readonly keywords: AhoCorasick | undefined;

  /** `atoms[i]` is rule i's atom set, or null when the rule has none. */
  constructor(atoms: readonly (readonly Atom[] | null)[]) {
    const always: number[] = [];
    const bySlot = new Map<number, { exact: Targets; contains: Targets }>();
    atoms.forEach((set, rule) => {
      if (!set) {
        always.push(rule);
        return;
      }
      for (const atom of set) {
        let index = bySlot.get(atom.slot);
        if (!index) bySlot.set(atom.slot, (index = { exact: new Map(), contains: new Map() }));
        const texts = atom.exact ? index.exact : index.contains;
        const targets = texts.get(atom.text);
        if (!targets) texts.set(atom.text, [rule]);
        else if (targets[targets.length - 1] !== rule) targets.push(rule);
      }
    });
    this.always = Int32Array.from(always);
    const build = (texts: Targets): AhoCorasick | undefined =>
      texts.size === 0 ? undefined : new AhoCorasick([...texts.keys()], [...texts.values()]);
    const fields: FieldIndex[] = [];
    for (const [slot, index] of bySlot) {
      if (slot === KEYWORD_SLOT) continue;
      const exact = index.exact.size === 0 ? undefined : index.exact;
      fields.push({ slot, exact, automaton: build(index.contains) });
    }
    this.fields = fields;
    const keywords = bySlot.get(KEYWORD_SLOT);
    this.keywords = keywords ? build(keywords.contains) : undefined;
  }

  /** Adds to `found` every rule with an atom in this event. */
  collect(view: EventView, found: CandidateSet): void {
    for (const { slot, exact, automaton } of this.fields) {
      const value = view.lower(slot);
      if (typeof value === 'string') {
        if (exact) addAll(exact.get(value), found);
        if (automaton) automaton.scan(value, found);
      } else if (value) {
        for (const item of value) {
          if (exact) addAll(exact.get(item), found);
          if (automaton) automaton.scan(item, found);
        }
      }
    }
    if (this.keywords) for (const text of view.strings(true)) this.keywords.scan(text, found);
  }
}

function addAll(targets: readonly number[] | undefined, found: CandidateSet): void {
  if (targets) for (const target of targets) found.add(target);
}
