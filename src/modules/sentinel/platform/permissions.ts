/** Who may do what in the sentinel module; the platform adds these to its role matrix. */
export const SENTINEL_PERMISSIONS = {
  /** Shares and their coverage, canaries, detections (writer, signals, file paths). */
  'sentinel.read': ['admin', 'security-analyst', 'incident-commander', 'auditor'],
  /** Releasing or killing a stopped writer, making a share writable again: the analyst on call decides. */
  'sentinel.respond': ['admin', 'security-analyst', 'incident-commander'],
  /** Renewing canaries. */
  'sentinel.manage': ['admin'],
} as const;
