import { deflateSync } from 'node:zlib';
import { Random, date, fictionalName, prose, sentence } from './words.js';

/**
 * A valid one-page PDF: a compressed text stream and, for larger files, a scanned-page image, with a
 * correct cross-reference table.
 */
export function pdf(random: Random, size: number): Buffer {
  const lines = prose(random, Math.min(size, 6000)).split(/(?<=\.) /);
  const text = lines
    .slice(0, 60)
    .map((line) => `(${line.replace(/[()\\]/g, '')}) '`)
    .join('\n');
  const content = deflateSync(
    Buffer.from(`BT /F1 10 Tf 50 800 Td 12 TL\n${text}\nET\nq 400 0 0 300 100 100 cm /Im1 Do Q`),
  );
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 7 0 R >> >> >>',
    ),
    Buffer.concat([
      Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`),
      content,
      Buffer.from('\nendstream'),
    ]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.from(
      `<< /Title (${sentence(random).slice(0, 60)}) /Author (${fictionalName(random)}) /Producer (Lifeline corpus) >>`,
    ),
  ];
  const imageBytes = Math.max(16, size - 1200 - content.length);
  objects.push(
    Buffer.concat([
      Buffer.from(
        `<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${imageBytes} >>\nstream\n`,
      ),
      random.bytes(imageBytes),
      Buffer.from('\nendstream'),
    ]),
  );
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(object);
    offset += object.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(xref)]);
}

/** HL7 v2 messages (ADT and ORU), segments separated by carriage returns, fictional patients. */
export function hl7(random: Random, size: number): Buffer {
  const messages: string[] = [];
  let length = 0;
  for (let n = 1; length < size; n++) {
    const [given, family] = fictionalName(random).split(' ');
    const stamp = date(random).replace(/-/g, '') + String(random.int(0, 235959)).padStart(6, '0');
    const type = random.next() < 0.5 ? 'ADT^A01' : 'ORU^R01';
    const segments = [
      `MSH|^~\\&|EHR|GENHOSP|LIS|GENHOSP|${stamp}||${type}|MSG${String(n).padStart(6, '0')}|P|2.5`,
      `PID|1||${random.int(100000, 999999)}^^^GENHOSP^MR||${family}^${given}||19${random.int(30, 99)}0${random.int(1, 9)}1${random.int(0, 9)}|${random.pick(['F', 'M'])}`,
      `PV1|1|I|${random.pick(['4B', '3S', 'ICU', 'ED'])}^${random.int(1, 30)}^1`,
      type === 'ADT^A01'
        ? `EVN|A01|${stamp}`
        : `OBX|1|NM|2345-7^Glucose^LN||${random.int(40, 200) / 10}|mmol/L|3.9-7.8|N|||F`,
    ];
    const message = segments.join('\r') + '\r\n';
    messages.push(message);
    length += message.length;
  }
  return Buffer.from(messages.join('').slice(0, size));
}

export function csv(random: Random, size: number): Buffer {
  const rows = ['id,name,date,department,amount,status'];
  let length = rows[0]?.length ?? 0;
  for (let id = 1; length < size; id++) {
    const row = `${id},${fictionalName(random)},${date(random)},${random.pick(['ICU', 'ED', 'Cardiology', 'Radiology'])},${random.int(100, 99_999) / 100},${random.pick(['open', 'closed', 'pending'])}`;
    rows.push(row);
    length += row.length + 1;
  }
  return Buffer.from(rows.join('\n').slice(0, size));
}

export function txt(random: Random, size: number): Buffer {
  return Buffer.from(
    `Notes - ${date(random)} - ${fictionalName(random)}\n\n${prose(random, size)}`.slice(0, size),
  );
}
