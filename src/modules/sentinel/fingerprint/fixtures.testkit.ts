/**
 * Real files for the sentinel's judgement tests, built with the archivers on this machine and
 * node:zlib. Content is synthetic: no patient data anywhere.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { encodeJpeg } from './jpeg.testkit.js';

export function tempDir(label: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `sentinel-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: 'ignore' });
}

const WORDS =
  'ward rota shift handover theatre list clinic review audit policy supply budget meeting notes'.split(' ');

/** Prose-like text of about `length` characters, varied by `seed`. */
export function prose(length: number, seed = 1): string {
  const words: string[] = [];
  let state = seed;
  for (let size = 0; size < length;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const word = WORDS[state % WORDS.length] ?? 'note';
    words.push(state % 11 === 0 ? `${word}.\n` : word);
    size += word.length + 1;
  }
  return words.join(' ');
}

export function writeFile(path: string, content: string | Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/**
 * A PDF with a deflated page stream followed by the many small uncompressed object dictionaries
 * and the xref table that most producers write at the end.
 */
export function pdfBytes(seed = 1): Buffer {
  const stream = deflateSync(Buffer.from(`BT /F1 10 Tf 56 780 Td (${prose(30000, seed)}) Tj ET`));
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  const size = (): number => parts.reduce((sum, part) => sum + part.length, 0);
  const object = (body: string | Buffer): void => {
    offsets.push(size());
    const number = offsets.length;
    parts.push(
      Buffer.from(`${number} 0 obj\n`, 'latin1'),
      Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'),
    );
    parts.push(Buffer.from('\nendobj\n', 'latin1'));
  };
  object('<< /Type /Catalog /Pages 2 0 R >>');
  object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  );
  object(
    Buffer.concat([
      Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
      stream,
      Buffer.from('\nendstream', 'latin1'),
    ]),
  );
  for (let index = 0; index < 60; index++) {
    object(
      `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar ${126 - (index % 3)} >>`,
    );
  }
  const xrefAt = size();
  const xref = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(
    Buffer.from(
      `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${xref}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** An Office Open XML document built by the `zip` binary: docx, xlsx or pptx. */
export function officeBytes(kind: 'docx' | 'xlsx' | 'pptx', seed = 1): Buffer {
  const work = tempDir('ooxml');
  try {
    const part = { docx: 'word/document.xml', xlsx: 'xl/workbook.xml', pptx: 'ppt/presentation.xml' }[kind];
    writeFile(join(work.path, '[Content_Types].xml'), '<?xml version="1.0"?><Types xmlns="urn:ct"/>');
    writeFile(join(work.path, '_rels/.rels'), '<?xml version="1.0"?><Relationships/>');
    writeFile(
      join(work.path, 'docProps/core.xml'),
      `<?xml version="1.0"?><cp:coreProperties>${seed}</cp:coreProperties>`,
    );
    writeFile(join(work.path, part), `<?xml version="1.0"?><doc><p>${prose(20000, seed)}</p></doc>`);
    run(
      'zip',
      ['-X', '-q', '-r', 'out.zip', '[Content_Types].xml', '_rels', 'docProps', part.split('/')[0] ?? ''],
      work.path,
    );
    return readFileSync(join(work.path, 'out.zip'));
  } finally {
    work.remove();
  }
}

/** A PNG (RGB, filter 0) from `pixel(x, y)` → [r, g, b]. */
export function pngBytes(width: number, height: number, pixel: (x: number, y: number) => number[]): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(...pixel(x, y));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A photo-like JPEG: smooth gradients with texture. */
export function jpegBytes(seed = 1): Buffer {
  return encodeJpeg(64, 64, (x, y) => (x * 3 + y * 2 + ((x * y * seed) % 23) * 4) % 256);
}

/** A synthetic DICOM file: 128-byte preamble, DICM, a few explicit-VR elements, pixel bytes. */
export function dicomBytes(): Buffer {
  const element = (group: number, item: number, vr: string, value: string): Buffer => {
    const padded = value.length % 2 === 0 ? value : `${value} `;
    const buffer = Buffer.alloc(8 + padded.length);
    buffer.writeUInt16LE(group, 0);
    buffer.writeUInt16LE(item, 2);
    buffer.write(vr, 4, 'latin1');
    buffer.writeUInt16LE(padded.length, 6);
    buffer.write(padded, 8, 'latin1');
    return buffer;
  };
  const pixels = Buffer.from(Array.from({ length: 12000 }, (_, i) => (i >> 6) % 40));
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'latin1'),
    element(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1'),
    element(0x0008, 0x0060, 'CS', 'CT'),
    element(0x0010, 0x0010, 'PN', 'TEST^SYNTHETIC'),
    pixels,
  ]);
}

/** What an encryptor writes: the same length of AES-CTR output. */
export function encrypted(plain: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** gpg's real symmetric encryption of `input` into `output`. */
export function gpgEncrypt(input: string, output: string, home: string): void {
  run(
    'gpg',
    [
      '--homedir',
      home,
      '--batch',
      '--yes',
      '--symmetric',
      '--passphrase',
      'x',
      '--pinentry-mode',
      'loopback',
      '-o',
      output,
      input,
    ],
    dirname(input),
  );
}

/** Whether a command-line tool is installed here (tests that need it skip, with the reason, when not). */
export function hasTool(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
