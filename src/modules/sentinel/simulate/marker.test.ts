import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LifelineError } from '../../../kernel/errors.js';
import { MARKER_FILE, checkTarget, parseMarker, prepareTarget } from './marker.js';
import { runSimulation } from './run.js';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LifelineError);
    expect((error as LifelineError).code).toBe('SENTINEL_SIMULATION_REFUSED');
    return String((error as LifelineError).details['reason']);
  }
  throw new Error('not refused');
}

describe('simulation targets', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lifeline-marker-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('prepares an empty or new directory with a marker that checkTarget accepts', () => {
    const made = prepareTarget(join(scratch, 'new'));
    expect(checkTarget(made.path)).toEqual(made);
    mkdirSync(join(scratch, 'empty'));
    expect(prepareTarget(join(scratch, 'empty')).id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('will not prepare a directory that holds files', () => {
    mkdirSync(join(scratch, 'full'));
    writeFileSync(join(scratch, 'full', 'report.pdf'), 'x');
    expect(refusal(() => prepareTarget(join(scratch, 'full')))).toMatch(/not empty/);
  });

  it('refuses unmarked and malformed targets, system and home directories, and symlinks', async () => {
    mkdirSync(join(scratch, 'plain'));
    expect(refusal(() => checkTarget(join(scratch, 'plain')))).toMatch(/no .* marker/);
    mkdirSync(join(scratch, 'forged'));
    writeFileSync(join(scratch, 'forged', MARKER_FILE), 'please encrypt me\n');
    expect(refusal(() => checkTarget(join(scratch, 'forged')))).toMatch(/malformed/);
    for (const dir of ['/', '/etc', '/usr/share', '/home', homedir(), '/tmp', '/var']) {
      expect(refusal(() => checkTarget(dir))).toMatch(/system|home/);
    }
    const real = prepareTarget(join(scratch, 'real')).path;
    symlinkSync(real, join(scratch, 'link'));
    expect(refusal(() => checkTarget(join(scratch, 'link')))).toMatch(/symbolic link/);
    await expect(runSimulation({ target: join(scratch, 'plain'), variant: 'fast' })).rejects.toMatchObject({
      code: 'SENTINEL_SIMULATION_REFUSED',
    });
  });

  it('reads only the exact marker format, whatever text it is given', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseMarker(text);
        if (parsed) expect(text.startsWith('LIFELINE RANSOMWARE SIMULATION TARGET\nid: ')).toBe(true);
      }),
    );
    expect(parseMarker('LIFELINE RANSOMWARE SIMULATION TARGET\nid: ' + 'a'.repeat(32) + '\n')).toEqual({
      id: 'a'.repeat(32),
    });
  });
});
