import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../../kernel/db/testkit.js';
import type { ItemView } from './types.js';
import { ADMIN, IDS, documentedEntries, downtimeResources, exported, stateOf } from './reconcile.testkit.js';
import { type World, openWorld } from './world.testkit.js';

const EXPORT_1 = 'e1000000-0000-4000-8000-000000000001';
const EXPORT_2 = 'e1000000-0000-4000-8000-000000000002';

function byDowntimeId(items: ItemView[], downtimeId: string): ItemView {
  const found = items.find((item) => item.downtimeId === downtimeId);
  if (!found) throw new Error(`no item ${downtimeId}`);
  return found;
}

for (const engine of testEngines()) {
  describe(`reconciling downtime documentation on ${engine.engine}`, () => {
    let world: World;
    beforeAll(async () => {
      world = await openWorld(engine);
    });
    afterAll(async () => {
      await world.close();
    });

    it('imports a signed viewer export as pending items, matched to the EHR with its conflicts', async () => {
      const bundle = await exported(stateOf(documentedEntries()), world.documentationKey, EXPORT_1);
      const result = await world.reconcile.importBundle(bundle, ADMIN);
      expect(result).toMatchObject({
        created: true,
        import: {
          exportId: EXPORT_1,
          keyId: world.documentationKey.keyId,
          importedBy: 'admin',
          items: 8,
          duplicates: 0,
          openings: 1,
          rejected: [],
        },
      });

      const items = await world.reconcile.items();
      expect(items.map((item) => item.status)).toEqual(Array(8).fill('pending'));
      const pulse = byDowntimeId(items, IDS.heartRate);
      expect(pulse).toMatchObject({
        kind: 'vital-signs',
        summary: 'Heart rate 88 /min',
        recordedAt: '2026-11-26T07:55:00.000Z',
        recordedBy: 'RN Smet',
        patient: { match: 'matched', patientId: 'p1', mrn: 'MRN-1001', display: 'Peeters, Lotte' },
      });
      expect(pulse.conflicts).toEqual([
        {
          field: expect.stringContaining('Heart rate at 2026-11-26T07:55Z') as string,
          downtime: '88 /min',
          ehr: '92 /min',
        },
      ]);
      expect(byDowntimeId(items, IDS.dose).conflicts).toEqual([
        expect.objectContaining({ field: 'Dose may have been documented twice' }),
      ]);
      expect(byDowntimeId(items, IDS.note)).toMatchObject({ kind: 'note', conflicts: [] });
      expect(byDowntimeId(items, IDS.note).summary).toContain('Restless at night');

      const admitted = byDowntimeId(items, IDS.newPatient);
      expect(admitted).toMatchObject({
        kind: 'admission',
        patient: { match: 'new', display: 'Nieuw, Noor Anna', birthDate: '1990-01-02', patientId: null },
      });
      expect(admitted.conflicts).toEqual([
        {
          field: 'Bed occupied by another patient',
          downtime: 'ICU / 2 / 3',
          ehr: 'Bezet, Bert (MRN MRN-3003)',
        },
      ]);
      expect(byDowntimeId(items, IDS.newNote).patient.match).toBe('new');

      // Janssens was registered in the EHR meanwhile, with the same name and birth date.
      const known = byDowntimeId(items, IDS.knownPatient);
      expect(known.patient).toMatchObject({
        match: 'ambiguous',
        candidates: [{ patientId: 'p2', mrn: 'MRN-2002', birthDate: '1960-01-01' }],
      });
      expect(byDowntimeId(items, IDS.knownPulse).patient.match).toBe('ambiguous');

      // The viewer opening reaches the platform audit log, by ids only.
      const opened = await world.audit.list({ action: 'continuity.kit.opened' });
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({
        actor: 'viewer:Dr Maes',
        target: 'kit-icu-1',
        details: { patientId: 'p1', openedAt: '2026-11-26T07:20:00.000Z' },
      });
    });

    it('asks for the patient where the match is uncertain and audits every review', async () => {
      const items = await world.reconcile.items();
      const known = byDowntimeId(items, IDS.knownPatient);
      await expect(world.reconcile.approve(known.id, {}, ADMIN)).rejects.toMatchObject({
        code: 'CONTINUITY_RECONCILE_PATIENT_REQUIRED',
      });
      await expect(world.reconcile.approve(known.id, { patientId: 'nobody' }, ADMIN)).rejects.toMatchObject({
        code: 'CONTINUITY_RECONCILE_PATIENT_UNKNOWN',
      });
      const chosen = await world.reconcile.approve(known.id, { patientId: 'p2' }, ADMIN);
      expect(chosen).toMatchObject({ status: 'approved', patient: { match: 'matched', patientId: 'p2' } });
      // What was documented about the downtime patient now follows the choice.
      expect((await world.reconcile.item(byDowntimeId(items, IDS.knownPulse).id)).patient.patientId).toBe(
        'p2',
      );

      const bloodPressure = byDowntimeId(items, IDS.bloodPressure);
      const rejected = await world.reconcile.reject(bloodPressure.id, 'Cuff reading was wrong', ADMIN);
      expect(rejected).toMatchObject({ status: 'rejected', reviewReason: 'Cuff reading was wrong' });
      for (const item of items) {
        if (item.id !== known.id && item.id !== bloodPressure.id)
          await world.reconcile.approve(item.id, {}, ADMIN);
      }
      const audited = await world.audit.list({ action: 'continuity.reconcile.reject' });
      expect(audited[0]).toMatchObject({ actor: 'admin', target: bloodPressure.id });
      expect(JSON.stringify(audited[0]?.details)).not.toContain('Cuff');
      expect(await world.audit.list({ action: 'continuity.reconcile.approve' })).toHaveLength(7);
    });

    it('posts approved items once, one transaction per patient, the new patient created first', async () => {
      const result = await world.reconcile.post(ADMIN);
      expect(result).toMatchObject({ posted: 7, failed: 0 });
      const store = world.ehr.store;
      const patients = downtimeResources(store, 'Patient');
      expect(patients).toHaveLength(1);
      const created = patients[0]!;
      expect(created.identifier).toContainEqual({ system: 'urn:lifeline:downtime-id', value: 'DT-ICU-0001' });
      const notes = downtimeResources(store, 'DocumentReference');
      expect(notes.map((note) => (note.subject as { reference: string }).reference).sort()).toEqual(
        [`Patient/${created.id}`, 'Patient/p1'].sort(),
      );
      const encounters = downtimeResources(store, 'Encounter');
      expect(
        encounters.map((encounter) => (encounter.subject as { reference: string }).reference).sort(),
      ).toEqual([`Patient/${created.id}`, 'Patient/p2'].sort());
      expect(downtimeResources(store, 'Observation')).toHaveLength(2);
      expect(downtimeResources(store, 'MedicationAdministration')).toHaveLength(1);

      const items = await world.reconcile.items({ status: 'posted' });
      expect(items).toHaveLength(7);
      expect(byDowntimeId(items, IDS.newNote).patient).toMatchObject({
        match: 'matched',
        patientId: created.id,
      });
      expect((await world.reconcile.items({ status: 'rejected' })).map((item) => item.downtimeId)).toEqual([
        IDS.bloodPressure,
      ]);
    });

    it('takes a repeated export as a no-op and posts nothing new', async () => {
      const before = world.ehr.store.count();
      const bundle = await exported(stateOf(documentedEntries()), world.documentationKey, EXPORT_1);
      const again = await world.reconcile.importBundle(bundle, ADMIN);
      const first = (await world.reconcile.imports()).find((record) => record.exportId === EXPORT_1);
      expect(again).toMatchObject({ created: false, import: { id: first?.id, items: 8, openings: 1 } });
      expect(await world.reconcile.post(ADMIN)).toEqual({ posted: 0, failed: 0, items: [] });
      expect(world.ehr.store.count()).toBe(before);
      expect(await world.audit.list({ action: 'continuity.kit.opened' })).toHaveLength(1);
    });

    it('keeps what the EHR refused as failed and retryable, posting the rest, and never twice', async () => {
      // A later export repeats everything and adds a note for p1 and a pulse for p2.
      const later = [
        ...documentedEntries(),
        {
          kind: 'note' as const,
          id: IDS.laterNote,
          recordedAt: '2026-11-26T08:50:00.000Z',
          by: 'Dr Maes',
          exportedIn: null,
          subject: { kind: 'kit' as const, patientId: 'p1' },
          at: '2026-11-26T08:50:00.000Z',
          text: 'Seen on rounds.',
        },
        {
          kind: 'vitals' as const,
          id: IDS.laterPulse,
          recordedAt: '2026-11-26T08:51:00.000Z',
          by: 'RN Smet',
          exportedIn: null,
          subject: { kind: 'downtime' as const, patientUuid: IDS.knownPatient },
          at: '2026-11-26T08:51:00.000Z',
          readings: [{ vital: 'heart-rate' as const, uuid: IDS.laterPulse, value: 75 }],
        },
      ];
      const result = await world.reconcile.importBundle(
        await exported(stateOf(later), world.documentationKey, EXPORT_2),
        ADMIN,
      );
      expect(result).toMatchObject({ created: true, import: { items: 2, duplicates: 8, openings: 0 } });
      for (const item of await world.reconcile.items({ status: 'pending' }))
        await world.reconcile.approve(item.id, {}, ADMIN);

      world.ehr.double.faults.refuseEntry = (resource) => resource.resourceType === 'DocumentReference';
      const refused = await world.reconcile.post(ADMIN);
      world.ehr.double.faults.refuseEntry = null;
      expect(refused).toMatchObject({ posted: 1, failed: 1 });
      const failed = refused.items.find((item) => item.status === 'failed');
      expect(failed).toMatchObject({ downtimeId: IDS.laterNote });
      expect(failed?.error).toMatch(/^The EHR refused the transaction \(HTTP 422, business-rule\)/);
      expect(failed?.error).not.toMatch(/Seen on rounds|Peeters/);
      expect(downtimeResources(world.ehr.store, 'DocumentReference')).toHaveLength(2);

      const retried = await world.reconcile.post(ADMIN);
      expect(retried).toMatchObject({
        posted: 1,
        failed: 0,
        items: [{ downtimeId: IDS.laterNote, error: null }],
      });
      expect(downtimeResources(world.ehr.store, 'DocumentReference')).toHaveLength(3);
      expect(downtimeResources(world.ehr.store, 'Observation')).toHaveLength(3);
    });

    it('posts nothing twice even when its own record of what was posted is lost', async () => {
      const before = world.ehr.store.count();
      for (const item of await world.reconcile.store.items({ statuses: ['posted'] }))
        await world.reconcile.store.update(item.id, {
          status: 'approved',
          ehrReferences: [],
          postedAt: null,
        });
      const result = await world.reconcile.post(ADMIN);
      expect(result.failed).toBe(0);
      expect(result.posted).toBe(9);
      expect(world.ehr.store.count()).toBe(before);
      expect(downtimeResources(world.ehr.store, 'Patient')).toHaveLength(1);
    });

    it('holds what is documented about a new patient until their admission is approved', async () => {
      const patientUuid = 'f0000000-0000-4000-8000-000000000001';
      const noteUuid = 'f0000000-0000-4000-8000-000000000002';
      const entries = [
        {
          kind: 'admission' as const,
          id: patientUuid,
          patientUuid,
          encounterUuid: 'f0000000-0000-4000-8000-000000000003',
          downtimeId: 'DT-ICU-0009',
          family: 'Later',
          given: 'Lien',
          birthDate: null,
          gender: null,
          location: { unit: 'ICU', room: '3', bed: '1' },
          at: '2026-11-26T08:40:00.000Z',
          recordedAt: '2026-11-26T08:40:00.000Z',
          by: 'RN Smet',
          exportedIn: null,
        },
        {
          kind: 'note' as const,
          id: noteUuid,
          subject: { kind: 'downtime' as const, patientUuid },
          at: '2026-11-26T08:41:00.000Z',
          text: 'Arrived by ambulance.',
          recordedAt: '2026-11-26T08:41:00.000Z',
          by: 'RN Smet',
          exportedIn: null,
        },
      ];
      const exportId = 'e1000000-0000-4000-8000-000000000003';
      await world.reconcile.importBundle(
        await exported(stateOf(entries, []), world.documentationKey, exportId),
        ADMIN,
      );
      const items = await world.reconcile.items({ status: 'pending' });
      const note = byDowntimeId(items, noteUuid);
      expect(note.patient).toMatchObject({ match: 'new', display: 'Later, Lien' });
      await world.reconcile.approve(note.id, {}, ADMIN);
      const held = await world.reconcile.post(ADMIN);
      expect(held).toMatchObject({
        posted: 0,
        failed: 1,
        items: [
          {
            downtimeId: noteUuid,
            status: 'failed',
            error: "Not posted: the patient's admission is not approved yet",
          },
        ],
      });
      expect(downtimeResources(world.ehr.store, 'Patient')).toHaveLength(1);
      await world.reconcile.approve(byDowntimeId(items, patientUuid).id, {}, ADMIN);
      expect(await world.reconcile.post(ADMIN)).toMatchObject({ posted: 2, failed: 0 });
      expect(downtimeResources(world.ehr.store, 'Patient')).toHaveLength(2);
    });
  });
}
