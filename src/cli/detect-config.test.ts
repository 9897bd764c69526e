import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliHarness, cliHarness } from './cli.testkit.js';

let cli: CliHarness;
beforeEach(() => {
  cli = cliHarness({ LIFELINE_SERVER_HOST: '127.0.0.1', LIFELINE_SERVER_PORT: '0' });
  // A webhook whose signing key lives in a variable this shell does not have.
  writeFileSync(
    join(cli.dir, 'lifeline.yaml'),
    [
      'detect:',
      '  alerts:',
      '    notifiers:',
      '      - { name: soar, type: webhook, url: "https://soar.example/hook", secret: { env: SOAR_KEY } }',
    ].join('\n'),
  );
});
afterEach(() => cli.close());

describe('notifier secrets', () => {
  it('are not needed by one-shot commands, which an operator may run from any shell', async () => {
    const result = await cli.run(['user', 'list']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('stop a serving process at start with one line naming the key', async () => {
    const result = await cli.run(['serve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('detect.alerts.notifiers.0.secret');
    expect(result.stderr).toContain('DETECT_NOTIFIER_SECRET');
  });
});
