import { deflateSync } from 'node:zlib';

export interface PdfInfo {
  title: string;
  author: string;
  /** What made the file: a scanner's or an OCR tool's name makes a "scanned" document believable. */
  producer: string;
  created: Date;
}

export interface PdfLine {
  text: string;
  size?: number;
  bold?: boolean;
}

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 56;

/** Text as PDF literal string bytes in WinAnsi (Latin-1 covers the names we write). */
function literal(text: string): string {
  const latin = [...text].map((c) => (c.charCodeAt(0) < 256 ? c : '?')).join('');
  return `(${latin.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

function pdfDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `D:${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

function pageStreams(lines: readonly PdfLine[]): string[] {
  const pages: string[] = [];
  let ops: string[] = [];
  let y = PAGE_HEIGHT - MARGIN;
  for (const line of lines) {
    const size = line.size ?? 10;
    if (y - size * 1.5 < MARGIN) {
      pages.push(ops.join('\n'));
      ops = [];
      y = PAGE_HEIGHT - MARGIN;
    }
    y -= size * 1.5;
    ops.push(
      `BT /${line.bold ? 'F2' : 'F1'} ${size} Tf ${MARGIN} ${y.toFixed(1)} Td ${literal(line.text)} Tj ET`,
    );
  }
  pages.push(ops.join('\n'));
  return pages;
}

/**
 * A valid PDF 1.7 file: catalog, page tree, Helvetica, one flate-compressed content stream a page,
 * an info dictionary, and a cross-reference table whose offsets point at every object.
 */
export function buildPdf(info: PdfInfo, lines: readonly PdfLine[]): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const streams = pageStreams(lines);
  const firstPage = 6;
  const kids = streams.map((_, index) => `${firstPage + index * 2} 0 R`).join(' ');
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${kids}] /Count ${streams.length} >>`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  add(
    `<< /Title ${literal(info.title)} /Author ${literal(info.author)} /Producer ${literal(info.producer)} ` +
      `/CreationDate (${pdfDate(info.created)}) /ModDate (${pdfDate(info.created)}) >>`,
  );
  for (const [index, stream] of streams.entries()) {
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${firstPage + index * 2 + 1} 0 R >>`,
    );
    const data = deflateSync(Buffer.from(stream, 'latin1'));
    add(
      Buffer.concat([
        Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
        data,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
  }

  // The second header line holds bytes above 127 so transfer tools treat the file as binary.
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let position = chunks[0]?.length ?? 0;
  const offsets: number[] = [];
  for (const [index, body] of objects.entries()) {
    offsets.push(position);
    const chunk = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(chunk);
    position += chunk.length;
  }
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>`,
    'startxref',
    String(position),
    '%%EOF',
    '',
  ].join('\n');
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}
