import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENIGN_NAMES, benignContext, runBenign, runBenignProcess, type BenignWorkload } from './benign.js';
import { corpusTarget, removeTargets } from './simulate.testkit.js';

const NEEDS: Partial<Record<BenignWorkload, string>> = {
  zip: 'zip',
  'tar-gz': 'tar',
  gpg: 'gpg',
  'npm-install': 'npm',
  'git-clone': 'git',
  'log-rotation': 'gzip',
};

function installed(command: string | undefined): boolean {
  if (!command) return true;
  try {
    execFileSync('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

afterAll(removeTargets);

describe('benign workloads', () => {
  const { root } = corpusTarget(120, 21);
  const outside = mkdtempSync(join(tmpdir(), 'lifeline-benign-'));
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  for (const name of BENIGN_NAMES) {
    it.skipIf(!installed(NEEDS[name]))(`${name} runs the real tool and leaves its outputs`, async () => {
      const { outputs } = await runBenign(name, benignContext(root, 'Radiology', outside, name));
      expect(outputs.length).toBeGreaterThan(0);
      for (const output of outputs) expect(existsSync(output)).toBe(true);
      if (name === 'gpg') expect(statSync(outputs[0] as string).size).toBeGreaterThan(1000);
    });
  }

  it('runs in its own process too', async () => {
    const { outputs } = await runBenignProcess('images', benignContext(root, 'HR', outside, 'images'));
    expect(outputs).toHaveLength(10);
  });
});
