/**
 * Every string the viewer shows. The language is chosen once, when the script loads, from the
 * browser's language: Dutch (`messages.nl.ts`) or French (`messages.fr.ts`) for Belgian hospitals,
 * English (`messages.en.ts`, which also declares the shared `Messages` type) otherwise.
 */
import { en, type Messages } from './messages.en.js';
import { fr } from './messages.fr.js';
import { nl } from './messages.nl.js';

export type { Messages };

/** The texts for a BCP 47 language tag such as "nl-BE" or "fr"; English when absent or unknown. */
export function pickMessages(language: string | undefined): Messages {
  const primary = language?.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'nl') return nl;
  if (primary === 'fr') return fr;
  return en;
}

/** Node (unit tests, the kit builder) may have no navigator at all. */
const browser = (globalThis as { navigator?: { language?: string } }).navigator;

export const messages: Messages = pickMessages(browser?.language);
