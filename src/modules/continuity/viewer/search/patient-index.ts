import type { KitLocation } from '../../types.js';
import { parseDateQuery } from './dates.js';
import { foldCompact, foldText, foldTokens } from './normalize.js';

/** What the index needs of a patient; kit patients and patients admitted during downtime both fit. */
export interface SearchablePatient {
  mrn: string | null;
  family: string;
  given: string;
  birthDate: string | null;
  location: KitLocation | null;
}

export interface SearchResult<T> {
  /** Best first: exact MRN, bed, date of birth, MRN prefix, then names alphabetically. */
  patients: T[];
  /** How many patients match in all, of which at most `limit` are returned. */
  total: number;
}

export interface SearchOptions {
  /** Two-digit years are read relative to this. */
  now: Date;
  limit?: number;
}

const DEFAULT_LIMIT = 100;
const MAX_QUERY_TOKENS = 8;
const MIN_MRN_PREFIX = 3;

/** Most keys (MRNs, beds, rare names) point at one patient; a bare number spares 100,000 small arrays. */
type Postings = number | number[];

function addTo(map: Map<string, Postings>, key: string, index: number): void {
  if (key === '') return;
  const postings = map.get(key);
  if (postings === undefined) map.set(key, index);
  else if (typeof postings === 'number') {
    if (postings !== index) map.set(key, [postings, index]);
  } else if (postings[postings.length - 1] !== index) postings.push(index);
}

function asList(postings: Postings | undefined): readonly number[] {
  return postings === undefined ? [] : typeof postings === 'number' ? [postings] : postings;
}

/** First position in a sorted array whose value is ≥ key. */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? '') < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Keys an MRN is indexed under: its folded compact form and, when it ends in digits after a letter
 * prefix, those digits without leading zeros ("MRN-000123" is found by typing 123).
 */
function mrnKeys(mrn: string): string[] {
  const compact = foldCompact(mrn);
  // An MRN of punctuation only still has to be found by itself.
  if (compact === '') return [mrn.trim().toLowerCase()];
  const keys = [compact];
  const digits = compact.replace(/^\D+/, '');
  if (/^\d+$/.test(digits)) {
    const significant = digits.replace(/^0+(?=\d)/, '');
    if (significant !== compact) keys.push(significant);
  }
  return keys;
}

/** Keys a typed query is looked up under: the same folding, digits-only queries also without leading zeros. */
function queryMrnKeys(query: string): string[] {
  const compact = foldCompact(query);
  if (compact === '') return [query.trim().toLowerCase()];
  return /^\d+$/.test(compact) ? [...new Set([compact, compact.replace(/^0+(?=\d)/, '')])] : [compact];
}

/** Distinct names of one kind (family or given), each with its search keys and alphabetical rank. */
class NameKeys {
  private readonly byText = new Map<string, { id: number; folded: string; keys: string[] }>();

  of(text: string): { id: number; keys: string[] } {
    let entry = this.byText.get(text);
    if (entry === undefined) {
      const folded = foldText(text);
      const tokens = folded === '' ? [] : folded.split(' ');
      // "vandenberg" and "obrien" find "Van den Berg" and "O'Brien".
      const keys = tokens.length > 1 ? [...new Set([...tokens, tokens.join('')])] : tokens;
      entry = { id: this.byText.size, folded, keys };
      this.byText.set(text, entry);
    }
    return entry;
  }

  /** Rank by folded text, indexed by name id. */
  ranks(): Int32Array {
    const entries = [...this.byText.values()].sort((a, b) =>
      a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : 0,
    );
    const ranks = new Int32Array(entries.length);
    let rank = 0;
    entries.forEach((entry, position) => {
      if (position > 0 && entry.folded !== entries[position - 1]?.folded) rank += 1;
      ranks[entry.id] = rank;
    });
    return ranks;
  }
}

/**
 * An index built once after the kit is decrypted so that every keystroke searches 100,000 patients
 * in a few milliseconds: names as sorted folded tokens with posting lists (prefix search by binary
 * search), and hash maps for MRN, bed and date of birth.
 */
export class PatientIndex<T extends SearchablePatient> {
  private readonly tokens: string[];
  private readonly postings: Postings[];
  private readonly mrns = new Map<string, Postings>();
  private readonly sortedMrns: string[];
  private readonly beds = new Map<string, Postings>();
  private readonly births = new Map<string, Postings>();
  /** Patient positions in alphabetical order (family, then given), and each patient's place in it. */
  private readonly alphabetical: Int32Array;
  private readonly rank: Int32Array;

  constructor(readonly patients: readonly T[]) {
    const names = new Map<string, Postings>();
    // Names repeat a lot across a hospital: each distinct one is folded and split once, and its
    // token strings are shared, so the maps hash each of them once.
    const families = new NameKeys();
    const givens = new NameKeys();
    const familyIds = new Int32Array(patients.length);
    const givenIds = new Int32Array(patients.length);
    patients.forEach((patient, index) => {
      const family = families.of(patient.family);
      const given = givens.of(patient.given);
      familyIds[index] = family.id;
      givenIds[index] = given.id;
      for (const key of family.keys) addTo(names, key, index);
      for (const key of given.keys) addTo(names, key, index);
      if (patient.mrn !== null) for (const key of mrnKeys(patient.mrn)) addTo(this.mrns, key, index);
      const birthDate = patient.birthDate;
      if (birthDate !== null)
        addTo(this.births, birthDate.length === 10 ? birthDate : birthDate.slice(0, 10), index);
      const location = patient.location;
      if (location?.bed) {
        const room = location.room ?? '';
        for (const key of [location.bed, `${room} ${location.bed}`, `${location.unit} ${location.bed}`])
          addTo(this.beds, foldCompact(key), index);
        addTo(this.beds, foldCompact(`${location.unit} ${room} ${location.bed}`), index);
      }
    });
    this.tokens = [...names.keys()].sort();
    this.postings = this.tokens.map((token) => names.get(token) ?? []);
    this.sortedMrns = [...this.mrns.keys()].sort();
    const familyRank = families.ranks();
    const givenRank = givens.ranks();
    const order = Int32Array.from(patients.keys());
    order.sort(
      (a, b) =>
        (familyRank[familyIds[a] ?? 0] ?? 0) - (familyRank[familyIds[b] ?? 0] ?? 0) ||
        (givenRank[givenIds[a] ?? 0] ?? 0) - (givenRank[givenIds[b] ?? 0] ?? 0) ||
        a - b,
    );
    this.alphabetical = order;
    this.rank = new Int32Array(patients.length);
    order.forEach((patientIndex, position) => (this.rank[patientIndex] = position));
  }

  search(query: string, options: SearchOptions): SearchResult<T> {
    const limit = options.limit ?? DEFAULT_LIMIT;
    const found: T[] = [];
    let total = 0;
    const seen = new Uint8Array(this.patients.length);
    const add = (index: number) => {
      if (seen[index] === 1) return;
      seen[index] = 1;
      total += 1;
      const patient = this.patients[index];
      if (found.length < limit && patient !== undefined) found.push(patient);
    };
    const addAll = (postings: Postings | undefined) => {
      if (typeof postings === 'number') add(postings);
      else if (postings) [...postings].sort((a, b) => (this.rank[a] ?? 0) - (this.rank[b] ?? 0)).forEach(add);
    };

    const trimmed = query.trim();
    if (trimmed === '') return { patients: [], total: 0 };
    const compact = foldCompact(trimmed);
    for (const key of queryMrnKeys(trimmed)) addAll(this.mrns.get(key));
    addAll(this.beds.get(compact));
    for (const date of parseDateQuery(trimmed, options.now)) addAll(this.births.get(date));
    if (compact.length >= MIN_MRN_PREFIX && /\d/.test(compact)) this.addMrnPrefix(compact, addAll);
    this.addNames(trimmed, options.now, add);
    return { patients: found, total };
  }

  private addMrnPrefix(prefix: string, addAll: (postings: Postings | undefined) => void): void {
    const sorted = this.sortedMrns;
    for (let at = lowerBound(sorted, prefix); at < sorted.length; at += 1) {
      const key = sorted[at] ?? '';
      if (!key.startsWith(prefix)) break;
      addAll(this.mrns.get(key));
    }
  }

  /** Every name word typed must start some word of the patient's name; typed dates narrow by birth. */
  private addNames(query: string, now: Date, add: (index: number) => void): void {
    const words: string[] = [];
    const births = new Set<string>();
    let dateWords = 0;
    for (const chunk of query.split(/\s+/)) {
      const dates = parseDateQuery(chunk, now);
      if (dates.length > 0) {
        dateWords += 1;
        dates.forEach((date) => births.add(date));
      } else words.push(...foldTokens(chunk));
    }
    const queryTokens = [...new Set(words)].slice(0, MAX_QUERY_TOKENS);
    if (queryTokens.length === 0) return;

    const marks = new Uint8Array(this.patients.length);
    queryTokens.forEach((prefix, position) => {
      for (let at = lowerBound(this.tokens, prefix); at < this.tokens.length; at += 1) {
        if (!(this.tokens[at] ?? '').startsWith(prefix)) break;
        for (const index of asList(this.postings[at]))
          if (marks[index] === position) marks[index] = position + 1;
      }
    });
    const wanted = queryTokens.length;
    for (const index of this.alphabetical) {
      if (marks[index] !== wanted) continue;
      const birthDate = this.patients[index]?.birthDate?.slice(0, 10) ?? '';
      if (dateWords > 0 && !births.has(birthDate)) continue;
      add(index);
    }
  }
}
