import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

import { afterAll, describe, expect, it } from 'vitest';

import { makeDecoy, type Decoy } from './documents.js';
import { buildZip } from './zip.js';
import { checkPdf, hasTool } from './testkit.js';

const dir = mkdtempSync(join(tmpdir(), 'canary-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function decoyOf(extension: Decoy['extension']): Decoy {
  for (;;) {
    const decoy = makeDecoy(new Date());
    if (decoy.extension === extension) return decoy;
  }
}

function save(decoy: Decoy): string {
  const path = join(dir, `${decoy.stem}.${decoy.extension}`);
  writeFileSync(path, decoy.data);
  return path;
}

describe('zip writer', () => {
  it('writes entries a reader finds by the central directory, deflated or stored', () => {
    const zip = buildZip([
      { name: 'a.txt', data: Buffer.from('x'.repeat(500)), modified: new Date(2025, 4, 6, 10, 20, 30) },
      { name: 'b.bin', data: Buffer.from([1]), modified: new Date(2025, 4, 6) },
    ]);
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(2);
    const central = zip.readUInt32LE(end + 16);
    expect(zip.readUInt32LE(central)).toBe(0x02014b50);
    expect(zip.readUInt16LE(central + 10)).toBe(8);
    const size = zip.readUInt32LE(central + 20);
    expect(inflateRawSync(zip.subarray(30 + 5, 30 + 5 + size)).toString()).toBe('x'.repeat(500));
  });

  it.skipIf(!hasTool('unzip'))('passes unzip -t for every office decoy', () => {
    for (const extension of ['docx', 'xlsx'] as const) {
      const path = save(decoyOf(extension));
      const report = execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
      expect(report).toContain('No errors detected');
      expect(execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).split('\n')[0]).toBe(
        '[Content_Types].xml',
      );
    }
  });

  it.skipIf(!hasTool('python3'))('holds well-formed XML in every part', () => {
    for (const extension of ['docx', 'xlsx'] as const) {
      const path = save(decoyOf(extension));
      const script =
        'import sys,zipfile,xml.dom.minidom as m\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n' +
        '[m.parseString(z.read(n)) for n in z.namelist()]\nprint(len(z.namelist()))';
      expect(
        Number(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })),
      ).toBeGreaterThanOrEqual(5);
    }
  });
});

describe.skipIf(!hasTool('file'))('file-type sniffing', () => {
  it('recognises each decoy as the document it claims to be', () => {
    const expected = {
      docx: 'Microsoft Word 2007+',
      xlsx: 'Microsoft Excel 2007+',
      pdf: 'PDF document',
      csv: 'CSV',
    };
    for (const [extension, kind] of Object.entries(expected)) {
      const path = save(decoyOf(extension as Decoy['extension']));
      expect(execFileSync('file', ['-b', path], { encoding: 'utf8' })).toContain(kind);
    }
  });
});

describe('pdf decoy', () => {
  it('has a correct cross-reference table and readable page text', () => {
    for (let i = 0; i < 5; i++) {
      const { problems, text } = checkPdf(decoyOf('pdf').data);
      expect(problems).toEqual([]);
      expect(text).toContain('Referral pathway');
    }
  });

  it('notices a broken offset, so the check is not vacuous', () => {
    const pdf = Buffer.from(decoyOf('pdf').data);
    const at = pdf.indexOf('2 0 obj');
    pdf.write('X', at, 'latin1');
    expect(checkPdf(pdf).problems).toContain(`object 2 is not at ${at}`);
  });
});

describe('csv decoy', () => {
  it('is a consistent table with a header row', () => {
    const rows = decoyOf('csv').data.toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('name,department,role,extension,pager');
    for (const row of rows) expect(row.split(',')).toHaveLength(5);
  });
});
