/**
 * The part of the kit API that runs unchanged in browsers and Node (WebCrypto, TextEncoder,
 * DecompressionStream; no Buffer, no node: imports). The offline viewer imports this file only.
 */
export { openKit, type KitUnlock, type OpenKitOptions, type OpenedKit } from './open-kit.js';
export { verifyKitSignature, type TrustedSigner } from './verify-kit.js';
export { readKitHeader, parseEnvelope, type EnvelopeParts } from './envelope.js';
export {
  KIT_ENVELOPE_FORMAT,
  PBKDF2_DEFAULT_ITERATIONS,
  PBKDF2_MIN_ITERATIONS,
  type KitHeader,
  type KitSignerIdentity,
  type RecipientHeader,
  type PassphraseRecipientHeader,
  type DeviceRecipientHeader,
} from './kit-header.js';
export { applyDelta, applyDeltaChain } from './delta.js';
export { DEFAULT_MAX_PAYLOAD_BYTES } from './gunzip.js';
export {
  signDocumentationBundle,
  verifyDocumentationBundle,
  DOCUMENTATION_KEY_SYSTEM,
  type DocumentationSigningKey,
} from './documentation-signature.js';
export {
  DEVICE_KEY_FORMAT,
  generateDeviceKey,
  parseDeviceKeyFile,
  serialiseDeviceKeyFile,
  type DeviceKey,
} from './device-key-file.js';
export { extractEnvelopes, readSigner } from './kit-html-read.js';
export { CONTINUITY_KIT_ERRORS, type ContinuityKitErrorCode } from './errors.js';
