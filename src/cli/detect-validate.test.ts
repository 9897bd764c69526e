import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliHarness } from './cli.testkit.js';
import { cliHarness } from './cli.testkit.js';

const GOOD = `title: Shadow copies deleted
id: 2f3c1a10-0000-4000-8000-000000000001
status: test
description: vssadmin deletes shadow copies
logsource: { product: windows, category: process_creation }
detection:
  selection: { CommandLine|contains|all: [delete, shadows] }
  condition: selection
level: high
`;

const NO_ID = `title: Failed logon
name: failed_logon
description: one failed logon
logsource: { product: windows, service: security }
detection:
  selection: { EventID: 4625 }
  condition: selection
level: low
`;

const BROKEN = `title: Condition names nothing
id: 2f3c1a10-0000-4000-8000-000000000009
description: the condition refers to a selection that does not exist
logsource: { product: windows }
detection:
  selection: { EventID: 1 }
  condition: selection and missing
level: medium
`;

const BAD_CORRELATION = `title: Counts a rule that does not exist
id: 2f3c1a10-0000-4000-8000-000000000010
correlation:
  type: event_count
  rules: [no_such_rule]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 3 }
`;

describe('lifeline detect validate', () => {
  let cli: CliHarness;
  afterEach(() => cli.close());

  it('prints file:line: reason for each problem and warning, a count, and exits 1 on problems', async () => {
    cli = cliHarness();
    mkdirSync(join(cli.dir, 'rules'));
    writeFileSync(join(cli.dir, 'rules', 'a-good.yml'), GOOD);
    writeFileSync(join(cli.dir, 'rules', 'b-no-id.yml'), NO_ID);
    writeFileSync(join(cli.dir, 'rules', 'c-broken.yml'), `# a comment first\n${BROKEN}`);
    writeFileSync(join(cli.dir, 'rules', 'd-correlation.yml'), BAD_CORRELATION);
    const result = await cli.run(['detect', 'validate', 'rules']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^rules\/b-no-id\.yml:1: warning: rule has no id/);
    expect(lines[1]).toMatch(/^rules\/c-broken\.yml:\d+: .*missing/);
    expect(lines[2]).toMatch(/^rules\/d-correlation\.yml:1: .*no_such_rule/);
    expect(lines[3]).toBe('4 document(s) checked: 2 problem(s), 1 warning(s)');
    expect(result.stderr).toBe('');
  });

  it('exits 0 on clean rules, warnings or not', async () => {
    cli = cliHarness();
    writeFileSync(join(cli.dir, 'good.yml'), GOOD);
    writeFileSync(join(cli.dir, 'no-id.yml'), NO_ID);
    const result = await cli.run(['detect', 'validate', 'good.yml', 'no-id.yml']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').pop()).toBe('2 document(s) checked: 0 problem(s), 1 warning(s)');
  });

  it('fails with one line on a path that does not exist', async () => {
    cli = cliHarness();
    const result = await cli.run(['detect', 'validate', 'nowhere']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lifeline: .*nowhere.*\(DETECT_RULES_PATH_UNREADABLE\)\n$/);
  });
});
