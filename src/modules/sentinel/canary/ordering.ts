/**
 * Where a decoy's name sorts. Encryptors walk a directory in the order the system lists it: byte
 * order (readdir on most Linux tools, `ls` under LC_ALL=C), case-insensitive order (Samba clients,
 * Windows), or a locale's collation (Explorer, desktop file managers). A decoy must come first or
 * last in the first two; the third is met when the names allow it.
 */
export type Position = 'first' | 'last';

const collator = new Intl.Collator('en', { sensitivity: 'variant', numeric: true });

const orders: Array<(a: string, b: string) => number> = [
  (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')),
  (a, b) => compareStrings(a.toLowerCase(), b.toLowerCase()),
  (a, b) => compareStrings(a.toUpperCase(), b.toUpperCase()),
];

function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function beats(
  name: string,
  others: readonly string[],
  position: Position,
  compare: (a: string, b: string) => number,
): boolean {
  return others.every((other) => {
    const order = compare(name, other);
    return position === 'first' ? order < 0 : order > 0;
  });
}

/** True when `name` sorts strictly before (or after) every other entry, byte-wise and case-insensitively. */
export function sortsAtEdge(name: string, others: readonly string[], position: Position): boolean {
  return orders.every((compare) => beats(name, others, position, compare));
}

/**
 * Prefixes that look like what people type to pin a file to the top (`!`, `00`) or park it at the
 * bottom (`zz`, `~`), from the most natural to the least. The last resort for the bottom repeats the
 * highest character present one more time than any name starts with it, which beats every name in
 * code-point order (an `Überweisungen` or a `~Ökonomie` folder).
 */
function prefixes(position: Position, others: readonly string[]): string[] {
  if (position === 'first') return ['!', '!!', '!!!', '!!!!', '!!!!!', ' !', '  !'];
  const forms = others.flatMap((name) => [name, name.toLowerCase(), name.toUpperCase()]);
  let highest = '~';
  for (const c of forms.flatMap((form) => [...form])) {
    if ((c.codePointAt(0) ?? 0) > (highest.codePointAt(0) ?? 0)) highest = c;
  }
  const leadingRun = (form: string): number => {
    const at = [...form].findIndex((c) => c !== highest);
    return at === -1 ? [...form].length : at;
  };
  const longestRun = Math.max(0, ...forms.map(leadingRun));
  return ['zz_', 'zzz_', '~', '~~', '~~~', highest, highest.repeat(longestRun + 1)];
}

/**
 * The name for a decoy with this stem and extension, or null when no prefix puts it at the edge
 * (a directory already full of names such as `!!!!!!`). A name also sorting right by the locale's
 * collation is preferred.
 */
export function edgeName(
  stem: string,
  extension: string,
  others: readonly string[],
  position: Position,
): string | null {
  const candidates = prefixes(position, others)
    .map((prefix) => `${prefix}${stem}.${extension}`)
    .filter((name) => !others.includes(name) && sortsAtEdge(name, others, position));
  return (
    candidates.find((name) => beats(name, others, position, (a, b) => collator.compare(a, b))) ??
    candidates[0] ??
    null
  );
}
