export { detectType, WEAK_TYPES } from './detect-type.js';
export { randomSampleEntropy, shannonEntropy } from './entropy.js';
export { fingerprintFile, fingerprintOf, readHead, readTail, SAMPLE_BYTES } from './fingerprint-file.js';
