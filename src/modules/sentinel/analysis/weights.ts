/**
 * How much each signal adds to a writer's score, and the windows that make bursts. The default
 * threshold is 10. The numbers are chosen so that:
 * - one encrypted rewrite of a document (type lost and entropy up) scores 5: the second such file
 *   reaches the threshold; so does a document rewritten in place as a base64 blob (low entropy, but
 *   no ordinary tool does it); a rewrite that only loses its type otherwise scores 3.5;
 * - a rewrite that keeps a low-entropy type's header but turns its head or tail into noise (partial
 *   encryption) scores 2.5: the fourth reaches it;
 * - an original deleted beside a new opaque copy of itself scores 3.5: the third pair reaches it; the
 *   copy may carry a known extension or sit in another folder when it is typeless noise of about the
 *   original's size (a declared container, as gzip, xz, zstd, lz4, gpg, age or openssl write, is not);
 * - scores are kept per writer and per group of writers (one executable run by one user, or one
 *   Samba client), so one process per file adds up like one process for all;
 * - renames and deletions only count in bursts, ransom-note names without ransom text and plain
 *   mass deletion are capped below the threshold, so no single benign habit can reach it alone;
 * - entropy alone never scores: a new file is never judged by its entropy.
 */
export const DEFAULT_THRESHOLD = 10;
export const DEFAULT_WINDOW_MS = 10 * 60_000;

export const WEIGHTS = {
  typeChanged: 3.5,
  entropyRise: 1.5,
  /** Head or tail turned from structure into noise while the type (text, pdf, …) was kept. */
  entropyRiseKeptType: 2.5,
  /** Each rename to an unknown extension, once a burst has formed. */
  renameUnknownExtension: 2,
  noteNameAndText: 5,
  noteTextOnly: 3,
  noteNameOnly: 2.5,
  /** An original deleted next to a new high-entropy, typeless `original.something`. */
  replacedByOpaqueCopy: 3.5,
  /** Each block of deletions of files the writer did not create. */
  massDelete: 3,
} as const;

/** Renames to unknown extensions start counting at this many within RENAME_BURST_MS. */
export const RENAME_BURST_COUNT = 3;
export const RENAME_BURST_MS = 60_000;

/** Deletions of other files form a block at this many within DELETE_BURST_MS. */
export const DELETE_BLOCK = 25;
/** A copy is "about the original's size" within this many bytes, or this share of the original. */
export const COPY_SIZE_SLACK = 16 * 1024;
export const COPY_SIZE_SHARE = 0.1;
export const DELETE_BURST_MS = 60_000;
/** Plain mass deletion (without opaque copies) never reaches the default threshold alone. */
export const MASS_DELETE_CAP = 6;
/** Ransom-note names without ransom text never reach the default threshold alone. */
export const NOTE_NAME_ONLY_CAP = 5;

/** Entropy levels: a sample below LOW holds structure; above HIGH (or what its size allows) it is noise. */
export const LOW_ENTROPY = 6.0;
export const HIGH_ENTROPY = 7.5;
/** Samples shorter than this say nothing reliable about entropy. */
export const MIN_ENTROPY_SAMPLE = 128;

/** Ransom notes are small; their text is read only below this size, and only its first 8 KiB. */
export const NOTE_MAX_BYTES = 256 * 1024;
export const NOTE_READ_BYTES = 8 * 1024;

/** Memory bounds. */
export const MAX_WRITERS = 2_048;
export const MAX_FILES_PER_WRITER = 1_000;
export const MAX_SIGNALS_PER_WRITER = 2_000;
export const MAX_RECENT_PER_WRITER = 1_000;
