import { createHash } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csv, hl7, pdf, txt } from './corpus/documents.js';
import { jpeg, png } from './corpus/media.js';
import { docx, xlsx } from './corpus/office.js';
import { Random, date } from './corpus/words.js';

/** One generated file: where, how big, and its hash (to tell later whether it changed). */
export interface CorpusFile {
  path: string;
  size: number;
  sha256: string;
}

type Kind = 'pdf' | 'docx' | 'xlsx' | 'csv' | 'txt' | 'hl7' | 'png' | 'jpg';

/** Departments, their folders, and the kinds of file each keeps (weights by repetition). */
const SHARE: Record<string, { folders: string[]; kinds: Kind[] }> = {
  Radiology: {
    folders: ['Reports/2025', 'Reports/2024', 'Protocols', 'Images'],
    kinds: ['pdf', 'docx', 'jpg', 'png', 'png'],
  },
  Cardiology: { folders: ['ECG', 'Echo Reports', 'Clinic Letters'], kinds: ['pdf', 'docx', 'png', 'csv'] },
  Finance: {
    folders: ['Invoices/2025-Q1', 'Invoices/2025-Q2', 'Budgets', 'Payroll'],
    kinds: ['xlsx', 'xlsx', 'pdf', 'csv'],
  },
  HR: { folders: ['Rotas', 'Policies', 'Training'], kinds: ['docx', 'xlsx', 'pdf', 'txt'] },
  Quality: { folders: ['Audits', 'Incidents', 'Minutes'], kinds: ['docx', 'pdf', 'xlsx', 'txt'] },
  Pharmacy: { folders: ['Formulary', 'Stock', 'Orders'], kinds: ['xlsx', 'csv', 'pdf', 'docx'] },
  Laboratory: { folders: ['Results/HL7', 'SOPs', 'QC'], kinds: ['hl7', 'hl7', 'csv', 'pdf'] },
  Surgery: { folders: ['Theatre Lists', 'Consent Forms', 'Audit'], kinds: ['xlsx', 'pdf', 'docx'] },
  Emergency: { folders: ['Handover', 'Triage', 'Photos'], kinds: ['docx', 'txt', 'jpg', 'csv'] },
  Administration: { folders: ['Board', 'Contracts', 'Scans'], kinds: ['pdf', 'docx', 'jpg', 'xlsx'] },
};

const NAMES: Record<Kind, string[]> = {
  pdf: ['Report', 'Protocol', 'Invoice', 'Discharge_Summary', 'Consent', 'Policy'],
  docx: ['Letter', 'Minutes', 'Review', 'Handover', 'Procedure'],
  xlsx: ['Rota', 'Budget', 'Stock', 'Theatre_List', 'Tracker'],
  csv: ['export', 'extract', 'orders', 'readings'],
  txt: ['notes', 'readme', 'log'],
  hl7: ['ADT', 'ORU', 'results'],
  png: ['chart', 'ECG_trace', 'screenshot'],
  jpg: ['scan', 'IMG', 'photo'],
};

/** Size in bytes: mostly small, a long tail up to the kind's largest (roughly what shares hold). */
function sizeFor(random: Random, kind: Kind): number {
  const [min, max] =
    kind === 'png' || kind === 'jpg' || kind === 'pdf' ? [8_192, 2_097_152] : [2_048, 262_144];
  return Math.round(min * (max / min) ** (random.next() ** 3));
}

function render(random: Random, kind: Kind, size: number): Buffer {
  switch (kind) {
    case 'pdf':
      return pdf(random, size);
    case 'docx':
      return docx(random, size);
    case 'xlsx':
      return xlsx(random, size);
    case 'csv':
      return csv(random, size);
    case 'txt':
      return txt(random, size);
    case 'hl7':
      return hl7(random, size);
    case 'png':
      return png(random, size);
    case 'jpg':
      return jpeg(random, size);
  }
}

/**
 * Writes a fictional hospital share of `files` files under `root` (deterministic for a seed): department
 * folders and subfolders with PDFs, Word and Excel documents, CSV, text, HL7 messages, PNG and JPEG images.
 */
export function generateCorpus(root: string, options: { files: number; seed?: number }): CorpusFile[] {
  const random = new Random(options.seed ?? 7);
  const folders = Object.entries(SHARE).flatMap(([department, { folders: subs, kinds }]) =>
    subs.map((sub) => ({ path: join(department, sub), kinds })),
  );
  const written: CorpusFile[] = [];
  for (let i = 0; i < options.files; i++) {
    const folder = folders[i % folders.length];
    if (!folder) break;
    const kind = random.pick(folder.kinds);
    const name = `${random.pick(NAMES[kind])}_${date(random).replace(/-/g, '')}_${String(i).padStart(5, '0')}.${kind}`;
    const path = join(folder.path, name);
    const data = render(random, kind, sizeFor(random, kind));
    mkdirSync(join(root, folder.path), { recursive: true });
    writeFileSync(join(root, path), data);
    // Old modification times, as on a real share: nothing here was written just now.
    const when = new Date(`${date(random, random.int(2021, 2025))}T09:00:00Z`);
    utimesSync(join(root, path), when, when);
    written.push({ path, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
  }
  return written;
}
