import { randomBytes } from 'node:crypto';
import { createHl7Message, hl7Segment } from './er7/build.js';
import { encodeHl7 } from './er7/encode.js';
import type { Hl7Message } from './er7/message.js';
import { dateToHl7Time } from './er7/time.js';

export type AckCode = 'AA' | 'AE' | 'AR';

/** HL7 table 0357 (message error condition codes) as far as a receiver of ADT needs them. */
export const HL7_ERROR_CONDITIONS = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '207': 'Application internal error',
} as const;

export type Hl7ErrorCondition = keyof typeof HL7_ERROR_CONDITIONS;

export interface AckOptions {
  /** ERR-3 for AE and AR; 207 (application internal error) when not given. */
  errorCondition?: Hl7ErrorCondition;
  /** ERR-2, e.g. `PID^1^3` for the first PID's field 3. */
  errorLocation?: readonly [segment: string, occurrence: number, field: number];
  controlId?: string;
  now?: Date;
}

/**
 * An original-mode acknowledgement (HL7 v2.5.1 section 2.9.2): MSH with sending and receiving
 * application and facility swapped, ACK^<trigger>^ACK, the original's processing id, version and
 * character set; MSA with the code and the original control id; for AE and AR an ERR segment.
 * `text` goes to MSA-3 and ERR-8 and must not hold patient data.
 */
export function buildAck(
  message: Hl7Message,
  code: AckCode,
  text?: string,
  options: AckOptions = {},
): string {
  const d = message.delimiters;
  const msh = hl7Segment(
    'MSH',
    {
      3: { raw: message.field('MSH-5') },
      4: { raw: message.field('MSH-6') },
      5: { raw: message.field('MSH-3') },
      6: { raw: message.field('MSH-4') },
      7: dateToHl7Time(options.now ?? new Date()),
      9: ['ACK', message.triggerEvent, 'ACK'],
      10: options.controlId ?? randomBytes(10).toString('hex'),
      11: message.get('MSH-11') ? { raw: message.field('MSH-11') } : 'P',
      12: message.get('MSH-12') ? { raw: message.field('MSH-12') } : '2.5.1',
      18: { raw: message.field('MSH-18') },
    },
    d,
  );
  const msa = hl7Segment('MSA', { 1: code, 2: message.controlId, 3: text }, d);
  if (code === 'AA') return encodeHl7(createHl7Message([msh, msa], d));
  const condition = options.errorCondition ?? '207';
  const location = options.errorLocation;
  const err = hl7Segment(
    'ERR',
    {
      2: location ? [location[0], String(location[1]), String(location[2])] : undefined,
      3: [condition, HL7_ERROR_CONDITIONS[condition], 'HL70357'],
      4: 'E',
      8: text,
    },
    d,
  );
  return encodeHl7(createHl7Message([msh, msa, err], d));
}

/** MSA-1 of a received acknowledgement, when it is one of the original-mode codes. */
export function ackCodeOf(ack: Hl7Message): AckCode | undefined {
  const code = ack.get('MSA-1');
  // Enhanced-mode commit codes (CA, CE, CR) are answered in kind by some engines.
  const normalised = code.startsWith('C') ? `A${code.slice(1)}` : code;
  return normalised === 'AA' || normalised === 'AE' || normalised === 'AR' ? normalised : undefined;
}
