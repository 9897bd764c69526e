/** One RFC 5424 SD-ELEMENT: its SD-ID and its parameters in the order sent (names may repeat). */
export interface SdElement {
  readonly id: string;
  readonly params: readonly (readonly [string, string])[];
}

export type SdScan =
  | { readonly ok: true; readonly elements: readonly SdElement[]; readonly end: number }
  | { readonly ok: false; readonly reason: string };

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const EQUALS = 0x3d;

function isNameChar(code: number): boolean {
  return code > SPACE && code < 0x7f && code !== EQUALS && code !== CLOSE && code !== QUOTE;
}

function scanName(text: string, start: number): number {
  let index = start;
  while (index < text.length && isNameChar(text.charCodeAt(index))) index++;
  return index;
}

const UNTERMINATED = 'unterminated structured data';
const INVALID = 'invalid structured data';

/** A quoted PARAM-VALUE starting after its opening quote: the unescaped value and where it ends. */
function scanValue(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let runStart = start;
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) return { value: value + text.slice(runStart, index), end: index + 1 };
    if (code === BACKSLASH && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      // Only `"`, `\` and `]` are escapes; any other backslash is an ordinary character.
      if (next === QUOTE || next === BACKSLASH || next === CLOSE) {
        value += text.slice(runStart, index);
        runStart = index + 1;
        index++;
      }
    }
  }
  return undefined;
}

function scanElement(text: string, start: number): { element: SdElement; end: number } | string {
  const idEnd = scanName(text, start);
  if (idEnd === start) return INVALID;
  const params: (readonly [string, string])[] = [];
  let index = idEnd;
  for (;;) {
    if (index >= text.length) return UNTERMINATED;
    const code = text.charCodeAt(index);
    if (code === CLOSE) return { element: { id: text.slice(start, idEnd), params }, end: index + 1 };
    if (code !== SPACE) return INVALID;
    while (text.charCodeAt(index) === SPACE) index++;
    if (text.charCodeAt(index) === CLOSE) continue;
    const nameEnd = scanName(text, index);
    if (nameEnd === index) return index >= text.length ? UNTERMINATED : INVALID;
    if (text.charCodeAt(nameEnd) !== EQUALS || text.charCodeAt(nameEnd + 1) !== QUOTE) {
      return nameEnd >= text.length - 1 ? UNTERMINATED : INVALID;
    }
    const value = scanValue(text, nameEnd + 2);
    if (!value) return UNTERMINATED;
    params.push([text.slice(index, nameEnd), value.value]);
    index = value.end;
  }
}

/** STRUCTURED-DATA at `start`: the NILVALUE `-` or one or more `[id name="value" …]` elements. */
export function scanStructuredData(text: string, start: number): SdScan {
  const first = text.charCodeAt(start);
  let index = start;
  const elements: SdElement[] = [];
  if (first === 0x2d) {
    index++;
  } else {
    if (first !== OPEN) return { ok: false, reason: 'missing structured data' };
    while (text.charCodeAt(index) === OPEN) {
      const scanned = scanElement(text, index + 1);
      if (typeof scanned === 'string') return { ok: false, reason: scanned };
      elements.push(scanned.element);
      index = scanned.end;
    }
  }
  if (index < text.length && text.charCodeAt(index) !== SPACE) return { ok: false, reason: INVALID };
  return { ok: true, elements, end: index };
}
