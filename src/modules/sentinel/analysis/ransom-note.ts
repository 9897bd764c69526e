import { basename } from 'node:path';

/**
 * Ransom notes, by name and by text. Names alone are weak evidence (a README.txt is ordinary);
 * text alone can be a security leaflet; both together are what encryptors leave in every folder.
 * The text is matched, never kept or logged.
 */
const NOTE_EXTENSION = /\.(txt|html?|hta|rtf|url)$/i;
const NOTE_STEM =
  /(decrypt|restore|recover|ransom|unlock|encrypt|your[_\-. ]?files|files[_\-. ]?back|how[_\-. ]?to[_\-. ]?(back|get|open|return)|!{2,}|^_readme$|^read[_\-. ]?me[_\-. ]?(now|first|please|!))/i;
const GENERIC_STEM = /^[!_\-. ]*(read[_\-. ]?me|info|help|instructions?|attention|warning)[!_\-. \d]*$/i;

/** Each category counts once; two different ones make a note. */
const PHRASES: ReadonlyArray<readonly [category: string, pattern: RegExp]> = [
  [
    'claim',
    /(files|data|documents|network|servers?)\b.{0,60}\b(have been|has been|were|are|got|is)\s+(encrypted|locked|stolen|compromised)/i,
  ],
  ['claim', /\bencrypted (all|your)\b/i],
  ['payment', /\b(bitcoin|btc|monero|xmr|crypto ?currency|wallet address)\b/i],
  ['contact', /\.onion\b|\btor browser\b|\bqtox\b|\bjabber\b|\bsession messenger\b/i],
  [
    'decryptor',
    /\b(decryptor|decrypter|decryption (key|tool|software|program)|decrypt (your|all|the) files)\b/i,
  ],
  ['identity', /\b(your )?(unique|personal|victim|client) (id|key|identifier)\b/i],
  [
    'threat',
    /\b(do not|don't) (rename|modify|delete|try to)\b|\bprice (will )?(double|increase)\b|\b(publish|leak)(ed)? (your|the) (data|files)\b|\bdeadline\b/i,
  ],
];

export type NoteName = 'strong' | 'generic' | 'none';

export function noteName(path: string): NoteName {
  const name = basename(path);
  if (!NOTE_EXTENSION.test(name)) return 'none';
  if (/\.hta$/i.test(name)) return 'strong';
  const stem = name.replace(NOTE_EXTENSION, '');
  if (NOTE_STEM.test(stem)) return 'strong';
  return GENERIC_STEM.test(stem) ? 'generic' : 'none';
}

/** Whether the text reads like a ransom demand: two or more kinds of ransom phrase. */
export function isRansomText(text: string): boolean {
  const flattened = text.replace(/<[^>]{0,200}>/g, ' ').replace(/\s+/g, ' ');
  const categories = new Set<string>();
  for (const [category, pattern] of PHRASES) if (pattern.test(flattened)) categories.add(category);
  return categories.size >= 2;
}
