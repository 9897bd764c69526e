import { z } from 'zod';

const cron = z.string().min(9);

/** The resource types a kit is made of: what a source is asked for unless told otherwise. */
export const KIT_RESOURCE_TYPES = [
  'Patient',
  'Encounter',
  'Condition',
  'AllergyIntolerance',
  'MedicationStatement',
  'MedicationRequest',
  'MedicationAdministration',
  'Medication',
  'Immunization',
  'Observation',
  'Procedure',
  'Appointment',
] as const;

/** A FHIR R4 server the kits are fed from. */
const fhirSourceSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
    .describe('Stable name, used in the console and as the key of the sync bookmark'),
  baseUrl: z.url(),
  /** SMART Backend Services: token endpoint, client id and the private key that signs the assertion. */
  auth: z
    .strictObject({
      tokenUrl: z.url(),
      clientId: z.string().min(1),
      privateKeyFile: z.string().min(1),
      algorithm: z.enum(['RS384', 'ES384']).default('ES384'),
      scope: z.string().min(1).default('system/*.rs'),
    })
    .optional(),
  /** Bulk Data $export with `_since` deltas; `search` pages the REST API for servers without it. */
  mode: z.enum(['bulk', 'search']).default('bulk'),
  types: z
    .array(z.string().regex(/^[A-Z][A-Za-z]+$/))
    .min(1)
    .default([...KIT_RESOURCE_TYPES]),
  schedule: cron.default('* * * * *'),
});

const unitSchema = z.strictObject({
  name: z.string().min(1).max(64),
  /**
   * File holding the unit's kit passphrase (one line). Staff unlock the unit's kits with it; keep it
   * out of the repository and out of the configuration file itself.
   */
  passphraseFile: z.string().min(1),
});

/** The `continuity` slice of lifeline.yaml. */
export const continuityConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Shown in every kit and viewer header. */
  hospital: z.string().min(1).max(120).default('Lifeline demo hospital'),
  /** Where unit passphrase files may be dropped and the demo EHR keeps its key. Default: beside the database. */
  dataDir: z.string().min(1).optional(),
  sources: z.array(fhirSourceSchema).default([]),
  /** HL7 v2 ADT over MLLP for the live census. */
  mllp: z
    .strictObject({
      enabled: z.boolean().default(false),
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(2575),
      tls: z
        .strictObject({
          certFile: z.string().min(1),
          keyFile: z.string().min(1),
          /** With it, senders must present a client certificate this CA signed (mutual TLS). */
          caFile: z.string().min(1).optional(),
        })
        .optional(),
      /**
       * Sending applications or facilities (MSH-3 or MSH-4) whose messages are accepted; others are
       * refused (AR). Empty accepts any sender that can reach the port: restrict the port then.
       */
      senders: z.array(z.string().min(1).max(180)).default([]),
    })
    .prefault({}),
  units: z.array(unitSchema).default([]),
  /** A whole-site summary kit (every known patient); unlocked by its own passphrase file. */
  site: z.strictObject({ passphraseFile: z.string().min(1) }).optional(),
  kits: z
    .strictObject({
      fullSchedule: cron.default('*/15 * * * *'),
      deltaSchedule: cron.default('* * * * *'),
      /** PBKDF2 iterations for passphrase unlock; OWASP's 2023 advice for PBKDF2-SHA256 is 600,000. */
      iterations: z.number().int().min(100_000).max(10_000_000).default(600_000),
      /**
       * The Ed25519 key (PKCS#8 PEM) that signs kits. Without it one is generated once and kept in
       * the database, shared by every serving node.
       */
      signingKeyFile: z.string().min(1).optional(),
      /** Kits kept per scope on the server, newest first; devices keep their own few. */
      keep: z.number().int().min(2).max(500).default(20),
    })
    .prefault({}),
  devices: z
    .strictObject({
      /** A device whose newest kit is older than this raises an alert. */
      staleAfterMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(30),
    })
    .prefault({}),
});

export type ContinuityConfig = z.infer<typeof continuityConfigSchema>;
export type FhirSourceConfig = z.infer<typeof fhirSourceSchema>;
export type UnitConfig = z.infer<typeof unitSchema>;
