/**
 * The sentinel benchmark: `node --import tsx bench/sentinel/bench.ts <work dir>` (see run.sh for the
 * settings). For each variant, RUNS simulated attacks on a corpus of FILES files with the sentinel
 * watching; then the benign suite. One JSON line per result on stdout.
 */
import { join } from 'node:path';
// eslint-disable-next-line no-restricted-imports
import type { CanaryRecord } from '../../src/modules/sentinel/canary/index.js';
// eslint-disable-next-line no-restricted-imports
import { VARIANTS, type Variant, type WalkOrder } from '../../src/modules/sentinel/simulate/index.js';
import { benignSuite } from './benign-run.js';
import { emit, say } from './output.js';
import { prepareShare } from './share.js';
import { attack } from './variant-run.js';

const work = process.argv[2] ?? '/tmp/sentinel-bench';
const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const files = Number(env('FILES', '3000'));
const runs = Number(env('RUNS', '5'));
const variants = env('VARIANTS', VARIANTS.join(' ')).split(/\s+/).filter(Boolean) as Variant[];
const order = env('ORDER', 'sorted') as WalkOrder;
const prefer = env('PREFER', 'auto') as 'auto' | 'fanotify' | 'inotify';
const intervalMs = Number(env('SLOW_INTERVAL_MS', '3000'));
const dropNotes = env('NOTES', '1') !== '0';
const limitMs = Number(env('LIMIT_S', '120')) * 1000;
const parts = env('PARTS', 'variants benign');

say(`== corpus: ${files} files in ${work}/share`);
const { share, corpus } = prepareShare(work, files, Number(env('SEED', '7')));
let canaries: CanaryRecord[] | undefined;
if (parts.includes('variants')) {
  for (const variant of variants) {
    for (let run = 1; run <= runs; run++) {
      const result = await attack({
        share,
        corpus,
        variant,
        order,
        prefer,
        intervalMs,
        limitMs,
        canaries,
        dropNotes,
      });
      canaries = result.canaries;
      emit({ ...result.record, run });
      say(
        `${variant} #${run}: ${String(result.record['outcome'])}, lost ${String(result.record['lost'])}, stop ${String(result.record['stopMs'])} ms`,
      );
    }
  }
}
if (parts.includes('benign')) {
  const records = await benignSuite({
    share,
    outside: join(work, 'outside'),
    tree: env('BENIGN_TREE', 'Radiology'),
    prefer,
    canaries,
  });
  for (const record of records) emit(record);
}
