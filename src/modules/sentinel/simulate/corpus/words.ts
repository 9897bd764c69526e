import { createCipheriv } from 'node:crypto';

/** Deterministic fictional text for the corpus: a seeded generator and hospital-flavoured vocabulary. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** mulberry32: small, fast and good enough for test data. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** Dense bytes from an AES-CTR keystream keyed by the generator: deterministic and fast. */
  bytes(length: number): Buffer {
    const key = Buffer.alloc(16);
    for (let i = 0; i < 16; i += 4) key.writeUInt32LE(Math.floor(this.next() * 4294967296), i);
    return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
  }
}

const WORDS = (
  'patient ward review discharge summary admission theatre clinic referral follow-up medication dose ' +
  'allergy observation protocol audit incident report procedure consent staff rota shift handover bed ' +
  'capacity budget invoice supplier order stock pharmacy formulary infusion imaging scan contrast result ' +
  'laboratory sample culture sensitivity cardiology echo rhythm pressure radiology ultrasound finance ' +
  'quality governance training policy meeting agenda action owner deadline approved pending escalated ' +
  'the of and to for with on by at from was were is are has have not no after before during within'
).split(' ');

export const SURNAMES = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
  'Dubois',
];
export const GIVEN = [
  'Anna',
  'Lucas',
  'Emma',
  'Noah',
  'Louise',
  'Arthur',
  'Marie',
  'Jules',
  'Elise',
  'Victor',
];

export function sentence(random: Random): string {
  const words = Array.from({ length: random.int(6, 16) }, () => random.pick(WORDS));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Paragraphs of fictional prose of about `bytes` bytes. */
export function prose(random: Random, bytes: number): string {
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const paragraph = Array.from({ length: random.int(2, 6) }, () => sentence(random)).join(' ');
    parts.push(paragraph);
    length += paragraph.length + 2;
  }
  return parts.join('\n\n').slice(0, Math.max(0, bytes));
}

export function fictionalName(random: Random): string {
  return `${random.pick(GIVEN)} ${random.pick(SURNAMES)}`;
}

export function date(random: Random, year = 2025): string {
  return `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
}
