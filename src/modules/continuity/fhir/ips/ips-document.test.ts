import { describe, expect, it } from 'vitest';
import { SUBJECT, medicationRequest, observation, patient, vitalSign } from '../fixtures.testkit.js';
import { type JsonObject, asArray, isObject } from '../resource.js';
import { validateResource } from '../validate/validate.js';
import { ipsDocument } from './ips-document.js';

const now = new Date('2026-11-26T09:30:00Z');
const SECTION_CODES = ['11450-4', '48765-2', '10160-0', '11369-6', '30954-2', '47519-4', '8716-3'];

function entriesOf(bundle: JsonObject): { fullUrl: string; resource: JsonObject }[] {
  return asArray(bundle.entry) as { fullUrl: string; resource: JsonObject }[];
}

function sectionsOf(bundle: JsonObject): JsonObject[] {
  return asArray(entriesOf(bundle)[0]?.resource.section).filter(isObject);
}

const sectionCode = (section: JsonObject) => (section.code as { coding: { code: string }[] }).coding[0]?.code;

describe('ipsDocument', () => {
  const resources = [
    patient(),
    { resourceType: 'Medication', id: 'm1', code: { text: 'Anastrozole 1 mg tablet' } },
    {
      resourceType: 'MedicationStatement',
      id: 's1',
      status: 'active',
      subject: SUBJECT,
      medicationReference: { reference: 'Medication/m1' },
    },
    medicationRequest(),
    {
      resourceType: 'AllergyIntolerance',
      id: 'a1',
      patient: SUBJECT,
      code: { text: 'Penicillin <high risk>' },
    },
    { resourceType: 'Condition', id: 'c1', subject: SUBJECT, code: { text: 'Asthma' } },
    observation(),
    vitalSign('hr', '2026-11-26T08:00:00Z'),
  ];

  it('builds a document Bundle whose every entry passes validation, with the Composition first', () => {
    const bundle = ipsDocument(resources, { now, authorDisplay: 'Dr B. Claes' });
    expect(validateResource(bundle)).toMatchObject({ ok: true });
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'document',
      timestamp: '2026-11-26T09:30:00.000Z',
      identifier: { system: 'urn:ietf:rfc:3986' },
    });
    for (const entry of entriesOf(bundle)) {
      expect(entry.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(validateResource(entry.resource)).toMatchObject({ ok: true });
    }
    const composition = entriesOf(bundle)[0]?.resource;
    expect(composition).toMatchObject({
      resourceType: 'Composition',
      status: 'final',
      type: { coding: [{ system: 'http://loinc.org', code: '60591-5' }] },
      author: [{ display: 'Dr B. Claes' }],
      date: '2026-11-26T09:30:00.000Z',
    });
    expect(new Set(entriesOf(bundle).map((entry) => entry.fullUrl)).size).toBe(entriesOf(bundle).length);
  });

  it('has every IPS section, citing included resources or giving an empty reason', () => {
    const bundle = ipsDocument(resources, { now, authorDisplay: 'Dr B. Claes' });
    const sections = sectionsOf(bundle);
    expect(sections.map(sectionCode)).toEqual(SECTION_CODES);
    const urls = new Map(entriesOf(bundle).map((entry) => [entry.fullUrl, entry.resource]));
    const cited = (code: string) =>
      asArray(sections.find((section) => sectionCode(section) === code)?.entry).map(
        (entry) => urls.get((entry as { reference: string }).reference)?.id,
      );
    expect(cited('11450-4')).toEqual(['c1']);
    expect(cited('48765-2')).toEqual(['a1']);
    expect(cited('10160-0')).toEqual(['s1', 'order1']);
    expect(cited('30954-2')).toEqual(['obs1']);
    expect(cited('8716-3')).toEqual(['hr']);
    for (const code of ['11369-6', '47519-4']) {
      const empty = sections.find((section) => sectionCode(section) === code);
      expect(empty?.entry).toBeUndefined();
      expect(empty?.emptyReason).toMatchObject({ coding: [{ code: 'unavailable' }] });
    }
    const allergies = sections.find((section) => sectionCode(section) === '48765-2');
    expect((allergies?.text as { div: string }).div).toContain('Penicillin &lt;high risk&gt;');
  });

  it('includes referenced Medications and points references at the document’s own entries', () => {
    const bundle = ipsDocument(resources, { now, authorDisplay: 'Dr B. Claes' });
    const byId = new Map(entriesOf(bundle).map((entry) => [entry.resource.id, entry]));
    const patientUrl = byId.get('p1')?.fullUrl;
    expect(entriesOf(bundle)[0]?.resource.subject).toEqual({ reference: patientUrl });
    expect(byId.get('s1')?.resource.subject).toEqual({ reference: patientUrl });
    expect(byId.get('s1')?.resource.medicationReference).toEqual({ reference: byId.get('m1')?.fullUrl });
    expect(resources[2]?.subject).toEqual(SUBJECT);
  });

  it('states every section empty for a patient with no records, and refuses input without a Patient', () => {
    const bundle = ipsDocument([patient()], { now, authorDisplay: 'Dr B. Claes' });
    expect(sectionsOf(bundle).map((section) => section.emptyReason !== undefined)).toEqual(
      SECTION_CODES.map(() => true),
    );
    expect(entriesOf(bundle)).toHaveLength(2);
    expect(() => ipsDocument([observation()], { now, authorDisplay: 'x' })).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_FHIR_PATIENT_MISSING' }),
    );
  });
});
