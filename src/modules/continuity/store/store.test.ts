import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../kernel/db/connect.js';
import { testEngines } from '../../../kernel/db/testkit.js';
import type { KitPatient } from '../types.js';
import { DeviceStore } from './device-store.js';
import { KitStore, type KitRecord } from './kit-store.js';
import { MirrorStore } from './mirror-store.js';
import { continuityMigrations } from './migrations.js';
import { SettingsStore } from './settings-store.js';
import { SourceStore } from './source-store.js';

function patient(id: string, overrides: Partial<KitPatient> = {}): KitPatient {
  return {
    id,
    mrn: `MRN-${id}`,
    family: 'Peeters',
    given: 'Lotte',
    birthDate: '1950-02-03',
    gender: 'female',
    location: null,
    admittedAt: null,
    codeStatus: null,
    problems: [],
    allergies: [],
    medications: [],
    mar: [],
    immunizations: [],
    results: [],
    vitals: [],
    procedures: [],
    appointments: [],
    updatedAt: null,
    ...overrides,
  };
}

function kit(kitId: string, overrides: Partial<KitRecord> = {}): KitRecord {
  return {
    kitId,
    scopeKey: 'unit:ICU',
    kind: 'full',
    baseKitId: null,
    builtAt: '2026-11-26T08:00:00.000Z',
    dataAsOf: '2026-11-26T07:59:00.000Z',
    patients: 2,
    bytes: 1000,
    sha256: 'ab',
    ...overrides,
  };
}

for (const engine of testEngines()) {
  describe(`continuity stores on ${engine.engine}`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await engine.open(continuityMigrations);
    });
    afterAll(async () => {
      await database.close();
    });

    it("replaces a resource by type and id and finds a patient's resources", async () => {
      const mirror = new MirrorStore(database.db);
      const many = Array.from({ length: 1001 }, (_, index) => ({
        resourceType: 'Observation',
        resourceId: `obs-${index}`,
        patientId: index % 2 === 0 ? 'p1' : 'p2',
        sourceId: 'ehr',
        lastUpdated: '2026-11-26T08:00:00Z',
        body: JSON.stringify({ resourceType: 'Observation', id: `obs-${index}`, status: 'final' }),
      }));
      await mirror.putResources(many);
      await mirror.putResources([
        {
          ...many[0]!,
          body: JSON.stringify({ resourceType: 'Observation', id: 'obs-0', status: 'amended' }),
        },
      ]);
      expect(await mirror.resourceCount()).toBe(1001);
      const ofP1 = (await mirror.resourcesOfPatient('p1')) as { id: string; status: string }[];
      expect(ofP1).toHaveLength(501);
      expect(ofP1.find((resource) => resource.id === 'obs-0')?.status).toBe('amended');
    });

    it('pages patients per unit and reports unit counts and the newest data time', async () => {
      const mirror = new MirrorStore(database.db);
      const icu = Array.from({ length: 7 }, (_, index) => ({
        record: patient(`icu-${index}`, { location: { unit: 'ICU', room: '1', bed: `${index}` } }),
        unit: 'ICU',
        dataAsOf: `2026-11-26T07:0${index}:00.000Z`,
      }));
      await mirror.putPatients(
        [...icu, { record: patient('out-1'), unit: null, dataAsOf: '2026-11-26T09:00:00.000Z' }],
        '2026-11-26T09:01:00.000Z',
      );
      const seen: string[] = [];
      for await (const record of mirror.patients({ unit: 'ICU', pageSize: 3 })) seen.push(record.id);
      expect(seen).toEqual(icu.map((entry) => entry.record.id));
      const all: string[] = [];
      for await (const record of mirror.patients({ unit: null, pageSize: 2 })) all.push(record.id);
      expect(all).toHaveLength(8);
      expect(await mirror.unitCounts()).toEqual([{ unit: 'ICU', patients: 7 }]);
      expect(await mirror.newestDataAsOf('ICU')).toBe('2026-11-26T07:06:00.000Z');
      expect(await mirror.newestDataAsOf(null)).toBe('2026-11-26T09:00:00.000Z');
      expect(await mirror.patientIdByMrn('MRN-icu-3')).toBe('icu-3');
      expect((await mirror.patient('out-1'))?.family).toBe('Peeters');
    });

    it('follows a kit chain by its base links, not by time alone', async () => {
      const kits = new KitStore(database.db);
      await kits.add(kit('full-1'), 'sealed', ['p1']);
      await kits.add(
        kit('delta-1', { kind: 'delta', baseKitId: 'full-1', builtAt: '2026-11-26T08:01:00.000Z' }),
        'sealed',
        [],
      );
      // A delta of another base, built in the same window, must not join the chain.
      await kits.add(
        kit('delta-x', { kind: 'delta', baseKitId: 'other', builtAt: '2026-11-26T08:01:30.000Z' }),
        'sealed',
        [],
      );
      await kits.add(
        kit('delta-2', { kind: 'delta', baseKitId: 'delta-1', builtAt: '2026-11-26T08:02:00.000Z' }),
        'sealed',
        [],
      );
      expect((await kits.chain('unit:ICU')).map((entry) => entry.kitId)).toEqual([
        'full-1',
        'delta-1',
        'delta-2',
      ]);
      expect((await kits.latest('unit:ICU'))?.kitId).toBe('delta-2');
      expect(await kits.envelope('full-1')).toBe('sealed');
      expect(await kits.patientIds('full-1')).toEqual(['p1']);
      // Listings never carry the envelope: it can be megabytes.
      expect(Object.keys((await kits.list())[0] ?? {})).not.toContain('envelope');
      await kits.remove(['delta-x']);
      expect(await kits.get('delta-x')).toBeUndefined();
      expect(await kits.chain('unit:none')).toEqual([]);
    });

    it('keeps device keys for active devices only and records freshness', async () => {
      const devices = new DeviceStore(database.db);
      const base = {
        scopeKey: 'unit:ICU',
        createdAt: '2026-11-26T08:00:00.000Z',
        createdBy: 'admin',
        lastSeenAt: null,
        lastKitId: null,
        lastDataAsOf: null,
        staleSince: null,
        revokedAt: null,
      };
      await devices.add({ ...base, deviceId: 'd1', name: 'ICU laptop 1' }, 'key-1');
      await devices.add({ ...base, deviceId: 'd2', name: 'ICU laptop 2' }, 'key-2');
      await devices.revoke('d2', '2026-11-26T08:05:00.000Z');
      expect(await devices.keysOfScope('unit:ICU')).toEqual([{ deviceId: 'd1', key: 'key-1' }]);
      expect(await devices.activeKey('d2')).toBeUndefined();
      await devices.markStale('d1', '2026-11-26T09:00:00.000Z');
      await devices.markStale('d1', '2026-11-26T09:30:00.000Z');
      expect((await devices.get('d1'))?.staleSince).toBe('2026-11-26T09:00:00.000Z');
      await devices.recordSync('d1', {
        at: '2026-11-26T09:31:00.000Z',
        kitId: 'k',
        dataAsOf: '2026-11-26T09:30:00.000Z',
      });
      expect(await devices.get('d1')).toMatchObject({ staleSince: null, lastKitId: 'k' });
    });

    it('records downtime mode and source syncs', async () => {
      const settings = new SettingsStore(database.db);
      expect((await settings.downtime()).active).toBe(false);
      const on = {
        active: true,
        since: '2026-11-26T10:00:00.000Z',
        by: 'ic',
        reason: 'ransomware',
        incidentId: 'i1',
      };
      await settings.setDowntime(on, 'ic', on.since);
      await settings.setDowntime({ ...on, reason: 'still ransomware' }, 'ic', on.since);
      expect(await settings.downtime()).toEqual({ ...on, reason: 'still ransomware' });

      const sources = new SourceStore(database.db);
      await sources.started('ehr', 'bulk', '2026-11-26T08:00:00.000Z');
      const rejections = Array.from({ length: 60 }, (_, index) => ({
        position: `line ${index}`,
        resourceType: 'Observation',
        id: null,
        reason: 'Observation.code is missing',
      }));
      await sources.finished('ehr', {
        at: '2026-11-26T08:01:00.000Z',
        outcome: 'partial',
        message: null,
        bookmark: '2026-11-26T07:59:59Z',
        resources: 10,
        rejections,
      });
      const status = await sources.get('ehr');
      expect(status).toMatchObject({ outcome: 'partial', rejected: 60, bookmark: '2026-11-26T07:59:59Z' });
      expect(status?.rejections).toHaveLength(50);
      await sources.started('ehr', 'bulk', '2026-11-26T08:02:00.000Z');
      expect((await sources.get('ehr'))?.bookmark).toBe('2026-11-26T07:59:59Z');
    });
  });
}
