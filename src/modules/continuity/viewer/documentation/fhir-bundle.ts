import type {
  DocumentationEntry,
  DocumentationState,
  DocumentedSubject,
  RecordOpening,
  VitalReading,
} from './entries.js';
import {
  DOWNTIME_EXPORT_SYSTEM,
  DOWNTIME_ID_SYSTEM,
  DOWNTIME_SYSTEM,
  KIT_SYSTEM,
  LOINC,
  UCUM,
  type FhirResource,
} from './fhir-resource.js';
import { BLOOD_PRESSURE, VITAL_SIGNS } from './vital-signs.js';

/**
 * Turns what was documented in the viewer into the downtime documentation bundle of the continuity
 * contract (unsigned; signing is the kit's job). Pure: the same state and export id give the same
 * bundle, and every resource keeps the uuid it was given when it was recorded.
 */

export interface BundleContext {
  exportId: string;
  timestamp: string;
  hospital: string;
}

type Entry = { fullUrl: string; resource: FhirResource };

function downtimeIdentifier(uuid: string) {
  return [{ system: DOWNTIME_SYSTEM, value: uuid }];
}

function reference(subject: DocumentedSubject) {
  return subject.kind === 'kit'
    ? { reference: `Patient/${subject.patientId}` }
    : { reference: `urn:uuid:${subject.patientUuid}` };
}

function loinc(code: string, display: string) {
  return { coding: [{ system: LOINC, code, display }], text: display };
}

function quantity(value: number, unit: string, code: string) {
  return { value, unit, system: UCUM, code };
}

const VITAL_SIGNS_CATEGORY = [
  {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/observation-category',
        code: 'vital-signs',
        display: 'Vital Signs',
      },
    ],
  },
];

function vitalObservation(reading: VitalReading, base: Record<string, unknown>): FhirResource {
  const common = {
    resourceType: 'Observation',
    identifier: downtimeIdentifier(reading.uuid),
    status: 'final',
    category: VITAL_SIGNS_CATEGORY,
    ...base,
  };
  if (reading.vital === 'blood-pressure') {
    const { panel, systolic, diastolic } = BLOOD_PRESSURE;
    return {
      ...common,
      code: loinc(panel.loinc, panel.display),
      component: [
        {
          code: loinc(systolic.loinc, systolic.display),
          valueQuantity: quantity(reading.systolic, systolic.unit, systolic.ucum),
        },
        {
          code: loinc(diastolic.loinc, diastolic.display),
          valueQuantity: quantity(reading.diastolic, diastolic.unit, diastolic.ucum),
        },
      ],
    };
  }
  const definition = VITAL_SIGNS[reading.vital];
  return {
    ...common,
    code: loinc(definition.loinc, definition.display),
    valueQuantity: quantity(reading.value, definition.unit, definition.ucum),
  };
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function locationDisplay(location: { unit: string; room: string | null; bed: string | null }): string {
  return [location.unit, location.room ?? '', location.bed ?? ''].join(' / ');
}

function entryResources(entry: DocumentationEntry): Entry[] {
  const at = (uuid: string, resource: FhirResource): Entry => ({ fullUrl: `urn:uuid:${uuid}`, resource });
  switch (entry.kind) {
    case 'vitals': {
      const base = {
        subject: reference(entry.subject),
        effectiveDateTime: entry.at,
        issued: entry.recordedAt,
        performer: [{ display: entry.by }],
      };
      return entry.readings.map((reading) => at(reading.uuid, vitalObservation(reading, base)));
    }
    case 'medication':
      return [
        at(entry.id, {
          resourceType: 'MedicationAdministration',
          identifier: downtimeIdentifier(entry.id),
          status: entry.given ? 'completed' : 'not-done',
          ...(entry.given || entry.reason === null ? {} : { statusReason: [{ text: entry.reason }] }),
          medicationCodeableConcept: {
            ...(entry.medication.code === undefined
              ? {}
              : {
                  coding: [
                    {
                      ...(entry.medication.system === undefined ? {} : { system: entry.medication.system }),
                      code: entry.medication.code,
                    },
                  ],
                }),
            text: entry.medication.text,
          },
          subject: reference(entry.subject),
          effectiveDateTime: entry.at,
          performer: [{ actor: { display: entry.by } }],
          ...(entry.orderId === null ? {} : { request: { reference: `MedicationRequest/${entry.orderId}` } }),
          ...(entry.dosage === null ? {} : { dosage: { text: entry.dosage } }),
        }),
      ];
    case 'note':
      return [
        at(entry.id, {
          resourceType: 'DocumentReference',
          identifier: downtimeIdentifier(entry.id),
          status: 'current',
          type: loinc('11506-3', 'Progress note'),
          subject: reference(entry.subject),
          date: entry.at,
          author: [{ display: entry.by }],
          content: [{ attachment: { contentType: 'text/plain', data: base64Utf8(entry.text) } }],
        }),
      ];
    case 'admission':
      return [
        at(entry.patientUuid, {
          resourceType: 'Patient',
          identifier: [
            { system: DOWNTIME_ID_SYSTEM, value: entry.downtimeId },
            ...downtimeIdentifier(entry.patientUuid),
          ],
          name: [
            { family: entry.family, ...(entry.given === '' ? {} : { given: entry.given.split(/\s+/) }) },
          ],
          ...(entry.gender === null ? {} : { gender: entry.gender }),
          ...(entry.birthDate === null ? {} : { birthDate: entry.birthDate }),
        }),
        at(entry.encounterUuid, {
          resourceType: 'Encounter',
          identifier: downtimeIdentifier(entry.encounterUuid),
          status: 'in-progress',
          class: {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
            code: 'IMP',
            display: 'inpatient encounter',
          },
          subject: { reference: `urn:uuid:${entry.patientUuid}` },
          period: { start: entry.at },
          location: [{ location: { display: locationDisplay(entry.location) } }],
        }),
      ];
  }
}

function openingEvent(opening: RecordOpening, hospital: string): Entry {
  return {
    fullUrl: `urn:uuid:${opening.uuid}`,
    resource: {
      resourceType: 'AuditEvent',
      type: {
        system: 'http://dicom.nema.org/resources/ontology/DCM',
        code: '110110',
        display: 'Patient Record',
      },
      action: 'R',
      recorded: opening.at,
      outcome: '0',
      agent: [{ who: { display: opening.by }, requestor: true }],
      source: { site: hospital, observer: { display: 'Lifeline offline viewer' } },
      entity: [
        { what: { identifier: { system: KIT_SYSTEM, value: opening.kitId } } },
        { what: reference(opening.subject) },
      ],
    },
  };
}

export function buildDocumentationBundle(state: DocumentationState, context: BundleContext): FhirResource {
  // Admissions first, so a reader meets each new patient before what was documented about them.
  const ordered = [...state.entries].sort(
    (a, b) => Number(b.kind === 'admission') - Number(a.kind === 'admission'),
  );
  return {
    resourceType: 'Bundle',
    identifier: { system: DOWNTIME_EXPORT_SYSTEM, value: context.exportId },
    type: 'collection',
    timestamp: context.timestamp,
    entry: [
      ...ordered.flatMap(entryResources),
      ...state.openings.map((opening) => openingEvent(opening, context.hospital)),
    ],
  };
}
