/** Who may do what in the continuity module; the platform adds these to its role matrix. */
export const CONTINUITY_PERMISSIONS = {
  /** Sources, units, kits, devices and downtime mode: counts and times, no patient data. */
  'continuity.read': ['admin', 'clinician', 'incident-commander', 'auditor'],
  /** Downloading a kit file (encrypted patient data). */
  'continuity.kit.download': ['admin', 'clinician'],
  /** Syncing sources, importing files, building kits, registering and revoking devices. */
  'continuity.manage': ['admin'],
  /** Switching downtime mode on and off. */
  'continuity.downtime': ['admin', 'incident-commander'],
  /** Reviewing downtime documentation and posting it to the EHR (shows patient data). */
  'continuity.reconcile': ['admin', 'clinician'],
  /** Pulling a device's kits; meant for a device's scoped API token. */
  'continuity.device.sync': ['admin'],
} as const;
