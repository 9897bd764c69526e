/**
 * Per-type element rules for the resources kits read. `required` lists elements with R4 cardinality
 * 1..1 or 1..* that the projection relies on; `elements` gives the expected shape of an element when
 * present. Status codes use required bindings, so an unknown code is a malformed resource, not a variant.
 */
export type ElementKind =
  | 'object'
  | 'list'
  | 'string'
  | 'date'
  | 'dateTime'
  | 'instant'
  | { codes: ReadonlySet<string> }
  /** A choice element `name[x]`: any `nameSomeType` key satisfies it. */
  | 'choice';

export interface TypeRule {
  required: readonly string[];
  elements: Readonly<Record<string, ElementKind>>;
}

const codes = (...values: string[]): { codes: ReadonlySet<string> } => ({ codes: new Set(values) });

const REQUEST_INTENT = codes(
  'proposal',
  'plan',
  'directive',
  'order',
  'original-order',
  'reflex-order',
  'filler-order',
  'instance-order',
  'option',
);

export const TYPE_RULES: Readonly<Record<string, TypeRule>> = {
  Patient: {
    required: [],
    elements: {
      identifier: 'list',
      name: 'list',
      birthDate: 'date',
      gender: codes('male', 'female', 'other', 'unknown'),
    },
  },
  Observation: {
    required: ['status', 'code'],
    elements: {
      status: codes(
        'registered',
        'preliminary',
        'final',
        'amended',
        'corrected',
        'cancelled',
        'entered-in-error',
        'unknown',
      ),
      code: 'object',
      subject: 'object',
      category: 'list',
      component: 'list',
      interpretation: 'list',
      issued: 'instant',
    },
  },
  Condition: {
    required: ['subject'],
    elements: {
      subject: 'object',
      code: 'object',
      clinicalStatus: 'object',
      verificationStatus: 'object',
      recordedDate: 'dateTime',
    },
  },
  AllergyIntolerance: {
    required: ['patient'],
    elements: {
      patient: 'object',
      code: 'object',
      type: codes('allergy', 'intolerance'),
      criticality: codes('low', 'high', 'unable-to-assess'),
      reaction: 'list',
      recordedDate: 'dateTime',
    },
  },
  MedicationStatement: {
    required: ['status', 'medication[x]', 'subject'],
    elements: {
      status: codes(
        'active',
        'completed',
        'entered-in-error',
        'intended',
        'stopped',
        'on-hold',
        'unknown',
        'not-taken',
      ),
      'medication[x]': 'choice',
      subject: 'object',
      dosage: 'list',
      dateAsserted: 'dateTime',
    },
  },
  MedicationRequest: {
    required: ['status', 'intent', 'medication[x]', 'subject'],
    elements: {
      status: codes(
        'active',
        'on-hold',
        'cancelled',
        'completed',
        'entered-in-error',
        'stopped',
        'draft',
        'unknown',
      ),
      intent: REQUEST_INTENT,
      'medication[x]': 'choice',
      subject: 'object',
      dosageInstruction: 'list',
      authoredOn: 'dateTime',
    },
  },
  MedicationAdministration: {
    required: ['status', 'medication[x]', 'subject', 'effective[x]'],
    elements: {
      status: codes(
        'in-progress',
        'not-done',
        'on-hold',
        'completed',
        'entered-in-error',
        'stopped',
        'unknown',
      ),
      'medication[x]': 'choice',
      subject: 'object',
      'effective[x]': 'choice',
      request: 'object',
      dosage: 'object',
      performer: 'list',
    },
  },
  Medication: { required: [], elements: { code: 'object' } },
  Immunization: {
    required: ['status', 'vaccineCode', 'patient', 'occurrence[x]'],
    elements: {
      status: codes('completed', 'entered-in-error', 'not-done'),
      vaccineCode: 'object',
      patient: 'object',
      'occurrence[x]': 'choice',
      recorded: 'dateTime',
      expirationDate: 'date',
    },
  },
  Procedure: {
    required: ['status', 'subject'],
    elements: {
      status: codes(
        'preparation',
        'in-progress',
        'not-done',
        'on-hold',
        'stopped',
        'completed',
        'entered-in-error',
        'unknown',
      ),
      subject: 'object',
      code: 'object',
    },
  },
  Encounter: {
    required: ['status', 'class'],
    elements: {
      status: codes(
        'planned',
        'arrived',
        'triaged',
        'in-progress',
        'onleave',
        'finished',
        'cancelled',
        'entered-in-error',
        'unknown',
      ),
      class: 'object',
      subject: 'object',
      location: 'list',
      period: 'object',
    },
  },
  Appointment: {
    required: ['status', 'participant'],
    elements: {
      status: codes(
        'proposed',
        'pending',
        'booked',
        'arrived',
        'fulfilled',
        'cancelled',
        'noshow',
        'entered-in-error',
        'checked-in',
        'waitlist',
      ),
      participant: 'list',
      start: 'instant',
      end: 'instant',
      created: 'dateTime',
    },
  },
  ServiceRequest: {
    required: ['status', 'intent', 'subject'],
    elements: {
      status: codes('draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'),
      intent: REQUEST_INTENT,
      subject: 'object',
      category: 'list',
      code: 'object',
      authoredOn: 'dateTime',
    },
  },
  Location: { required: [], elements: { name: 'string' } },
  Organization: { required: [], elements: { name: 'string' } },
  Practitioner: { required: [], elements: { name: 'list' } },
  PractitionerRole: { required: [], elements: { practitioner: 'object', organization: 'object' } },
  Composition: {
    required: ['status', 'type', 'date', 'author', 'title'],
    elements: {
      status: codes('preliminary', 'final', 'amended', 'entered-in-error'),
      type: 'object',
      subject: 'object',
      date: 'dateTime',
      author: 'list',
      title: 'string',
      section: 'list',
    },
  },
  DiagnosticReport: {
    required: ['status', 'code'],
    elements: {
      status: codes(
        'registered',
        'partial',
        'preliminary',
        'final',
        'amended',
        'corrected',
        'appended',
        'cancelled',
        'entered-in-error',
        'unknown',
      ),
      code: 'object',
      subject: 'object',
      issued: 'instant',
      result: 'list',
    },
  },
  DocumentReference: {
    required: ['status', 'content'],
    elements: {
      status: codes('current', 'superseded', 'entered-in-error'),
      content: 'list',
      subject: 'object',
      date: 'instant',
      type: 'object',
    },
  },
  AuditEvent: {
    required: ['type', 'recorded', 'agent', 'source'],
    elements: { type: 'object', recorded: 'instant', agent: 'list', source: 'object', entity: 'list' },
  },
  Bundle: {
    required: ['type'],
    elements: {
      type: codes(
        'document',
        'message',
        'transaction',
        'transaction-response',
        'batch',
        'batch-response',
        'history',
        'searchset',
        'collection',
      ),
      identifier: 'object',
      timestamp: 'instant',
      entry: 'list',
    },
  },
};
