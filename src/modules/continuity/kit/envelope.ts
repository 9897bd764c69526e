import { decodeBase64url } from './base64.js';
import { kitError } from './errors.js';
import { parseKitHeader, type KitHeader } from './kit-header.js';

/** The three base64url parts of an envelope, exactly as written (the signature covers this text). */
export interface EnvelopeParts {
  protected: string;
  ciphertext: string;
  signature: string;
}

const PART_NAMES = ['protected', 'ciphertext', 'signature'] as const;
const SIGNATURE_BYTES = 64;
/** Unpadded base64url; a length of 4n+1 characters cannot encode whole bytes. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks the alphabet and length without decoding: the ciphertext of a site kit is megabytes, and
 * the viewer reads an envelope several times before the kit opens. Decoding happens once, in openKit.
 */
function isBase64url(part: string): boolean {
  return part.length % 4 !== 1 && BASE64URL.test(part);
}

/**
 * The envelopes read last. Opening a kit reads each envelope several times (its header for the
 * start page, the signature check, the unlock); a site kit's envelope is megabytes of JSON, so the
 * checked parts are kept instead of parsing it again. Parts are frozen, so a caller cannot alter
 * what the next one gets.
 */
const recent = new Map<string, EnvelopeParts>();
const RECENT_SIZE = 8;

export function parseEnvelope(envelope: string): EnvelopeParts {
  const known = recent.get(envelope);
  if (known) return known;
  const parts = parseEnvelopeText(envelope);
  if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value as string);
  recent.set(envelope, parts);
  return parts;
}

function parseEnvelopeText(envelope: string): EnvelopeParts {
  let value: unknown;
  try {
    value = JSON.parse(envelope);
  } catch {
    throw malformed('The kit envelope is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('The kit envelope is not a JSON object');
  }
  const keys = Object.keys(value);
  if (keys.length !== PART_NAMES.length || !PART_NAMES.every((name) => keys.includes(name))) {
    throw malformed('The kit envelope must hold exactly protected, ciphertext and signature');
  }
  const parts = value as Record<(typeof PART_NAMES)[number], unknown>;
  for (const name of PART_NAMES) {
    const part = parts[name];
    if (typeof part !== 'string' || part.length === 0 || !isBase64url(part)) {
      throw malformed(`The kit envelope part ${name} is not base64url`, { part: name });
    }
  }
  if (decodeBase64url(parts.signature as string)?.length !== SIGNATURE_BYTES) {
    throw malformed('The kit envelope signature has the wrong length', { part: 'signature' });
  }
  const { protected: header, ciphertext, signature } = parts as unknown as EnvelopeParts;
  return Object.freeze({ protected: header, ciphertext, signature });
}

/** The header's JSON as written, before any check of its fields. */
export function decodeProtected(encoded: string): unknown {
  const bytes = decodeBase64url(encoded);
  if (bytes === undefined) throw headerUnreadable();
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw headerUnreadable();
  }
}

/**
 * The header of a kit without verifying anything: for listing and routing kits only. Nothing read
 * here may be trusted before verifyKitSignature or openKit has accepted the envelope.
 */
export function readKitHeader(envelope: string): KitHeader {
  return parseKitHeader(decodeProtected(parseEnvelope(envelope).protected));
}

function headerUnreadable() {
  return kitError('CONTINUITY_KIT_HEADER_INVALID', 'The kit header is not base64url-encoded UTF-8 JSON', {
    field: 'header',
  });
}

function malformed(message: string, details: Record<string, string> = {}) {
  return kitError('CONTINUITY_KIT_ENVELOPE_INVALID', message, details);
}
