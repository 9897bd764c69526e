/** Turns an `re` value into a checked JavaScript regular expression source and flags. */
import type { RegexSpec } from './rule-model.js';
import { SigmaProblem } from './problem.js';
import { regexRisk } from './safe-regex.js';

/** PCRE's leading inline flags, `(?i)` and friends, which JavaScript only knows as flags. */
const INLINE_FLAGS = /^\(\?([imsx]+)\)/;

export function regexValue(pattern: string, modifierFlags: string): RegexSpec {
  let source = pattern;
  const flags = new Set(modifierFlags);
  const inline = INLINE_FLAGS.exec(source);
  if (inline) {
    const letters = inline[1] ?? '';
    if (letters.includes('x')) throw new SigmaProblem(`regular expression uses the unsupported (?x) flag`);
    for (const letter of letters) flags.add(letter);
    source = source.slice(inline[0].length);
  }
  const flagText = [...flags].sort().join('');
  try {
    new RegExp(source, flagText);
  } catch (error) {
    throw new SigmaProblem(`invalid regular expression /${pattern}/: ${(error as Error).message}`);
  }
  const risk = regexRisk(source, flags.has('i'), flags.has('m'));
  if (risk) throw new SigmaProblem(`regular expression /${pattern}/ rejected: ${risk}`);
  return { source, flags: flagText };
}
