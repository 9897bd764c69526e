/** A plain text table; columns are as wide as their widest cell. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/**
 * A framed block for a secret shown once, so it stands out in a scrolling server log. Lines longer than
 * the frame are not wrapped: a password must never be split.
 */
export function formatBox(lines: readonly string[]): string {
  const width = Math.max(...lines.map((text) => text.length));
  const border = `+${'-'.repeat(width + 2)}+`;
  return [border, ...lines.map((text) => `| ${text.padEnd(width)} |`), border].join('\n');
}
