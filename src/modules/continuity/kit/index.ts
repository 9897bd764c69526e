export * from './neutral.js';
export { sealKit, type KitRecipient, type SealKitOptions } from './seal-kit.js';
export {
  generateSigner,
  loadSigner,
  generateDocumentationKey,
  documentationPublicKey,
  type GeneratedSigner,
  type KitSigner,
  type GeneratedDocumentationKey,
} from './signing-keys.js';
export { readDeviceKeyFile, writeDeviceKeyFile } from './device-key-store.js';
export { renderKitHtml, scriptHash, type KitHtmlInput } from './kit-html.js';
