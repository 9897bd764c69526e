import { decodeBase64, decodeBase64url, encodeBase64 } from './base64.js';
import { kitError } from './errors.js';
import { KEY_ID_PATTERN } from './kit-header.js';
import { signEd25519, verifyEd25519 } from './webcrypto.js';

/**
 * Signs the FHIR Bundle the viewer exports with what was documented during downtime, and verifies it
 * when it is imported for reconciliation. The signature covers JSON.stringify of the bundle without its
 * `signature` element, taken after a JSON round trip so the key order is exactly what the receiver
 * parses from the file. Runs unchanged in the browser viewer.
 */

type FhirResource = { resourceType: string; id?: string; [key: string]: unknown };

export const DOCUMENTATION_KEY_SYSTEM = 'urn:lifeline:kit-documentation-key';
const SIGNATURE_TYPE = { system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.5' } as const;

export interface DocumentationSigningKey {
  keyId: string;
  /** base64 of the PKCS#8 DER Ed25519 private key */
  privateKeyPkcs8: string;
}

export async function signDocumentationBundle(
  bundle: FhirResource,
  key: DocumentationSigningKey,
  options: { when: string; who: string },
): Promise<FhirResource> {
  const unsigned = withoutSignature(bundle);
  if (!KEY_ID_PATTERN.test(key.keyId)) {
    throw kitError('CONTINUITY_KIT_KEY_INVALID', 'The documentation key id is malformed', {
      key: 'documentation',
    });
  }
  const pkcs8 = decodeBase64(key.privateKeyPkcs8);
  if (pkcs8 === undefined || pkcs8.length === 0) {
    throw kitError('CONTINUITY_KIT_KEY_INVALID', 'The documentation key is not base64', {
      key: 'documentation',
    });
  }
  const signature = await signEd25519(pkcs8, new TextEncoder().encode(JSON.stringify(unsigned)));
  return {
    ...unsigned,
    signature: {
      type: [{ ...SIGNATURE_TYPE }],
      when: options.when,
      who: { identifier: { system: DOCUMENTATION_KEY_SYSTEM, value: key.keyId }, display: options.who },
      targetFormat: 'application/fhir+json',
      sigFormat: 'application/octet-stream',
      data: encodeBase64(signature),
    },
  };
}

/** Returns the key id that signed the bundle; refuses an unsigned, changed or foreign-signed bundle. */
export async function verifyDocumentationBundle(
  bundle: FhirResource,
  trusted: readonly { keyId: string; publicKey: string }[],
): Promise<{ keyId: string }> {
  const unsigned = withoutSignature(bundle);
  const signature = (bundle as { signature?: unknown }).signature;
  if (signature === undefined || signature === null) {
    throw kitError('CONTINUITY_KIT_DOCUMENTATION_UNSIGNED', 'The documentation bundle is not signed');
  }
  const { keyId, data } = readSignature(signature);
  const candidates = trusted.filter((entry) => entry.keyId === keyId);
  if (candidates.length === 0) {
    throw kitError(
      'CONTINUITY_KIT_DOCUMENTATION_SIGNER_UNTRUSTED',
      'The documentation bundle is signed by a key that is not trusted here',
      { keyId },
    );
  }
  const signed = new TextEncoder().encode(JSON.stringify(unsigned));
  for (const candidate of candidates) {
    const publicKey = decodeBase64url(candidate.publicKey);
    if (publicKey?.length === 32 && (await verifyEd25519(publicKey, data, signed))) return { keyId };
  }
  throw kitError(
    'CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID',
    'The documentation bundle was changed after it was signed',
    { keyId },
  );
}

function withoutSignature(bundle: FhirResource): FhirResource {
  if (
    typeof bundle !== 'object' ||
    bundle === null ||
    Array.isArray(bundle) ||
    bundle.resourceType !== 'Bundle'
  ) {
    throw kitError(
      'CONTINUITY_KIT_DOCUMENTATION_INVALID',
      'Only a FHIR Bundle can carry a documentation signature',
    );
  }
  let copy: FhirResource;
  try {
    copy = JSON.parse(JSON.stringify(bundle)) as FhirResource;
  } catch (error) {
    throw kitError(
      'CONTINUITY_KIT_DOCUMENTATION_INVALID',
      'The documentation bundle is not plain JSON',
      {},
      error,
    );
  }
  delete copy.signature;
  return copy;
}

function readSignature(signature: unknown): { keyId: string; data: Uint8Array } {
  const fields = signature as {
    type?: { system?: unknown; code?: unknown }[];
    who?: { identifier?: { system?: unknown; value?: unknown } };
    sigFormat?: unknown;
    data?: unknown;
  };
  const type = Array.isArray(fields.type) ? fields.type[0] : undefined;
  const identifier = fields.who?.identifier;
  const data = typeof fields.data === 'string' ? decodeBase64(fields.data) : undefined;
  if (
    type?.system !== SIGNATURE_TYPE.system ||
    type.code !== SIGNATURE_TYPE.code ||
    identifier?.system !== DOCUMENTATION_KEY_SYSTEM ||
    typeof identifier.value !== 'string' ||
    fields.sigFormat !== 'application/octet-stream' ||
    data?.length !== 64
  ) {
    throw kitError(
      'CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID',
      'The documentation bundle signature is not a Lifeline documentation signature',
    );
  }
  return { keyId: identifier.value, data };
}
