import { encodeHl7Bytes } from '../er7/charset.js';

/** MLLP (HL7 v2 Minimal Lower Layer Protocol, release 2): <VT> message <FS><CR>. */
export const MLLP_START_BLOCK = 0x0b;
export const MLLP_END_BLOCK = 0x1c;
export const MLLP_CARRIAGE_RETURN = 0x0d;

/** The default ceiling on one message; ADT messages are a few kilobytes, ORU with PDFs can be more. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

/** A message framed for the wire, its bytes in the character set its MSH-18 names. */
export function frameMllp(text: string): Buffer {
  return Buffer.concat([
    Buffer.of(MLLP_START_BLOCK),
    encodeHl7Bytes(text),
    Buffer.of(MLLP_END_BLOCK, MLLP_CARRIAGE_RETURN),
  ]);
}
