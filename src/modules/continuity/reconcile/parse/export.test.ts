import { describe, expect, it } from 'vitest';
import { generateDocumentationKey } from '../../kit/index.js';
import type { FhirResource } from '../../fhir/index.js';
import { IDS, OPENING, documentedEntries, exported, stateOf } from '../reconcile.testkit.js';
import { MAX_ENTRIES, readExport } from './export.js';

const key = generateDocumentationKey('doc-icu-test');
const EXPORT_ID = 'e2000000-0000-4000-8000-000000000001';

type Entry = { fullUrl: string; resource: Record<string, any> };

async function viewerBundle(): Promise<FhirResource & { entry: Entry[] }> {
  return (await exported(stateOf(documentedEntries()), key, EXPORT_ID)) as FhirResource & { entry: Entry[] };
}

describe('reading a downtime documentation bundle', () => {
  it('reads every kind the viewer exports, with what a reviewer reads', async () => {
    const parsed = readExport(await viewerBundle());
    expect(parsed).toMatchObject({
      exportId: EXPORT_ID,
      exportedAt: '2026-11-26T08:45:00.000Z',
      exportedBy: 'RN Smet',
      rejected: [],
    });
    expect(parsed.items.map((item) => [item.kind, item.downtimeId, item.subject])).toEqual([
      ['admission', IDS.newPatient, `urn:uuid:${IDS.newPatient}`],
      ['admission', IDS.knownPatient, `urn:uuid:${IDS.knownPatient}`],
      ['vital-signs', IDS.heartRate, 'Patient/p1'],
      ['vital-signs', IDS.bloodPressure, 'Patient/p1'],
      ['medication-administration', IDS.dose, 'Patient/p1'],
      ['note', IDS.note, 'Patient/p1'],
      ['note', IDS.newNote, `urn:uuid:${IDS.newPatient}`],
      ['vital-signs', IDS.knownPulse, `urn:uuid:${IDS.knownPatient}`],
    ]);
    const summaries = Object.fromEntries(parsed.items.map((item) => [item.downtimeId, item.summary]));
    expect(summaries[IDS.bloodPressure]).toBe('Blood pressure 120/80 mmHg');
    expect(summaries[IDS.dose]).toBe('Ceftriaxone 1 g IV: given');
    expect(summaries[IDS.note]).toBe('Note: Restless at night; family informed.');
    expect(summaries[IDS.newPatient]).toBe(
      'Admitted during downtime as DT-ICU-0001: Nieuw, Noor Anna, born 1990-01-02, female; ICU / 2 / 3',
    );
    const admission = parsed.items.find((item) => item.downtimeId === IDS.newPatient);
    expect(admission?.resources.map((resource) => resource.resourceType)).toEqual(['Patient', 'Encounter']);
    expect(admission?.recordedAt).toBe('2026-11-26T07:30:00.000Z');
    expect(parsed.openings).toEqual([
      { uuid: OPENING.uuid, at: OPENING.at, by: 'Dr Maes', kitId: 'kit-icu-1', patient: 'p1' },
    ]);
  });

  it('lists each malformed entry with its position and reason and keeps the rest', async () => {
    const bundle = await viewerBundle();
    const entries = bundle.entry;
    const at = (uuid: string) => entries.findIndex((entry) => entry.fullUrl === `urn:uuid:${uuid}`);
    entries[at(IDS.heartRate)]!.resource.identifier = [];
    entries[at(IDS.bloodPressure)]!.resource.code.coding[0].code = '1234-5';
    entries[at(IDS.dose)]!.resource.status = 'in-progress';
    entries[at(IDS.note)]!.resource.content[0].attachment.data = '%%%';
    entries[at(IDS.newNote)]!.resource.subject = { reference: 'Practitioner/x' };
    // The Patient of the second admission is gone: its Encounter has nothing to belong to.
    entries.splice(at(IDS.knownPatient), 1);
    entries.push({ fullUrl: 'urn:uuid:not-a-uuid', resource: { resourceType: 'Observation' } });
    entries.push({ fullUrl: `urn:uuid:${IDS.dose}`, resource: entries[at(IDS.dose)]!.resource });
    entries.push({
      fullUrl: 'urn:uuid:00000000-0000-4000-8000-00000000aaaa',
      resource: { resourceType: 'Condition' },
    });
    (entries as unknown[]).push('not an entry');

    const parsed = readExport(bundle);
    expect(parsed.items.map((item) => item.downtimeId)).toEqual([IDS.newPatient, IDS.knownPulse]);
    expect(parsed.rejected.map((rejection) => rejection.reason)).toEqual([
      'Encounter.subject is not an admitted patient of the bundle',
      'identifier urn:lifeline:downtime is missing or not a uuid',
      'Observation.code is not a vital sign the viewer records',
      'MedicationAdministration.status is neither completed nor not-done',
      'DocumentReference attachment data is not base64',
      'subject is not a Patient reference',
      'Bundle.entry.fullUrl is not a urn:uuid',
      'the same fullUrl appears twice in the bundle',
      'the resource type is not downtime documentation',
      'the entry is not an object',
    ]);
    expect(parsed.rejected.slice(0, 2)).toMatchObject([
      { position: 'bundle entry 2', resourceType: 'Encounter' },
      { position: 'bundle entry 3', resourceType: 'Observation' },
    ]);
    expect(JSON.stringify(parsed.rejected)).not.toMatch(/Nieuw|Restless|Ceftriaxone/);
  });

  it('refuses a file that is no downtime export as a whole', async () => {
    const bundle = await viewerBundle();
    expect(() => readExport([])).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_RECONCILE_BUNDLE_INVALID' }),
    );
    expect(() => readExport({ ...bundle, type: 'transaction' })).toThrow(/Bundle.type is not collection/);
    expect(() => readExport({ ...bundle, identifier: { system: 'urn:other', value: 'x' } })).toThrow(
      /downtime export id/,
    );
    expect(() => readExport({ ...bundle, entry: {} })).toThrow(/Bundle.entry is not a list/);
    expect(() => readExport({ ...bundle, entry: Array(MAX_ENTRIES + 1).fill({}) })).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_RECONCILE_BUNDLE_TOO_LARGE' }),
    );
    expect(readExport({ ...bundle, entry: undefined }).items).toEqual([]);
  });
});
