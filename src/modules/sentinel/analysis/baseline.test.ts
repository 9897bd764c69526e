import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LifelineError } from '../../../kernel/errors.js';
import { officeBytes, pdfBytes, prose, tempDir, writeFile } from '../fingerprint/fixtures.testkit.js';
import { Baseline } from './baseline.js';

const work = tempDir('baseline');
const outside = tempDir('outside');
afterAll(() => {
  work.remove();
  outside.remove();
});

describe('Baseline.scan', () => {
  writeFile(join(work.path, 'a/letter.pdf'), pdfBytes(1));
  writeFile(join(work.path, 'a/b/rota.docx'), officeBytes('docx', 1));
  writeFile(join(work.path, 'a/b/c/notes.txt'), prose(500));
  writeFile(join(work.path, 'a/000-canary.docx'), officeBytes('docx', 2));
  writeFile(join(outside.path, 'secret.pdf'), pdfBytes(2));
  symlinkSync(outside.path, join(work.path, 'a/linked-folder'));
  symlinkSync(join(outside.path, 'secret.pdf'), join(work.path, 'a/linked.pdf'));
  mkdirSync(join(work.path, 'empty'));

  it('fingerprints every regular file, skipping canaries and never following links', async () => {
    const baseline = new Baseline();
    const result = await baseline.scan([work.path], (path) => path.endsWith('000-canary.docx'));
    expect(result).toEqual({ files: 3 });
    expect(baseline.get(join(work.path, 'a/letter.pdf'))?.type).toBe('pdf');
    expect(baseline.get(join(work.path, 'a/b/rota.docx'))?.type).toBe('docx');
    expect(baseline.get(join(work.path, 'a/000-canary.docx'))).toBeUndefined();
    expect(baseline.get(join(work.path, 'a/linked.pdf'))).toBeUndefined();
    expect(baseline.get(join(work.path, 'a/linked-folder/secret.pdf'))).toBeUndefined();
  });

  it('keeps a fingerprint set by an analysed change during the scan', async () => {
    const baseline = new Baseline();
    const newer = { size: 1, type: 'unknown', headEntropy: 8, tailEntropy: 8 };
    baseline.set(join(work.path, 'a/letter.pdf'), newer);
    await baseline.scan([work.path], () => false);
    expect(baseline.get(join(work.path, 'a/letter.pdf'))).toBe(newer);
  });

  it('stops remembering new paths at its cap', async () => {
    const baseline = new Baseline(2);
    await baseline.scan([work.path], () => false);
    expect(baseline.size).toBe(2);
  });

  it('refuses a root that is missing or not a folder', async () => {
    await expect(new Baseline().scan([join(work.path, 'missing')], () => false)).rejects.toThrow(
      LifelineError,
    );
    await expect(new Baseline().scan([join(work.path, 'a/letter.pdf')], () => false)).rejects.toMatchObject({
      code: 'SENTINEL_BASELINE_ROOT_UNREADABLE',
    });
  });
});
