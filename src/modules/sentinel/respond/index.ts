export type { StopAction, StopContext } from './context.js';
export { SENTINEL_RESPOND_ERRORS } from './errors.js';
export { makeWritable, readOnlyAction } from './read-only.js';
export {
  parseSmbstatusJson,
  parseSmbstatusText,
  sambaClientOf,
  sambaSessions,
  type SambaSession,
  type SmbstatusOptions,
} from './samba.js';
export { cutOffSambaClient, type CutOffOptions } from './samba-cutoff.js';
export { scriptAction } from './script.js';
export { killAction, resumeWriter, suspendAction } from './signals.js';
export { SIGNATURE_HEADER, signBody, webhookAction } from './webhook.js';
