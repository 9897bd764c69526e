import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { listPipelines, loadPipeline } from './load.js';
import { packageRoot, pipelinesDirectory } from './package-root.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lifeline-pipelines-'));
  await writeFile(join(scratch, 'site.yml'), 'name: site\nlogsources:\n  - logsource: { category: proxy }\n');
  await writeFile(join(scratch, 'broken.yaml'), 'name: broken\nlogsources: []\n');
  await writeFile(join(scratch, 'notes.txt'), 'not a pipeline');
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('package root', () => {
  it('is the directory holding Lifeline’s package.json, from src/ and from dist/ alike', () => {
    expect(packageRoot()).toBe(resolve(repoRoot));
    const fromDist = pathToFileURL(join(repoRoot, 'dist/modules/detect/pipeline/package-root.js')).href;
    expect(packageRoot(fromDist)).toBe(resolve(repoRoot));
    expect(pipelinesDirectory()).toBe(join(resolve(repoRoot), 'content', 'detect', 'pipelines'));
  });

  it('says so when no Lifeline package is above the file', () => {
    expect(() => packageRoot(pathToFileURL(join(scratch, 'x.js')).href)).toThrow(/no lifeline package.json/);
  });
});

describe('loadPipeline', () => {
  it('loads a shipped pipeline by bare name', async () => {
    const pipeline = await loadPipeline('windows');
    expect(pipeline.name).toBe('windows');
    expect(pipeline.logsources.length).toBeGreaterThan(50);
  });

  it('loads a pipeline by absolute or relative path', async () => {
    expect((await loadPipeline(join(scratch, 'site.yml'))).name).toBe('site');
    expect((await loadPipeline(relative(process.cwd(), join(scratch, 'site.yml')))).name).toBe('site');
  });

  it('refuses unknown names and paths with DETECT_PIPELINE_NOT_FOUND', async () => {
    for (const name of ['nope', '../no/such/pipeline.yml', 'windows.yml', 'a b', '']) {
      await expect(loadPipeline(name)).rejects.toMatchObject({ code: 'DETECT_PIPELINE_NOT_FOUND' });
    }
    await expect(loadPipeline(scratch)).rejects.toMatchObject({ code: 'DETECT_PIPELINE_NOT_FOUND' });
    // A path is taken as given: a file that is not a pipeline is invalid, not missing.
    await expect(loadPipeline(join(scratch, 'notes.txt'))).rejects.toMatchObject({
      code: 'DETECT_PIPELINE_INVALID',
    });
  });

  it('refuses an invalid file naming it', async () => {
    const file = join(scratch, 'broken.yaml');
    await expect(loadPipeline(file)).rejects.toMatchObject({
      code: 'DETECT_PIPELINE_INVALID',
      details: { file, line: 2, key: 'logsources' },
    });
  });
});

describe('listPipelines', () => {
  it('lists the shipped pipelines with their descriptions and no problems', async () => {
    const list = await listPipelines();
    expect(list.map((entry) => entry.name)).toEqual(expect.arrayContaining(['linux', 'web', 'windows']));
    for (const entry of list) {
      expect(entry.problem).toBeUndefined();
      expect(entry.description).toBeTruthy();
    }
  });

  it('lists a broken file with its problem instead of failing the whole list', async () => {
    const list = await listPipelines(scratch);
    expect(list.map((entry) => entry.name)).toEqual(['broken', 'site']);
    expect(list[0]?.problem).toMatch(/broken\.yaml:2: logsources: /);
    expect(list[1]).toEqual({ name: 'site', file: join(scratch, 'site.yml') });
  });
});
