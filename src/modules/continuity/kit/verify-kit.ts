import { decodeBase64url } from './base64.js';
import { decodeProtected, parseEnvelope, type EnvelopeParts } from './envelope.js';
import { kitError } from './errors.js';
import { parseKitHeader, parseSignerIdentity, type KitHeader, type KitSignerIdentity } from './kit-header.js';
import { verifyEd25519 } from './webcrypto.js';

export type TrustedSigner = KitSignerIdentity;

/**
 * Checks the envelope's signature with the signer its header names, and only if that signer (key id
 * and public key both) is on the trust list. Returns the header, now safe to act on.
 */
export async function verifyKitSignature(
  envelope: string,
  trustedSigners: readonly TrustedSigner[],
): Promise<KitHeader> {
  return (await verifyEnvelope(envelope, trustedSigners)).header;
}

export async function verifyEnvelope(
  envelope: string,
  trustedSigners: readonly TrustedSigner[],
): Promise<{ parts: EnvelopeParts; header: KitHeader }> {
  const parts = parseEnvelope(envelope);
  const claimed = decodeProtected(parts.protected);
  // Only the signer is read before the signature is checked: it says which key to check it with.
  const signer = parseSignerIdentity(
    typeof claimed === 'object' && claimed !== null ? (claimed as { signer?: unknown }).signer : undefined,
    'signer',
  );
  const trusted = trustedSigners.some(
    (candidate) => candidate.keyId === signer.keyId && candidate.publicKey === signer.publicKey,
  );
  if (!trusted) {
    throw kitError('CONTINUITY_KIT_SIGNER_UNTRUSTED', 'The kit is signed by a key that is not trusted here', {
      keyId: signer.keyId,
    });
  }
  const signed = new TextEncoder().encode(`${parts.protected}.${parts.ciphertext}`);
  const valid = await verifyEd25519(
    decodeBase64url(signer.publicKey) as Uint8Array,
    decodeBase64url(parts.signature) as Uint8Array,
    signed,
  );
  if (!valid) {
    throw kitError('CONTINUITY_KIT_SIGNATURE_INVALID', 'The kit was changed after it was signed', {
      keyId: signer.keyId,
    });
  }
  return { parts, header: parseKitHeader(claimed) };
}
