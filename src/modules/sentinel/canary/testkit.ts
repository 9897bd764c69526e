import { execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';

/** Whether a command-line tool the format tests lean on is installed. */
export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a PDF's skeleton the way a reader starts: header, `startxref` pointing at the xref table,
 * every in-use entry pointing at its own `N 0 obj`, the trailer's /Size, and content streams that
 * inflate. Returns the problems found (none for a valid file) and the decoded page text.
 */
export function checkPdf(pdf: Buffer): { problems: string[]; text: string } {
  const problems: string[] = [];
  const latin = pdf.toString('latin1');
  if (!latin.startsWith('%PDF-1.')) problems.push('no %PDF header');
  if (!latin.trimEnd().endsWith('%%EOF')) problems.push('no %%EOF');
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin);
  const xrefAt = Number(start?.[1] ?? -1);
  if (latin.slice(xrefAt, xrefAt + 4) !== 'xref') problems.push('startxref does not point at xref');
  const header = /^xref\n0 (\d+)\n/.exec(latin.slice(xrefAt));
  const count = Number(header?.[1] ?? 0);
  const table = latin.slice(xrefAt + (header?.[0].length ?? 0));
  for (let i = 0; i < count; i++) {
    const entry = table.slice(i * 20, i * 20 + 20);
    if (!/^\d{10} \d{5} [nf] \n$/.test(entry)) problems.push(`xref entry ${i} is not 20 bytes`);
    if (entry[17] !== 'n') continue;
    const offset = Number(entry.slice(0, 10));
    if (!latin.startsWith(`${i} 0 obj`, offset)) problems.push(`object ${i} is not at ${offset}`);
  }
  if (!new RegExp(`trailer\\s*<<[^>]*/Size ${count}\\b`).test(latin)) problems.push('trailer /Size differs');
  let text = '';
  for (const match of latin.matchAll(/<< \/Length (\d+) \/Filter \/FlateDecode >>\nstream\n/g)) {
    const from = (match.index ?? 0) + match[0].length;
    const data = pdf.subarray(from, from + Number(match[1]));
    try {
      text += inflateSync(data).toString('latin1');
    } catch {
      problems.push('a content stream does not inflate');
    }
    if (!latin.startsWith('\nendstream', from + Number(match[1]))) problems.push('stream /Length is wrong');
  }
  return { problems, text };
}
