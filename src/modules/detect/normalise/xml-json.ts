/**
 * Reading XML rendered as JSON. Converters disagree: attributes appear as `#attributes.Name`,
 * `@Name`, `@attributes.Name` or plain `Name`; element text as a bare value, `#text`, `Value` or `$`.
 */
export function attributeOf(element: unknown, name: string): unknown {
  if (!isRecord(element)) return undefined;
  const attributes = element['#attributes'] ?? element['@attributes'];
  if (isRecord(attributes) && attributes[name] !== undefined) return attributes[name];
  if (element[`@${name}`] !== undefined) return element[`@${name}`];
  return element[name];
}

export function textOf(element: unknown): unknown {
  if (!isRecord(element)) return element;
  for (const key of ['#text', 'Value', '$', '#value']) {
    if (element[key] !== undefined) return element[key];
  }
  return undefined;
}

/** Keys that carry markup (attributes, namespaces) rather than data. */
export function isMarkupKey(key: string): boolean {
  return key.startsWith('@') || key.startsWith('#') || key === 'xmlns';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Event ids are numbers; converters that keep XML text as strings give "4688". */
export function toEventId(value: unknown): number | string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed);
    return trimmed === '' ? undefined : trimmed;
  }
  return undefined;
}

/** Numeric System values (Level, Task, …) as numbers, whatever the converter made of them. */
export function toNumberish(value: unknown): number | string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value;
  return undefined;
}
