import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliHarness } from './cli.testkit.js';
import { cliHarness } from './cli.testkit.js';

const SHADOW_RULE = `
title: Shadow copies deleted
id: 2f3c1a10-0000-4000-8000-000000000001
status: test
description: vssadmin deletes the shadow copies ransomware would otherwise be undone with
logsource: { product: windows, category: process_creation }
detection:
  selection:
    Image|endswith: '\\vssadmin.exe'
    CommandLine|contains|all: [delete, shadows]
  condition: selection
level: high
`;

const FAILED_LOGON_RULES = `
title: Failed logon
id: 2f3c1a10-0000-4000-8000-000000000002
name: failed_logon
description: one failed logon
logsource: { product: windows, service: security }
detection:
  selection: { EventID: 4625 }
  condition: selection
level: low
---
title: Password guessing against one account
id: 2f3c1a10-0000-4000-8000-000000000003
level: high
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 3 }
`;

const at = (seconds: number) => new Date(Date.parse('2026-03-02T08:00:00Z') + seconds * 1000).toISOString();
const shadow = {
  EventID: 1,
  Image: 'C:\\Windows\\System32\\vssadmin.exe',
  CommandLine: 'vssadmin delete shadows /all /quiet',
};
const failed = (seconds: number, user = 'alice') => ({
  EventID: 4625,
  TargetUserName: user,
  '@timestamp': at(seconds),
});
const benign = {
  EventID: 1,
  Image: 'C:\\Windows\\System32\\svchost.exe',
  CommandLine: 'svchost.exe -k netsvcs',
};

function lines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe('lifeline detect scan', () => {
  let cli: CliHarness;
  afterEach(() => cli.close());

  function writeRules(): void {
    mkdirSync(join(cli.dir, 'rules'));
    writeFileSync(join(cli.dir, 'rules', 'shadow.yml'), SHADOW_RULE);
    writeFileSync(join(cli.dir, 'rules', 'failed.yml'), FAILED_LOGON_RULES);
  }

  it('writes one line per match, counts malformed lines and fires a correlation once', async () => {
    cli = cliHarness();
    writeRules();
    const events = [
      JSON.stringify(benign),
      JSON.stringify(failed(0)),
      '{"EventID": 4625, "TargetUserName": "al',
      JSON.stringify(shadow),
      '',
      JSON.stringify(failed(10)),
      '[1, 2]',
      JSON.stringify(failed(20, 'bob')),
      JSON.stringify(failed(30)),
      JSON.stringify(failed(40)),
    ];
    writeFileSync(join(cli.dir, 'events.ndjson'), `${events.join('\n')}\n`);
    const result = await cli.run(['detect', 'scan', '--rules', 'rules', '--events', 'events.ndjson']);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      {
        ruleId: '2f3c1a10-0000-4000-8000-000000000001',
        title: 'Shadow copies deleted',
        level: 'high',
        eventIndex: 3,
      },
      {
        ruleId: '2f3c1a10-0000-4000-8000-000000000003',
        title: 'Password guessing against one account',
        level: 'high',
        eventIndex: 8,
        correlation: true,
        group: { TargetUserName: 'alice' },
        value: 3,
      },
    ]);
    const summary = JSON.parse(result.stderr) as Record<string, unknown>;
    expect(summary).toMatchObject({
      events: 7,
      matches: 2,
      malformed: 2,
      malformedRecords: [
        { index: 2, reason: expect.any(String) as string },
        { index: 6, reason: expect.any(String) as string },
      ],
      byRule: { '2f3c1a10-0000-4000-8000-000000000001': 1, '2f3c1a10-0000-4000-8000-000000000003': 1 },
    });
    expect(typeof summary.seconds).toBe('number');
    // Reasons name the problem, never the event's content.
    expect(result.stderr).not.toContain('"al');
  });

  it('reads one JSON array from standard input', async () => {
    cli = cliHarness();
    writeRules();
    const stdin = JSON.stringify([benign, shadow, failed(0), shadow], null, 2);
    const result = await cli.run(['detect', 'scan', '--rules', 'rules/shadow.yml', '--events', '-'], {
      stdin,
    });
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((m) => (m as { eventIndex: number }).eventIndex)).toEqual([1, 3]);
    expect(JSON.parse(result.stderr)).toMatchObject({ events: 4, matches: 2, malformed: 0 });
  });

  it('stops with one clear line when the events cannot be read', async () => {
    cli = cliHarness();
    writeRules();
    const missing = await cli.run(['detect', 'scan', '--rules', 'rules', '--events', 'nowhere.ndjson']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(
      'lifeline: the events file nowhere.ndjson cannot be read (ENOENT) (DETECT_SCAN_INPUT_UNREADABLE)\n',
    );
    const directory = await cli.run(['detect', 'scan', '--rules', 'rules', '--events', 'rules']);
    expect(directory.code).toBe(1);
    expect(directory.stderr).toContain('(EISDIR) (DETECT_SCAN_INPUT_UNREADABLE)');
  });

  it('stops with one clear line when no rule loads, and when the rules path is wrong', async () => {
    cli = cliHarness();
    mkdirSync(join(cli.dir, 'broken'));
    writeFileSync(join(cli.dir, 'broken', 'a.yml'), 'title: no detection\nlogsource: { product: windows }\n');
    writeFileSync(join(cli.dir, 'broken', 'b.yml'), 'title: [unclosed\n');
    writeFileSync(join(cli.dir, 'events.ndjson'), `${JSON.stringify(shadow)}\n`);
    const broken = await cli.run(['detect', 'scan', '--rules', 'broken', '--events', 'events.ndjson']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(broken.stderr).toMatch(
      /^lifeline: no rule could be used from broken .*first problem: broken\/a\.yml:1: .*\(DETECT_SCAN_NO_RULES\)\n$/,
    );
    const wrong = await cli.run(['detect', 'scan', '--rules', 'no-such-dir', '--events', 'events.ndjson']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^lifeline: .*no-such-dir.*\(DETECT_RULES_PATH_UNREADABLE\)\n$/);
  });

  it('refuses an unknown format', async () => {
    cli = cliHarness();
    const result = await cli.run(['detect', 'scan', '--rules', 'r', '--events', 'e', '--format', 'csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format is auto or ndjson');
  });
});
