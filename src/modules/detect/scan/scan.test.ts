import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../engine/index.js';
import { buildRuleSet } from './rule-set.js';
import { scanEvents } from './scan.js';
import type { ScanMatch } from './summary.js';

const RULES = `title: Shadow copies deleted
id: 00000000-0000-4000-8000-000000000001
logsource: { product: windows }
detection:
  selection: { CommandLine|contains|all: [delete, shadows] }
  condition: selection
level: high
---
title: Failed logon
id: 00000000-0000-4000-8000-000000000002
name: failed_logon
logsource: { product: windows }
detection:
  selection: { EventID: 4625 }
  condition: selection
level: low
---
title: Guessing
id: 00000000-0000-4000-8000-000000000003
correlation: { type: event_count, rules: [failed_logon], group-by: [User], timespan: 1m, condition: { gte: 2 } }
level: high
`;

const ruleSet = () => buildRuleSet(compileRules([{ file: 'rules.yml', text: RULES }]));
const shadow = JSON.stringify({ CommandLine: 'vssadmin delete shadows /all' });
const failed = (second: number, user = 'alice') =>
  JSON.stringify({
    EventID: 4625,
    User: user,
    '@timestamp': `2026-03-02T08:00:${String(second).padStart(2, '0')}Z`,
  });

async function collect(run: AsyncIterable<ScanMatch>): Promise<ScanMatch[]> {
  const out: ScanMatch[] = [];
  for await (const match of run) out.push(match);
  return out;
}

describe('scanEvents', () => {
  it('reports rule and correlation matches with the index of their event', async () => {
    const input = [shadow, failed(0), '{broken', failed(5, 'bob'), failed(30), shadow].join('\n');
    const run = scanEvents({ rules: ruleSet(), input: [input] });
    expect(await collect(run)).toEqual([
      {
        ruleId: '00000000-0000-4000-8000-000000000001',
        title: 'Shadow copies deleted',
        level: 'high',
        eventIndex: 0,
      },
      {
        ruleId: '00000000-0000-4000-8000-000000000003',
        title: 'Guessing',
        level: 'high',
        eventIndex: 4,
        correlation: true,
        group: { User: 'alice' },
        value: 2,
      },
      {
        ruleId: '00000000-0000-4000-8000-000000000001',
        title: 'Shadow copies deleted',
        level: 'high',
        eventIndex: 5,
      },
    ]);
    expect(run.summary).toMatchObject({
      events: 5,
      matches: 3,
      malformed: 1,
      malformedRecords: [{ index: 2, reason: 'not valid JSON' }],
      byRule: { '00000000-0000-4000-8000-000000000001': 2, '00000000-0000-4000-8000-000000000003': 1 },
    });
  });

  it('hands out matches while the input is still being read', async () => {
    let produced = 0;
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        produced++;
        yield `${shadow}\n`;
      }
    }
    const run = scanEvents({ rules: ruleSet(), input: endless() });
    for await (const match of run) {
      expect(match.eventIndex).toBe(0);
      break;
    }
    expect(produced).toBeLessThan(5);
    expect(() => run.summary).toThrow(/not finished/);
  });

  it('lists only the first malformed records but counts them all', async () => {
    const input = Array.from({ length: 50 }, () => 'nope').join('\n');
    const run = scanEvents({ rules: ruleSet(), input: [input], maxMalformedListed: 3 });
    expect(await collect(run)).toEqual([]);
    expect(run.summary.malformed).toBe(50);
    expect(run.summary.malformedRecords.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it('accounts for every line of any input: events plus malformed (fuzzed)', async () => {
    const line = fc.oneof(
      fc.constantFrom(shadow, failed(1), failed(2), '{}', '[]', 'null'),
      fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' ')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), async (lines) => {
        const run = scanEvents({ rules: ruleSet(), input: [lines.join('\n')], format: 'ndjson' });
        const matches = await collect(run);
        const nonBlank = lines.filter((l) => l.trim() !== '').length;
        expect(run.summary.events + run.summary.malformed).toBe(nonBlank);
        expect(run.summary.matches).toBe(matches.length);
        for (const m of matches) expect(lines[m.eventIndex]?.trim()).not.toBe('');
      }),
      { numRuns: 50 },
    );
  });
});
