import { describe, expect, it } from 'vitest';
import { en, type Messages } from './messages.en.js';
import { fr } from './messages.fr.js';
import { nl } from './messages.nl.js';
import { messages, pickMessages } from './messages.js';

const languages: Record<string, Messages> = { en, nl, fr };

type Fn = (...args: never[]) => string;
type FunctionKey = { [K in keyof Messages]: Messages[K] extends Fn ? K : never }[keyof Messages];
type Call<F> = F extends (...args: infer A) => string ? A[] : never;

/** Sample arguments for every function-valued message: a new one without samples does not compile. */
const SAMPLES: { [K in FunctionKey]: Call<Messages[K]> } & {
  invalid: { number: Call<Messages['invalid']['number']> };
} = {
  unit: [['ICU']],
  site: [['Campus Noord']],
  minutesOld: [[null], [0], [1], [2], [37]],
  updates: [[0], [1], [2], [12]],
  signerChanged: [['AZ Test']],
  errorCode: [['CONTINUITY_KIT_UNLOCK_FAILED']],
  documentation: [[0], [1], [3]],
  signedInAs: [['AB']],
  unitCensus: [['ICU']],
  occupied: [
    [0, 1],
    [1, 1],
    [1, 2],
    [12, 14],
  ],
  age: [
    [45, 'years'],
    [1, 'years'],
    [3, 'months'],
    [6, 'days'],
  ],
  searchResults: [
    [0, 0],
    [1, 1],
    [2, 2],
    [50, 120],
  ],
  dob: [['14 Mar 1980']],
  admitted: [['26 Nov 2026 08:05']],
  marNow: [['08:05']],
  documentedAs: [['given', '08:05', 'AB']],
  willReceive: [['DT-0001']],
  exportDone: [[0], [1], [2], [25]],
  openingsLogged: [[0], [1], [2], [25]],
  usedDowntimeIds: [['DT-0001, DT-0002']],
  printedBy: [['26 Nov 2026 08:05', 'AB', '26 Nov 2026 07:00']],
  invalid: {
    number: [
      ['Heart rate', 20, 250],
      ['Temperature', 30, 43.5],
    ],
  },
};

/** Every leaf of a message tree with its dotted path: strings and functions. */
function leaves(tree: object, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null
      ? leaves(value as object, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

/** The sample argument lists for the message at a dotted path. */
function samplesFor(path: string): unknown[][] {
  const found = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], SAMPLES);
  return found as unknown[][];
}

describe('messages', () => {
  const reference = leaves(en).map(([path, value]) => [path, typeof value]);

  it.each(Object.entries(languages))('%s has every key of en, with the same kind of value', (_, texts) => {
    expect(leaves(texts).map(([path, value]) => [path, typeof value])).toEqual(reference);
  });

  it.each(Object.entries(languages))('%s has no empty text', (_, texts) => {
    for (const [path, value] of leaves(texts))
      if (typeof value === 'string') expect(value.trim(), path).not.toBe('');
  });

  it.each(Object.entries(languages))('%s messages with arguments return non-empty text', (_, texts) => {
    for (const [path, value] of leaves(texts)) {
      if (typeof value !== 'function') continue;
      const fn = value as (...args: unknown[]) => unknown;
      const samples = samplesFor(path);
      expect(samples, path).not.toHaveLength(0);
      for (const args of samples) {
        expect(args, path).toHaveLength(fn.length);
        const text = fn(...args);
        expect(typeof text, path).toBe('string');
        expect((text as string).trim(), `${path}(${args.join(', ')})`).not.toBe('');
        expect(text, path).not.toMatch(/undefined|null|NaN|\[object/);
      }
    }
  });

  it('uses the Belgian locales for Dutch and French', () => {
    expect(nl.locale).toBe('nl-BE');
    expect(fr.locale).toBe('fr-BE');
    for (const texts of Object.values(languages))
      expect(() => new Intl.DateTimeFormat(texts.locale)).not.toThrow();
  });

  it('translates rather than copies English', () => {
    for (const texts of [nl, fr]) {
      const same = leaves(texts).filter(
        ([path, value]) => typeof value === 'string' && value === leaves(en).find(([p]) => p === path)?.[1],
      );
      // Shared words such as "Status", "SpO₂ (%)" or "Documentation" are fine; a copied file is not.
      expect(same.length).toBeLessThan(10);
    }
  });
});

describe('pickMessages', () => {
  it('chooses Dutch for any nl language tag', () => {
    for (const tag of ['nl', 'nl-BE', 'nl-NL', 'NL-be', 'nl_BE']) expect(pickMessages(tag)).toBe(nl);
  });

  it('chooses French for any fr language tag', () => {
    for (const tag of ['fr', 'fr-BE', 'fr-FR', 'FR', 'fr_BE']) expect(pickMessages(tag)).toBe(fr);
  });

  it('falls back to English for other, empty or missing languages', () => {
    for (const tag of ['en', 'en-GB', 'de-BE', 'frr', 'nld', '', undefined])
      expect(pickMessages(tag)).toBe(en);
  });

  it('chose once at load from the environment (no navigator in Node: English)', () => {
    const language = (globalThis as { navigator?: { language?: string } }).navigator?.language;
    expect(messages).toBe(pickMessages(language));
  });
});
