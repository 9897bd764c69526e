/**
 * Mapping between event types and NATS subjects. Event types and patterns use the NATS token syntax
 * already (`*` one token, `>` the rest), so a subject is the type under the configured prefix.
 */
export function toSubject(prefix: string, typeOrPattern: string): string {
  return `${prefix}.${typeOrPattern}`;
}

export function typeFromSubject(prefix: string, subject: string): string | null {
  return subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : null;
}

/**
 * One pattern that selects at least everything the given patterns select. A JetStream consumer
 * before server 2.10 takes a single filter subject, so a durable with several patterns filters on
 * this cover and the subscriber drops (acks) what its own patterns do not select.
 */
export function coverPattern(patterns: readonly string[]): string {
  const unique = [...new Set(patterns)];
  if (unique.length === 1) return unique[0] as string;
  const split = unique.map((pattern) => pattern.split('.'));
  const shortest = Math.min(...split.map((tokens) => tokens.length));
  const first = split[0] ?? [];
  let common = 0;
  while (common < first.length) {
    const token = first[common];
    if (token === '>' || !split.every((tokens) => tokens[common] === token)) break;
    common++;
  }
  // The cover ends in `>`, which needs at least one token more, so it must stop short of the
  // shortest pattern or it would miss that pattern's own matches.
  const keep = Math.min(common, shortest - 1);
  return keep === 0 ? '>' : `${first.slice(0, keep).join('.')}.>`;
}
