import { afterAll, describe, expect, it } from 'vitest';
import { corporaDir } from '../../../../kernel/corpora.testkit.js';
import { bulkExport } from '../../source/bulk-export.js';
import { startTestDouble, type TestDouble } from '../double.testkit.js';
import { searchStore } from '../store/search.js';
import { EhrStore } from '../store/store.js';
import { seedFromCorpora } from './corpora.js';

const dir = corporaDir();

/** Totals over the 26 Synthea files, as the corpus README lists them. */
const SYNTHEA_TOTALS: Record<string, number> = {
  Observation: 5919,
  Immunization: 1229,
  Claim: 1200,
  Encounter: 1197,
  DiagnosticReport: 1197,
  DocumentReference: 1197,
  ExplanationOfBenefit: 1197,
  Practitioner: 1191,
  PractitionerRole: 1191,
  Organization: 1191,
  Location: 1191,
  Patient: 24,
  Condition: 24,
  Provenance: 24,
  Procedure: 3,
  MedicationRequest: 3,
  Device: 1,
};

describe.skipIf(!dir)('seeding from the corpora', () => {
  let running: TestDouble | null = null;
  afterAll(async () => running?.double.close());

  it('loads every Synthea resource, resolving conditional and urn:uuid references', async () => {
    const store = new EhrStore();
    const report = await seedFromCorpora(store, dir!, { include: ['synthea'] });
    expect(report.problems).toEqual([]);
    expect(report.files).toBe(26);
    for (const [type, total] of Object.entries(SYNTHEA_TOTALS)) expect(store.count(type), type).toBe(total);
    expect(store.count()).toBe(17979);
    const encounter = store.read('Encounter', '27693cab-a4e6-7e79-507f-cbdfe2b82e56')!;
    expect(encounter.subject).toMatchObject({ reference: 'Patient/742fc10a-c565-f636-3c05-5dcd28672194' });
    const participant = (encounter.participant as { individual: { reference: string } }[])[0]!;
    expect(participant.individual.reference).toMatch(/^Practitioner\/[\w-]+$/);
    expect(store.version('Practitioner', participant.individual.reference.split('/')[1]!)).not.toBeNull();
    expect(
      searchStore(store, 'Observation', [['patient', '742fc10a-c565-f636-3c05-5dcd28672194']]).length,
    ).toBeGreaterThan(0);
  });

  it('loads the IPS documents and exports everything through Bulk Data', async () => {
    const store = new EhrStore();
    const report = await seedFromCorpora(store, dir!);
    expect(report.problems).toEqual([]);
    // The four IPS patients join the Synthea ones; the minimal bundle appears twice and is updated, not doubled.
    expect(store.count('Patient')).toBe(28);
    expect(store.version('Patient', '7685713c-e29e-4a75-8a90-45be7ba3be94')?.versionId).toBe(2);
    const allergy = store.read('AllergyIntolerance', 'fe2769fd-22c9-4307-9122-ee0466e5aebb')!;
    expect(allergy.patient).toMatchObject({ reference: 'Patient/7685713c-e29e-4a75-8a90-45be7ba3be94' });

    running = await startTestDouble({ store });
    const run = bulkExport({
      baseUrl: running.double.url,
      auth: running.auth(),
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
    });
    const counts: Record<string, number> = {};
    for await (const resource of run)
      counts[resource.resourceType] = (counts[resource.resourceType] ?? 0) + 1;
    for (const type of store.types()) expect(counts[type], type).toBe(store.count(type));
    for (const type of [
      'Claim',
      'Encounter',
      'DiagnosticReport',
      'ExplanationOfBenefit',
      'Location',
      'Provenance',
      'Device',
    ]) {
      expect(counts[type], type).toBe(SYNTHEA_TOTALS[type]);
    }
    expect(run.resourceCount).toBe(store.count());
    expect(run.rejected).toEqual([]);
  });

  it('reports a missing corpus folder as CONTINUITY_EHR_SEED_FAILED', async () => {
    await expect(seedFromCorpora(new EhrStore(), '/nonexistent-corpora')).rejects.toMatchObject({
      code: 'CONTINUITY_EHR_SEED_FAILED',
    });
  });
});
