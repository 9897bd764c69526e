import { existsSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jpeg, png } from '../corpus/media.js';
import { docx } from '../corpus/office.js';
import { Random } from '../corpus/words.js';
import { tool, type Workload } from './context.js';

/** New photos and charts written to the share, as a camera import or an export would. */
export const writeImages: Workload = async ({ out }) => {
  const random = new Random(11);
  const outputs: string[] = [];
  for (let i = 0; i < 10; i++) {
    const path = join(out, i % 2 ? `IMG_${1000 + i}.jpg` : `chart-${i}.png`);
    writeFileSync(path, i % 2 ? jpeg(random, 200_000) : png(random, 100_000));
    outputs.push(path);
  }
  return { outputs };
};

function documentsUnder(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) documentsUnder(path, found);
    else if (entry.name.endsWith('.docx')) found.push(path);
  }
  return found;
}

/**
 * Saves Word documents the way Word does: the new version into a temporary file, the original renamed
 * aside, the temporary renamed to the original name, the old copy deleted.
 */
export const officeSave: Workload = async ({ tree, avoid = [] }) => {
  const random = new Random(13);
  const outputs: string[] = [];
  for (const [i, path] of documentsUnder(tree)
    .filter((path) => !avoid.includes(path))
    .slice(0, 10)
    .entries()) {
    const folder = join(path, '..');
    const fresh = join(folder, `~WRL${String(1000 + i).padStart(4, '0')}.tmp`);
    const aside = join(folder, `~WRL${String(2000 + i).padStart(4, '0')}.tmp`);
    writeFileSync(fresh, docx(random, statSync(path).size + 1000));
    renameSync(path, aside);
    renameSync(fresh, path);
    unlinkSync(aside);
    outputs.push(path);
  }
  return { outputs };
};

/** logrotate's way: older archives shift, app.log becomes app.log.1 and is gzipped, the oldest goes. */
export const logRotation: Workload = async ({ out }) => {
  const log = join(out, 'app.log');
  for (let round = 0; round < 6; round++) {
    const lines = Array.from(
      { length: 2000 },
      (_, i) =>
        `2025-03-14T10:${String(i % 60).padStart(2, '0')}:00Z INFO bed-board refreshed ward=${i % 20}`,
    );
    writeFileSync(log, `${lines.join('\n')}\n`);
    if (existsSync(`${log}.4.gz`)) unlinkSync(`${log}.4.gz`);
    for (let n = 3; n >= 1; n--)
      if (existsSync(`${log}.${n}.gz`)) renameSync(`${log}.${n}.gz`, `${log}.${n + 1}.gz`);
    renameSync(log, `${log}.1`);
    await tool('gzip', [`${log}.1`]);
  }
  writeFileSync(log, '');
  return { outputs: [log, `${log}.1.gz`, `${log}.4.gz`] };
};
