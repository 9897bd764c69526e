import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registeredErrorCodes } from '../src/kernel/errors.js';
import '../src/server/platform.js';

const modulesDir = new URL('../src/modules/', import.meta.url);

/** Modules declare their codes when their index is loaded; load every module there is. */
async function loadModules(): Promise<void> {
  const names = existsSync(modulesDir) ? readdirSync(modulesDir) : [];
  await Promise.all(
    names
      .filter((name) => existsSync(new URL(`${name}/index.ts`, modulesDir)))
      .map((name) => import(new URL(`${name}/index.ts`, modulesDir).href)),
  );
}

describe('docs/errors.md', () => {
  it('lists exactly the error codes the code defines, with the same HTTP status', async () => {
    await loadModules();
    const text = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const documented = new Map(
      [...text.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((match) => [
        match[1] as string,
        Number(match[2]),
      ]),
    );
    const defined = new Map([...registeredErrorCodes()].map(([code, spec]) => [code, spec.status]));
    expect([...documented.keys()].sort()).toEqual([...defined.keys()].sort());
    for (const [code, status] of defined)
      expect({ code, status: documented.get(code) }).toEqual({ code, status });
  });
});
