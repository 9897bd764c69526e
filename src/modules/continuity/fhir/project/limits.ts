/**
 * How much of each section a kit keeps per patient. Kits are built for whole hospitals (100,000
 * patients) and read on a laptop, so every section is bounded; within it the newest count most.
 */
export const KIT_LIMITS = {
  problems: 100,
  allergies: 50,
  medications: 100,
  immunizations: 50,
  results: 20,
  /** Vital signs from the last `windowHours`, at most this many. */
  vitals: 50,
  /** When no vital sign falls in the window, the newest few still tell the last known state. */
  vitalsOutsideWindow: 10,
  procedures: 20,
  appointments: 20,
  defaultWindowHours: 72,
} as const;
