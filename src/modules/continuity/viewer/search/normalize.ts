/**
 * Folding names and identifiers to the form clinicians type: no accents, no case, no punctuation.
 * "Müller-Lüdenscheidt" and "muller ludenscheidt" must meet, and so must "O'Brien" and "obrien".
 */

/** Letters NFD does not split into a base letter and a mark. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const SPECIAL_PATTERN = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');

const PLAIN = /^[A-Za-z0-9]*$/;
const ASCII = /^[\x20-\x7e]*$/;

/** Lower case, accents removed, every run of non-letters and non-digits turned into one space. */
export function foldText(text: string): string {
  // Most names and identifiers are plain ASCII; they skip Unicode normalisation, which dominates indexing time.
  if (PLAIN.test(text)) return text.toLowerCase();
  if (ASCII.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(SPECIAL_PATTERN, (letter) => SPECIAL_LETTERS[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function foldTokens(text: string): string[] {
  const folded = foldText(text);
  return folded === '' ? [] : folded.split(' ');
}

/** The folded text without any separator: "Van den Berg" → "vandenberg", "MRN-0012" → "mrn0012". */
export function foldCompact(text: string): string {
  return foldText(text).replace(/ /g, '');
}
