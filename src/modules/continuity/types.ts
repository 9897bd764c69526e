/**
 * The clinical continuity module's shared vocabulary: what a downtime kit holds for each patient, the
 * census that ADT messages keep current, and the kit's payload. Every sub-room (fhir, hl7, ehr, kit,
 * reconcile, the viewer) speaks these shapes, so they stay free of any FHIR or HL7 wire detail.
 *
 * Times are ISO 8601 strings with an offset (`2026-11-26T08:00:00Z`); dates are `YYYY-MM-DD`.
 */

/** A coded concept reduced to what a clinician reads, keeping the code for matching and reconciling. */
export interface KitCode {
  text: string;
  system?: string;
  code?: string;
}

export interface KitLocation {
  unit: string;
  room: string | null;
  bed: string | null;
}

export interface KitCondition {
  id: string;
  code: KitCode;
  /** active, recurrence, relapse, inactive, remission, resolved (FHIR clinicalStatus). */
  status: string | null;
  onset: string | null;
}

export interface KitAllergy {
  id: string;
  substance: KitCode;
  /** allergy | intolerance */
  type: string | null;
  /** low | high | unable-to-assess */
  criticality: string | null;
  reactions: string[];
  status: string | null;
}

export interface KitMedication {
  id: string;
  medication: KitCode;
  /** Free text a nurse can act on: "500 mg orally every 8 hours". */
  dosage: string | null;
  status: string | null;
  /** statement: the patient takes it (IPS medication summary); order: an active inpatient order. */
  kind: 'statement' | 'order';
  start: string | null;
}

/** One line of the medication administration record, past (given, not given) or planned. */
export interface KitAdministration {
  /** The MedicationRequest it belongs to, when known. */
  orderId: string | null;
  medication: KitCode;
  dose: string | null;
  route: string | null;
  /** given/not-done for past lines (from MedicationAdministration), planned for scheduled doses. */
  status: 'given' | 'not-given' | 'planned';
  at: string;
  by: string | null;
}

export interface KitImmunization {
  id: string;
  vaccine: KitCode;
  date: string | null;
  status: string | null;
}

export interface KitObservation {
  id: string;
  code: KitCode;
  /** The value as displayed: "7.2 mmol/L", "120/80 mmHg", "positive". */
  value: string;
  at: string | null;
  /** Interpretation flag when the source gives one: H, L, A, HH, LL, N. */
  flag: string | null;
}

export interface KitProcedure {
  id: string;
  code: KitCode;
  status: string | null;
  /** Performed time for done procedures, planned time for scheduled ones. */
  at: string | null;
}

export interface KitAppointment {
  id: string;
  description: string;
  start: string;
  end: string | null;
  status: string | null;
  location: string | null;
}

/** Everything a downtime kit holds for one patient. Empty arrays mean "nothing recorded". */
export interface KitPatient {
  /** The patient's logical id at the source EHR. */
  id: string;
  /** Medical record number: the identifier clinicians search by. */
  mrn: string | null;
  family: string;
  given: string;
  birthDate: string | null;
  gender: string | null;
  /** Set for inpatients: where the patient lies now. */
  location: KitLocation | null;
  admittedAt: string | null;
  /** Resuscitation status as recorded ("DNR", "Full code"), when present. */
  codeStatus: string | null;
  problems: KitCondition[];
  allergies: KitAllergy[];
  medications: KitMedication[];
  /** Last 24 hours given and next 24 hours planned, ordered by time. */
  mar: KitAdministration[];
  immunizations: KitImmunization[];
  results: KitObservation[];
  vitals: KitObservation[];
  procedures: KitProcedure[];
  appointments: KitAppointment[];
  /** When the newest data about this patient was recorded at the source. */
  updatedAt: string | null;
}

export type KitScope = { kind: 'unit'; unit: string } | { kind: 'site'; site: string };

export interface KitUnit {
  name: string;
  beds: string[];
}

/** What a kit decrypts to. A delta carries only what changed since the kit named by `baseKitId`. */
export interface KitPayload {
  format: 'lifeline-kit/1';
  kitId: string;
  kind: 'full' | 'delta';
  /** For a delta: the kit it applies to. */
  baseKitId: string | null;
  scope: KitScope;
  hospital: string;
  builtAt: string;
  /** The time of the freshest source data the kit reflects; the viewer counts staleness from it. */
  dataAsOf: string;
  units: KitUnit[];
  /** A full kit: every patient. A delta: patients added or changed. */
  patients: KitPatient[];
  /** A delta: ids of patients that left the scope. */
  removedPatientIds: string[];
  /** Identifiers the viewer hands out to patients admitted during downtime, unique per kit scope. */
  downtimeIds: string[];
  /**
   * The key that signs downtime documentation made in this scope's viewer (Ed25519, PKCS#8 DER,
   * base64). Inside the encrypted payload, so only someone who can open the kit can sign with it.
   */
  documentationKey: { keyId: string; privateKeyPkcs8: string };
}

/** One ADT-driven change to the census, decoded from an HL7 v2 message. */
export interface CensusEvent {
  /** admit A01, transfer A02, discharge A03, register A04, update A08, cancel-admit A11, cancel-transfer A12, cancel-discharge A13 */
  kind:
    | 'admit'
    | 'transfer'
    | 'discharge'
    | 'register'
    | 'update'
    | 'cancel-admit'
    | 'cancel-transfer'
    | 'cancel-discharge';
  trigger: 'A01' | 'A02' | 'A03' | 'A04' | 'A08' | 'A11' | 'A12' | 'A13';
  /** MSH-10: the sender's id for the message, used to drop duplicates. */
  messageControlId: string;
  /** When it happened: EVN-6, else EVN-2, else MSH-7. */
  at: string;
  /**
   * When it was recorded (EVN-2), when that differs from `at`: a late-entered, backdated event is
   * ordered by this, so it is not mistaken for an old resend.
   */
  recordedAt?: string;
  patient: {
    mrn: string;
    family: string;
    given: string;
    birthDate: string | null;
    gender: string | null;
  };
  /** PV1-3 */
  location: KitLocation | null;
  /** PV1-6 (transfers and their cancellation) */
  priorLocation: KitLocation | null;
  /** PV1-19 */
  visitNumber: string | null;
  /** PV1-2: I inpatient, O outpatient, E emergency, … */
  patientClass: string | null;
}

/** A resource the importer refused, with why; the rest of the input proceeds. */
export interface RejectedResource {
  /** Where it was: "bundle entry 12", "line 4031". */
  position: string;
  resourceType: string | null;
  id: string | null;
  reason: string;
}
