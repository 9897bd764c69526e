/**
 * Deterministic benchmark data for bench/vault/run.sh.
 *
 *   npx tsx bench/vault/dataset.ts create mixed <dir> [scale]   half 25 MB random files, half text
 *   npx tsx bench/vault/dataset.ts create small <dir> [scale]   100,000 × scale files of 1–50 KB
 *   npx tsx bench/vault/dataset.ts change <dir>                 edits, insertions, appends, new and
 *                                                               deleted files: about 1 % of the bytes
 *
 * Scale 1 is the size (2 GB, 100k files). The same arguments always give the same bytes.
 */
import { createCipheriv } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** xorshift32: cheap, seeded, good enough to pick files and words. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** Incompressible bytes from AES-CTR with a key derived from the seed, like imaging data. */
function randomBytes(seed: number, length: number): Buffer {
  const key = Buffer.alloc(32);
  key.writeUInt32LE(seed, 0);
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

const WORDS = (
  'patient admission discharge observation glucose creatinine haemoglobin ward theatre nurse ' +
  'physician allergy penicillin amoxicillin ibuprofen paracetamol systolic diastolic pulse oxygen ' +
  'saturation triage emergency radiology report normal elevated reduced follow-up referral ' +
  'cardiology oncology paediatrics surgery anaesthesia medication dose route oral intravenous'
).split(' ');

/** JSON- and HL7-like records: structured, repetitive and compressible, as clinical exports are. */
function textBytes(seed: number, length: number): Buffer {
  const rnd = prng(seed);
  const pick = (): string => WORDS[Math.floor(rnd() * WORDS.length)]!;
  const lines: string[] = [];
  let size = 0;
  let n = 0;
  while (size < length) {
    const id = Math.floor(rnd() * 1e9);
    const line =
      n++ % 2 === 0
        ? `{"id":"${id}","mrn":"M${id % 999983}","ward":"${pick()}","note":"${pick()} ${pick()} ${pick()} ${pick()}","value":${(rnd() * 200).toFixed(2)},"time":"2026-0${1 + (id % 9)}-1${id % 10}T0${id % 10}:${10 + (id % 50)}:00Z"}\n`
        : `OBX|${n}|NM|${id % 9973}^${pick()}^LN||${(rnd() * 100).toFixed(1)}|mmol/L|3.5-5.5|N|||F|||2026${id % 10}101${id % 10}3000\r\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, length);
}

function createMixed(dir: string, scale: number): void {
  const half = Math.round(1e9 * scale);
  const imaging = join(dir, 'imaging');
  const records = join(dir, 'records');
  mkdirSync(imaging, { recursive: true });
  mkdirSync(records, { recursive: true });
  const fileSize = 25_000_000;
  for (let i = 0, left = half; left > 0; i++, left -= fileSize) {
    writeFileSync(
      join(imaging, `study-${String(i).padStart(4, '0')}.dcm`),
      randomBytes(1000 + i, Math.min(fileSize, left)),
    );
  }
  const textSize = 4_000_000;
  for (let i = 0, left = half; left > 0; i++, left -= textSize) {
    writeFileSync(
      join(records, `export-${String(i).padStart(4, '0')}.json`),
      textBytes(5000 + i, Math.min(textSize, left)),
    );
  }
}

function createSmall(dir: string, scale: number): void {
  const count = Math.round(100_000 * scale);
  const rnd = prng(77);
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    const size = 1024 + Math.floor(rnd() * 49 * 1024);
    const data = i % 2 === 0 ? textBytes(i, size) : randomBytes(i, size);
    writeFileSync(join(sub, `f${i}.dat`), data);
  }
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** About 1 % of the bytes change: in-place edits, insertions, appends, new files and deletions. */
function change(dir: string): void {
  const files = walk(dir);
  const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const rnd = prng(4242);
  const budget = total * 0.01;
  let spent = 0;
  let round = 0;
  while (spent < budget * 0.6 && round < files.length) {
    const file = files[Math.floor(rnd() * files.length)]!;
    const data = readFileSync(file);
    const at = Math.floor(rnd() * data.length);
    const kind = round++ % 3;
    const patch = textBytes(round, Math.min(4096, Math.max(16, data.length >> 4)));
    if (kind === 0) {
      patch.copy(data, at);
      writeFileSync(file, data);
    } else if (kind === 1) {
      writeFileSync(file, Buffer.concat([data.subarray(0, at), patch, data.subarray(at)]));
    } else {
      writeFileSync(file, Buffer.concat([data, patch]));
    }
    // A changed chunk is re-stored whole; count what a backup must re-read and store, roughly.
    spent += Math.min(data.length, 1 << 20);
  }
  const avg = total / files.length;
  const newFiles = Math.max(1, Math.round((budget * 0.4) / avg));
  mkdirSync(join(dir, 'new'), { recursive: true });
  for (let i = 0; i < newFiles; i++) {
    const size = Math.round(avg);
    writeFileSync(
      join(dir, 'new', `n${i}.dat`),
      i % 2 ? randomBytes(9000 + i, size) : textBytes(9000 + i, size),
    );
  }
  const deletions = Math.max(1, Math.round(files.length * 0.005));
  for (let i = 0; i < deletions; i++) rmSync(files[Math.floor(rnd() * files.length)]!, { force: true });
  console.log(`changed ${round} files, added ${newFiles}, deleted up to ${deletions}`);
}

const [command, kindOrDir, dirArg, scaleArg] = process.argv.slice(2);
if (command === 'create' && (kindOrDir === 'mixed' || kindOrDir === 'small') && dirArg) {
  const scale = Number(scaleArg ?? 1);
  if (kindOrDir === 'mixed') createMixed(dirArg, scale);
  else createSmall(dirArg, scale);
} else if (command === 'change' && kindOrDir) {
  change(kindOrDir);
} else {
  console.error('usage: dataset.ts create mixed|small <dir> [scale] | change <dir>');
  process.exit(2);
}
