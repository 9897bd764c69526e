import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { scriptAction } from './script.js';
import { contextFor } from './testkit.js';

const dir = mkdtempSync(join(tmpdir(), 'sentinel-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('scriptAction', () => {
  it('gives the script the detection on stdin and the share, pid and id in its environment', async () => {
    const out = join(dir, 'seen');
    const path = script(
      'record.sh',
      `cat > ${out}.json\necho "$LIFELINE_SENTINEL_SHARE|$LIFELINE_SENTINEL_PID|$LIFELINE_SENTINEL_DETECTION_ID|\${LIFELINE_DB_PASSWORD:-unset}" > ${out}.env`,
    );
    process.env.LIFELINE_DB_PASSWORD = 'secret';
    const outcome = await scriptAction({ path }).run(contextFor(4242));
    delete process.env.LIFELINE_DB_PASSWORD;
    expect(outcome).toMatchObject({ action: 'script', ok: true, detail: `script ${path} exited 0` });
    expect(readFileSync(`${out}.env`, 'utf8').trim()).toBe('/srv/share|4242|det-0001|unset');
    const document = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    expect(document).toMatchObject({
      detectionId: 'det-0001',
      share: '/srv/share',
      writer: { pid: 4242 },
      files: ['/srv/share/!Budget.docx'],
    });
  });

  it('reports a non-zero exit with a short tail of the output', async () => {
    const path = script(
      'fail.sh',
      `i=0; while [ $i -lt 200 ]; do echo "line $i"; i=$((i+1)); done; echo "firewall rule refused" >&2; exit 3`,
    );
    const outcome = await scriptAction({ path }).run(contextFor(4242));
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toContain('exited 3');
    expect(outcome.detail).toContain('firewall rule refused');
    expect(outcome.detail.length).toBeLessThan(400);
  });

  it('kills a script that runs past its timeout', async () => {
    const path = script('hang.sh', 'exec sleep 60');
    const outcome = await scriptAction({ path, timeoutMs: 300 }).run(contextFor(1));
    expect(outcome).toMatchObject({ ok: false, detail: `script ${path} timed out after 300 ms` });
  });

  it('succeeds for a script that ignores its input', async () => {
    const path = script('quiet.sh', 'exit 0');
    const big = contextFor(4242);
    big.files = Array.from({ length: 5000 }, (_, i) => `/srv/share/file-${i}.docx`);
    expect(await scriptAction({ path }).run(big)).toMatchObject({ ok: true });
  });

  it('fails clearly for a missing or non-executable script and refuses a relative path', async () => {
    expect(await scriptAction({ path: join(dir, 'absent.sh') }).run(contextFor(1))).toMatchObject({
      ok: false,
      detail: expect.stringContaining('ENOENT'),
    });
    const plain = join(dir, 'plain.sh');
    writeFileSync(plain, 'exit 0');
    expect(await scriptAction({ path: plain }).run(contextFor(1))).toMatchObject({
      ok: false,
      detail: expect.stringContaining('EACCES'),
    });
    expect(() => scriptAction({ path: 'stop.sh' })).toThrow(
      expect.objectContaining({ code: 'SENTINEL_RESPOND_SCRIPT_INVALID' }),
    );
  });
});
