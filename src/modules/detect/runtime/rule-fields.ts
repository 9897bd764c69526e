import { parse } from 'yaml';

/**
 * The event fields a rule's detection names, from its YAML: the default fields of a
 * false-positive filter built from one of its alerts.
 */
export function detectionFields(source: string): string[] {
  let doc: unknown;
  try {
    doc = parse(source);
  } catch {
    return [];
  }
  const detection = (doc as { detection?: unknown } | null)?.detection;
  if (!detection || typeof detection !== 'object') return [];
  const fields = new Set<string>();
  for (const [name, search] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    collect(search, fields);
  }
  return [...fields];
}

function collect(search: unknown, into: Set<string>): void {
  if (Array.isArray(search)) {
    for (const item of search) collect(item, into);
    return;
  }
  if (!search || typeof search !== 'object') return;
  for (const key of Object.keys(search)) {
    const field = key.split('|')[0];
    if (field) into.add(field);
  }
}
