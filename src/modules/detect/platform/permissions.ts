/** Who may do what in the detection module; the platform adds these to its role matrix. */
export const DETECT_PERMISSIONS = {
  /** Alerts, rules, sources and quarantine. */
  'detect.read': ['admin', 'security-analyst', 'incident-commander', 'auditor'],
  /** Acknowledge, assign, close, mark false positive, reopen. */
  'detect.triage': ['admin', 'security-analyst'],
  /** False-positive filters, rule reloads. */
  'detect.manage': ['admin', 'security-analyst'],
  /** Posting events; meant for scoped API tokens. */
  'detect.ingest': ['admin'],
} as const;
