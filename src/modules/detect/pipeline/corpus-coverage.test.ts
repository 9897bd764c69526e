import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { corpusPath } from '../../../kernel/corpora.testkit.js';

import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

import type { Logsource, ProcessingPipeline } from '../types.js';
import { pipelineLogsourceFits } from './fits.js';
import { loadPipeline } from './load.js';

const CORPUS = corpusPath('sigma') ?? '';
const RULE_FOLDERS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-placeholder'];

/**
 * Left unmapped on purpose (see the comment at the end of windows.yml): an entry that names only
 * the product would fit every Windows rule and run it on every Windows event.
 */
const WINDOWS_UNMAPPED = ['product=windows'];

interface UsedLogsource {
  readonly key: string;
  readonly logsource: Logsource;
  readonly files: string[];
}

async function yamlFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function logsourceOf(value: unknown): Logsource | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const source = (value as { logsource?: unknown }).logsource;
  if (source === null || typeof source !== 'object') return undefined;
  const picked: { -readonly [K in keyof Logsource]?: string } = {};
  for (const key of ['product', 'category', 'service'] as const) {
    const part = (source as Record<string, unknown>)[key];
    if (typeof part === 'string') picked[key] = part;
  }
  return picked;
}

function keyOf(logsource: Logsource): string {
  return (['product', 'category', 'service'] as const)
    .filter((key) => logsource[key] !== undefined)
    .map((key) => `${key}=${logsource[key]}`)
    .join(' ');
}

async function corpusLogsources(): Promise<Map<string, UsedLogsource>> {
  const used = new Map<string, UsedLogsource>();
  for (const folder of RULE_FOLDERS) {
    const root = join(CORPUS, folder);
    if (!existsSync(root)) continue;
    for (const file of await yamlFiles(root)) {
      for (const doc of parseAllDocuments(await readFile(file, 'utf8'))) {
        const logsource = logsourceOf(doc.toJS());
        if (logsource === undefined) continue;
        const key = keyOf(logsource);
        const entry = used.get(key) ?? { key, logsource, files: [] };
        entry.files.push(relative(CORPUS, file));
        used.set(key, entry);
      }
    }
  }
  return used;
}

function uncovered(pipeline: ProcessingPipeline, used: readonly UsedLogsource[]): UsedLogsource[] {
  return used.filter(
    (entry) =>
      !pipeline.logsources.some((mapping) => pipelineLogsourceFits(entry.logsource, mapping.logsource)),
  );
}

function report(entries: readonly UsedLogsource[]): string {
  return entries
    .map((entry) => `${entry.key} (${entry.files.length} rules, e.g. ${entry.files[0]})`)
    .join('\n');
}

describe.skipIf(CORPUS === '')('coverage of the SigmaHQ corpus', () => {
  let used: UsedLogsource[] = [];
  beforeAll(async () => {
    used = [...(await corpusLogsources()).values()];
  }, 120_000);

  it('maps every Windows logsource the rules use', async () => {
    const windows = await loadPipeline('windows');
    const windowsUsed = used.filter((entry) => entry.logsource.product?.toLowerCase() === 'windows');
    expect(windowsUsed.length).toBeGreaterThan(50);
    const missing = uncovered(windows, windowsUsed);
    expect(
      missing.map((entry) => entry.key),
      `logsources the windows pipeline does not map:\n${report(missing)}`,
    ).toEqual(WINDOWS_UNMAPPED);
  });

  it('maps every Linux logsource the rules use', async () => {
    const linux = await loadPipeline('linux');
    const linuxUsed = used.filter((entry) => entry.logsource.product?.toLowerCase() === 'linux');
    expect(linuxUsed.length).toBeGreaterThan(5);
    const missing = uncovered(linux, linuxUsed);
    expect(missing, `logsources the linux pipeline does not map:\n${report(missing)}`).toEqual([]);
  });

  it('maps every web server and proxy logsource the rules use', async () => {
    const web = await loadPipeline('web');
    const webUsed = used.filter(
      (entry) =>
        ['webserver', 'proxy'].includes(entry.logsource.category?.toLowerCase() ?? '') ||
        ['apache', 'nginx'].includes(entry.logsource.service?.toLowerCase() ?? ''),
    );
    expect(webUsed.length).toBeGreaterThan(1);
    const missing = uncovered(web, webUsed);
    expect(missing, `logsources the web pipeline does not map:\n${report(missing)}`).toEqual([]);
  });
});
