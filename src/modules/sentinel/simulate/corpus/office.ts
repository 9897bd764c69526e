import { Random, date, fictionalName, prose } from './words.js';
import { buildZip } from '../../canary/zip.js';

/** The corpus's Office packages, every part stamped with one save time as office suites do. */
const SAVED = new Date(2025, 0, 1);
const zip = (entries: ReadonlyArray<{ name: string; data: Buffer }>): Buffer =>
  buildZip(entries.map((entry) => ({ ...entry, modified: SAVED })));

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rels(target: string, type: string): string {
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/></Relationships>`;
}

/** A Word document (OOXML zip); larger ones carry an embedded picture, as real ones do. */
export function docx(random: Random, size: number): Buffer {
  const textBytes = Math.min(size * 3, 60_000);
  const paragraphs = prose(random, textBytes)
    .split('\n\n')
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${escape(p)}</w:t></w:r></w:p>`)
    .join('');
  const title = `<w:p><w:r><w:t>Prepared by ${escape(fictionalName(random))} on ${date(random)}</w:t></w:r></w:p>`;
  const entries = [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
      ),
    },
    { name: '_rels/.rels', data: Buffer.from(rels('word/document.xml', 'officeDocument')) },
    {
      name: 'word/document.xml',
      data: Buffer.from(
        `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${title}${paragraphs}</w:body></w:document>`,
      ),
    },
  ];
  const document = zip(entries);
  if (document.length >= size) return document;
  return zip([...entries, { name: 'word/media/image1.jpeg', data: random.bytes(size - document.length) }]);
}

/** An Excel workbook (OOXML zip) with one sheet of fictional rows. */
export function xlsx(random: Random, size: number): Buffer {
  const rows: string[] = [];
  const target = Math.min(size, 400_000) * 6;
  let length = 0;
  for (let r = 1; length < target; r++) {
    const row = `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${escape(fictionalName(random))}</t></is></c><c r="B${r}" t="inlineStr"><is><t>${date(random)}</t></is></c><c r="C${r}"><v>${random.int(1, 99_999) / 100}</v></c><c r="D${r}"><v>${random.int(0, 40)}</v></c></row>`;
    rows.push(row);
    length += row.length;
  }
  return zip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    { name: '_rels/.rels', data: Buffer.from(rels('xl/workbook.xml', 'officeDocument')) },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(rels('worksheets/sheet1.xml', 'worksheet')) },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.from(
        `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`,
      ),
    },
  ]);
}
