import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { rule } from './engine.testkit.js';
import { loadRules, validateRules } from './index.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sigma-load-'));
  await mkdir(path.join(dir, 'windows', 'deep'), { recursive: true });
  await writeFile(
    path.join(dir, 'windows', 'whoami.yml'),
    rule(`sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel`, { id: 'whoami' }),
  );
  await writeFile(
    path.join(dir, 'windows', 'deep', 'two.yaml'),
    [
      rule(`sel:\n  CommandLine|contains: vssadmin\ncondition: sel`, { id: 'vss' }),
      rule(`sel:\n  CommandLine|contains: bcdedit\ncondition: sel`, { id: 'whoami' }),
      rule(`sel:\n  A|unknownmod: 1\ncondition: sel`, { id: 'broken' }),
    ].join('\n---\n'),
  );
  await writeFile(path.join(dir, 'windows', 'notes.md'), '# not a rule');
  await writeFile(path.join(dir, 'windows', 'empty.yml'), '# nothing here\n');
  await writeFile(path.join(dir, 'windows', 'bad.yml'), 'title: [unclosed\n');
  await writeFile(
    path.join(dir, 'corr.yml'),
    'title: Many\ncorrelation:\n  type: event_count\n  rules: [vss]\n',
  );
  await writeFile(path.join(dir, 'single.txt'), rule(`sel:\n  A: 1\ncondition: sel`, { id: 'single' }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadRules', () => {
  it('reads directories recursively, every document, and accounts for each one', async () => {
    const loaded = await loadRules({ paths: [path.join(dir, 'windows'), path.join(dir, 'corr.yml')] });
    expect(loaded.rules.map((r) => r.id).sort()).toEqual(['vss', 'whoami']);
    expect(loaded.correlationDocuments).toHaveLength(1);
    expect(loaded.correlationDocuments[0]).toMatchObject({ file: path.join(dir, 'corr.yml'), line: 1 });
    const reasons = loaded.problems.map((p) => `${path.relative(dir, p.file)}:${p.line} ${p.reason}`).sort();
    expect(reasons).toEqual(
      [
        'windows/bad.yml:2 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
        'windows/deep/two.yaml:25 "A|unknownmod": unknown modifier "unknownmod"',
        `windows/whoami.yml:1 duplicate rule id "whoami" (first defined in ${path.join(dir, 'windows', 'deep', 'two.yaml')}:10)`,
        'windows/empty.yml:1 file holds no YAML document',
      ].sort(),
    );
    expect(loaded.documentCount).toBe(
      loaded.rules.length + loaded.problems.length + loaded.correlationDocuments.length,
    );
  });

  it('gives each rule its source document', async () => {
    const loaded = await loadRules({ paths: [dir] });
    const source = loaded.source('vss');
    expect(source).toMatchObject({ file: path.join(dir, 'windows', 'deep', 'two.yaml'), line: 1 });
    expect(source?.text).toContain('vssadmin');
    expect(source?.text).not.toContain('bcdedit');
    expect(loaded.source('nope')).toBeUndefined();
  });

  it('reads a single file whatever its name', async () => {
    const loaded = await loadRules({ paths: [path.join(dir, 'single.txt')] });
    expect(loaded.rules.map((r) => r.id)).toEqual(['single']);
  });

  it('fails clearly on a path that does not exist', async () => {
    const error: unknown = await loadRules({ paths: [path.join(dir, 'missing')] }).catch((e: unknown) => e);
    expect(isLifelineError(error) && error.code).toBe('DETECT_RULES_PATH_UNREADABLE');
  });
});

describe('validateRules', () => {
  it('lists problems and style warnings', async () => {
    const file = path.join(dir, 'lint', 'style.yml');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      `title: Sloppy
status: wip
tags: [Attack.T1059, attack.t1059.001, notag]
logsource: { product: windows }
detection:
  sel:
    A: 1
  condition: sel
  timeframe: 5m
`,
    );
    const report = await validateRules([path.dirname(file)]);
    expect(report.problems).toEqual([]);
    expect(report.documentCount).toBe(1);
    expect(report.warnings.map((w) => w.reason)).toEqual([
      'rule has no id (one is derived from its text, and changes with it)',
      'rule has no level (medium is assumed)',
      'rule has no description',
      'unknown status "wip" (expected stable, test, experimental, deprecated, unsupported)',
      'tag "Attack.T1059" is not of the form namespace.name in lowercase',
      'tag "notag" is not of the form namespace.name in lowercase',
      'detection.timeframe is Sigma 1 and ignored; use a correlation rule',
    ]);
    expect(report.warnings.every((w) => w.file === file && w.line === 1 && w.title === 'Sloppy')).toBe(true);
  });
});
