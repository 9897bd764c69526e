/**
 * The ATT&CK references among a rule's tags: `attack.t1059.001` → `T1059.001`, `attack.g0016` →
 * `G0016`, `attack.execution` → `execution`. Other tag namespaces (cve, car, detection) are left out.
 */
export function attackTags(tags: readonly string[]): string[] {
  const found = new Set<string>();
  for (const tag of tags) {
    const lower = tag.trim().toLowerCase();
    if (!lower.startsWith('attack.')) continue;
    const name = lower.slice('attack.'.length);
    if (!name) continue;
    found.add(/^[tgsm]\d{4}(\.\d{3})?$/.test(name) ? name.toUpperCase() : name);
  }
  return [...found];
}
