/**
 * The real corpora, read in place (never copied): the HL7 IPS examples and Synthea transaction
 * bundles. Every file must import without rejections and every patient must project and produce a
 * valid IPS document.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../../kernel/corpora.testkit.js';
import { groupByPatient } from './group.js';
import { readBundle } from './import/bundle.js';
import { readNdjson } from './import/ndjson.js';
import { ipsDocument } from './ips/ips-document.js';
import { projectPatient } from './project/project.js';
import { type FhirResource, type JsonObject, asArray } from './resource.js';
import { validateResource } from './validate/validate.js';

const IPS = corpusPath('fhir-ips');
const SYNTHEA = corpusPath('synthea', 'bundles');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(dir, name))
    .sort();
}

function read(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** An hour after the patient's last measurement, as if the kit were built during that stay. */
function afterLastMeasurement(resources: FhirResource[]): Date {
  let newest = 0;
  for (const resource of resources) {
    if (resource.resourceType !== 'Observation' || resource.valueQuantity === undefined) continue;
    const at = Date.parse(String(resource.effectiveDateTime));
    if (at > newest) newest = at;
  }
  return new Date(newest + 3_600_000);
}

function expectValidDocument(resources: FhirResource[], now: Date): void {
  const document = ipsDocument(resources, { now, authorDisplay: 'Transfer desk' });
  expect(validateResource(document)).toMatchObject({ ok: true });
  for (const entry of asArray(document.entry) as { resource: JsonObject }[]) {
    expect(validateResource(entry.resource)).toMatchObject({ ok: true });
  }
}

describe.skipIf(!IPS)('HL7 IPS examples', () => {
  const dir = IPS ?? '';
  const loaded = () =>
    jsonFiles(dir).map((path) => {
      const json = read(path) as JsonObject;
      return {
        name: path.slice(dir.length + 1),
        json,
        ...(json.resourceType === 'Bundle'
          ? readBundle(json)
          : { resources: [json as FhirResource], rejected: [] }),
      };
    });

  it('reads every file without rejections and projects every Patient', () => {
    const files = loaded();
    expect(files).toHaveLength(8);
    let patients = 0;
    for (const file of files) {
      expect(file.rejected, file.name).toEqual([]);
      for (const resource of file.resources) expect(validateResource(resource).ok, file.name).toBe(true);
      for (const group of groupByPatient(file.resources).values()) {
        if (!group.some((resource) => resource.resourceType === 'Patient')) continue;
        patients += 1;
        const kit = projectPatient(group, { now: new Date('2018-01-01T00:00:00Z') });
        expect(kit.family, file.name).not.toBe('');
        expectValidDocument(group, new Date('2018-01-01T00:00:00Z'));
      }
    }
    expect(patients).toBe(6);
  });

  it('projects the IPS example bundle with its allergies, medications, problems and results', () => {
    const file = loaded().find((item) => item.name.endsWith('Bundle-IPS-examples-Bundle-01.json'));
    const [group] = groupByPatient(file?.resources ?? []).values();
    const kit = projectPatient(group ?? [], { now: new Date('2018-01-01T00:00:00Z') });
    expect(kit).toMatchObject({
      family: 'DeLarosa',
      given: 'Martha',
      birthDate: '1972-05-01',
      mrn: '574687583',
    });
    expect(kit.allergies.map((allergy) => [allergy.substance.code, allergy.criticality])).toEqual([
      ['373270004', 'high'],
      ['429625007', null],
    ]);
    expect(kit.medications.map((medication) => medication.medication.code).sort()).toEqual([
      '108774000',
      '412588001',
    ]);
    expect(kit.problems.map((problem) => problem.status)).toEqual(['active', 'remission']);
    expect(kit.results).toHaveLength(6);
    expect(kit.results.map((result) => result.value)).toContain('7.5 %');
  });

  it('follows fullUrls that differ from resource ids and reads the immunization example', () => {
    const file = loaded().find((item) => item.name.endsWith('Bundle-with-immunization.json'));
    const groups = groupByPatient(file?.resources ?? []);
    expect([...groups.keys()]).toEqual(['2b90dd2b-2dab-4c75-9bb9-a355e07401e1-with-immunization']);
    const kit = projectPatient([...groups.values()][0] ?? [], { now: new Date('2018-01-01T00:00:00Z') });
    expect(kit.immunizations.map((item) => item.date)).toEqual(['1998-06-04T00:00:00+02:00']);
    expect(kit.allergies).toHaveLength(2);
  });
});

describe.skipIf(!SYNTHEA)('Synthea transaction bundles', () => {
  const files = SYNTHEA ? jsonFiles(SYNTHEA) : [];
  const patientFiles = files.filter((path) => !/(hospital|practitioner)Information/.test(path));

  it('reads the shared organisation and practitioner batches without rejections', () => {
    for (const path of files.filter((item) => /(hospital|practitioner)Information/.test(item))) {
      const { resources, rejected } = readBundle(read(path));
      expect(rejected).toEqual([]);
      expect(resources).toHaveLength(2382);
      expect(groupByPatient(resources).size).toBe(0);
    }
  });

  it('imports and projects every patient bundle, with vital signs and immunizations', () => {
    expect(patientFiles).toHaveLength(24);
    for (const path of patientFiles) {
      const { resources, rejected } = readBundle(read(path));
      expect(rejected, path).toEqual([]);
      const groups = groupByPatient(resources);
      expect(groups.size, path).toBe(1);
      const [[patientId, group]] = [...groups.entries()] as [[string, FhirResource[]]];
      const now = afterLastMeasurement(group);
      const kit = projectPatient(group, { now });
      expect(kit.id).toBe(patientId);
      expect(kit.mrn).toBe(patientId);
      expect(kit.vitals.length, path).toBeGreaterThan(0);
      for (const vital of kit.vitals)
        expect(Date.parse(vital.at ?? '')).toBeGreaterThanOrEqual(now.getTime() - 72 * 3_600_000);
      expect(kit.immunizations.length, path).toBeGreaterThan(0);
      expect(kit.updatedAt).not.toBeNull();
      expectValidDocument(group, now);
      const encounter = group.find((resource) => resource.resourceType === 'Encounter');
      expect(String((encounter?.serviceProvider as { reference?: string })?.reference)).toMatch(
        /^Organization\?identifier=/,
      );
      expect(String((encounter?.subject as { reference?: string })?.reference)).toBe(`Patient/${patientId}`);
    }
  });

  it('reads a patient’s resources the same from NDJSON as from the bundle', async () => {
    const path = patientFiles[0] ?? '';
    const { resources } = readBundle(read(path));
    async function* lines(): AsyncGenerator<string> {
      for (const resource of resources) yield JSON.stringify(resource);
    }
    const read_: FhirResource[] = [];
    for await (const item of readNdjson(lines())) {
      expect(item).not.toHaveProperty('rejected');
      if ('resource' in item) read_.push(item.resource);
    }
    expect(read_).toEqual(resources);
  });
});
