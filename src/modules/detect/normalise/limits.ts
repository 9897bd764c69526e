/**
 * Bounds on what one outside event may cost. Inputs come from the network, so every normaliser
 * stops at these limits instead of trusting the sender.
 */
export const NORMALISE_LIMITS = {
  /** Longest input text (UTF-16 code units) a normaliser reads; larger events are refused. */
  maxInputChars: 1024 * 1024,
  /** Longest string value kept; longer ones are cut (a 4104 script block part is at most ~32 K). */
  maxStringChars: 64 * 1024,
  /** Longest field name kept; fields with longer names are dropped. */
  maxFieldNameChars: 256,
  /** Most fields per event; later ones are dropped. */
  maxFields: 1000,
  /** Nesting depth of JSON objects and arrays followed; deeper parts are dropped. */
  maxDepth: 24,
  /** Most scalar items kept from one array. */
  maxArrayItems: 256,
} as const;
