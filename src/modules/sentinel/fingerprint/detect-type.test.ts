import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectType } from './detect-type.js';
import {
  dicomBytes,
  encrypted,
  gpgEncrypt,
  jpegBytes,
  officeBytes,
  pdfBytes,
  pngBytes,
  prose,
  run,
  tempDir,
  writeFile,
} from './fixtures.testkit.js';

const work = tempDir('types');
afterAll(() => work.remove());

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const head = (bytes: Uint8Array): Uint8Array => bytes.subarray(0, 4096);
const fileHead = (name: string): Uint8Array => head(readFileSync(join(work.path, name)));

describe('detectType on real files', () => {
  const text = writeFile(join(work.path, 'notes.txt'), prose(20000));

  it.each([
    ['gzip', ['gzip', '-k', 'notes.txt'], 'notes.txt.gz'],
    ['bzip2', ['bzip2', '-k', 'notes.txt'], 'notes.txt.bz2'],
    ['xz', ['xz', '-k', 'notes.txt'], 'notes.txt.xz'],
    ['zstd', ['zstd', '-q', '-k', 'notes.txt'], 'notes.txt.zst'],
    ['zip', ['zip', '-q', 'notes.zip', 'notes.txt'], 'notes.zip'],
    ['unknown', ['tar', '-cf', 'notes.tar', 'notes.txt'], 'notes.tar'],
    ['gzip', ['tar', '-czf', 'notes.tar.gz', 'notes.txt'], 'notes.tar.gz'],
    [
      'sqlite',
      ['sqlite3', 'ward.db', 'create table shift(day text); insert into shift values (1);'],
      'ward.db',
    ],
  ])('%s from %s', (type, [command, ...args], output) => {
    run(command ?? '', args, work.path);
    expect(detectType(fileHead(output ?? ''))).toBe(type);
  });

  it('recognises gpg output as pgp, binary and armoured', () => {
    const home = tempDir('gnupg');
    try {
      gpgEncrypt(text, join(work.path, 'notes.txt.gpg'), home.path);
      expect(detectType(fileHead('notes.txt.gpg'))).toBe('pgp');
      run(
        'gpg',
        [
          '--homedir',
          home.path,
          '--batch',
          '--yes',
          '--armor',
          '--symmetric',
          '--passphrase',
          'x',
          '--pinentry-mode',
          'loopback',
          '-o',
          'notes.asc',
          'notes.txt',
        ],
        work.path,
      );
      expect(detectType(fileHead('notes.asc'))).toBe('pgp');
    } finally {
      home.remove();
    }
  });

  it('tells Office documents apart from plain zips', () => {
    expect(detectType(head(officeBytes('docx')))).toBe('docx');
    expect(detectType(head(officeBytes('xlsx')))).toBe('xlsx');
    expect(detectType(head(officeBytes('pptx')))).toBe('pptx');
  });

  it('recognises OpenDocument by its stored mimetype entry', () => {
    writeFile(join(work.path, 'odt/mimetype'), 'application/vnd.oasis.opendocument.text');
    writeFile(join(work.path, 'odt/content.xml'), '<office:document-content/>');
    run('zip', ['-X', '-q', '-0', '../doc.odt', 'mimetype'], join(work.path, 'odt'));
    run('zip', ['-X', '-q', '../doc.odt', 'content.xml'], join(work.path, 'odt'));
    expect(detectType(fileHead('doc.odt'))).toBe('odt');
  });

  it('recognises documents and images built here', () => {
    expect(detectType(head(pdfBytes()))).toBe('pdf');
    expect(detectType(head(pngBytes(16, 16, (x, y) => [x * 16, y * 16, 0])))).toBe('png');
    expect(detectType(head(jpegBytes()))).toBe('jpeg');
    expect(detectType(head(dicomBytes()))).toBe('dicom');
  });

  it('calls encrypted bytes unknown', () => {
    expect(detectType(head(encrypted(pdfBytes())))).toBe('unknown');
    expect(detectType(head(encrypted(Buffer.from(prose(9000)))))).toBe('unknown');
  });
});

describe('detectType on signatures', () => {
  const bmp = Buffer.alloc(64);
  bmp.write('BM', 0, 'latin1');
  bmp.writeUInt32LE(40, 14);
  const pe = Buffer.alloc(256);
  pe.write('MZ', 0, 'latin1');
  pe.writeUInt32LE(0x80, 0x3c);
  pe.write('PE\0\0', 0x80, 'latin1');

  it.each([
    ['7z', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4])],
    ['rar', ascii('Rar!\x1a\x07\x01\x00')],
    ['gif', ascii('GIF89a\x01\x00\x01\x00')],
    ['bmp', bmp],
    ['tiff', ascii('II*\0\x08\0\0\0')],
    ['tiff', ascii('MM\0*\0\0\0\x08')],
    ['webp', ascii('RIFF\x24\0\0\0WEBPVP8 ')],
    ['mp4', ascii('\0\0\0\x18ftypmp42\0\0\0\0')],
    ['mp3', ascii('ID3\x04\0\0\0\0\0\0')],
    ['mp3', Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0])],
    ['ole2', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])],
    ['rtf', ascii('{\\rtf1\\ansi hello}')],
    ['elf', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ['pe', pe],
    ['html', ascii('  <!DOCTYPE html><html><body>x</body></html>')],
    ['xml', ascii('<?xml version="1.0"?><ClinicalDocument/>')],
    ['json', ascii('{"ward": "A", "beds": 12}')],
    ['json', ascii('[1, 2, 3]')],
    ['text', ascii('Shift handover at 07:00.\nBring the keys.\n')],
    ['text', Buffer.from('Übergabe um 7 Uhr – Schlüssel mitbringen.\n', 'utf8')],
    [
      'text',
      Buffer.from('R\xe9union \xe0 8 h, caf\xe9 et croissants pour toute l\x27\xe9quipe.\n', 'latin1'),
    ],
    ['text', Buffer.from('\ufeffhello', 'utf16le')],
    ['base64', ascii(Buffer.from(pdfBytes()).toString('base64').slice(0, 3000))],
    ['empty', new Uint8Array(0)],
    ['unknown', Buffer.from([0, 1, 2, 3, 0, 0, 0, 9])],
  ])('%s', (type, bytes) => {
    expect(detectType(bytes)).toBe(type);
  });

  it('does not take "BM" or "MZ" text for images or programs', () => {
    expect(detectType(ascii('BMI figures for the ward are attached.'))).toBe('text');
    expect(detectType(ascii('MZ Ward notes follow here on two lines.\n'))).toBe('text');
  });

  it('forgives a multi-byte character cut by the end of the head', () => {
    const bytes = Buffer.from(`${'a'.repeat(4095)}é`, 'utf8').subarray(0, 4096);
    expect(detectType(bytes)).toBe('text');
  });
});
