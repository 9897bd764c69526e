export interface LogToken {
  readonly kind: 'bare' | 'bracketed' | 'quoted';
  readonly text: string;
}

const MAX_TOKENS = 24;

/**
 * Splits an access log line into bare words, [bracketed] and "quoted" parts in one pass. Servers
 * escape a quote inside a quoted part as \" and a backslash as \\; other escapes (\x16 for bytes a
 * client sent) stay as written.
 */
export function tokenizeLogLine(line: string): LogToken[] {
  const tokens: LogToken[] = [];
  let i = 0;
  while (i < line.length && tokens.length < MAX_TOKENS) {
    const char = line[i];
    if (char === ' ' || char === '\t') {
      i += 1;
    } else if (char === '"') {
      let text = '';
      i += 1;
      while (i < line.length && line[i] !== '"') {
        const next = line[i + 1];
        if (line[i] === '\\' && (next === '"' || next === '\\')) {
          text += next;
          i += 2;
        } else {
          text += line[i];
          i += 1;
        }
      }
      i += 1;
      tokens.push({ kind: 'quoted', text });
    } else if (char === '[') {
      const close = line.indexOf(']', i + 1);
      const end = close === -1 ? line.length : close;
      tokens.push({ kind: 'bracketed', text: line.slice(i + 1, end) });
      i = end + 1;
    } else {
      const start = i;
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i += 1;
      tokens.push({ kind: 'bare', text: line.slice(start, i) });
    }
  }
  return tokens;
}
