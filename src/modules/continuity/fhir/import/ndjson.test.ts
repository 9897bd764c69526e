import { describe, expect, it } from 'vitest';
import { observation, patient } from '../fixtures.testkit.js';
import { type NdjsonItem, readNdjson } from './ndjson.js';

async function* linesOf(lines: string[]): AsyncGenerator<string> {
  for (const line of lines) yield line;
}

async function readAll(lines: string[]): Promise<NdjsonItem[]> {
  const items: NdjsonItem[] = [];
  for await (const item of readNdjson(linesOf(lines))) items.push(item);
  return items;
}

describe('readNdjson', () => {
  it('yields one resource per line and skips blank lines', async () => {
    const items = await readAll([
      `\uFEFF${JSON.stringify(patient())}`,
      '',
      '   ',
      `${JSON.stringify(observation())}\r`,
    ]);
    expect(items).toEqual([{ resource: patient() }, { resource: observation() }]);
  });

  it('rejects a bad line with its 1-based line number and carries on', async () => {
    const items = await readAll([
      JSON.stringify(patient()),
      '{"resourceType": "Patient", "name": [{"family": "Janssens"}',
      JSON.stringify(observation({ status: 'done' })),
      JSON.stringify({ ...observation(), id: undefined }),
      '',
      JSON.stringify(observation({ id: 'o2' })),
    ]);
    expect(items).toEqual([
      { resource: patient() },
      { rejected: { position: 'line 2', resourceType: null, id: null, reason: 'line is not valid JSON' } },
      {
        rejected: {
          position: 'line 3',
          resourceType: 'Observation',
          id: 'obs1',
          reason: 'Observation.status is not one of its allowed codes',
        },
      },
      {
        rejected: {
          position: 'line 4',
          resourceType: 'Observation',
          id: null,
          reason: 'Observation.id is missing',
        },
      },
      { resource: observation({ id: 'o2' }) },
    ]);
    expect(JSON.stringify(items)).not.toContain('Janssens');
  });
});
