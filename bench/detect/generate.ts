/**
 * Writes N synthetic Windows events as EVTX-as-JSON NDJSON, with a few dozen planted attacks:
 *   npx tsx bench/detect/generate.ts <out.ndjson> [N] [--bytes B]
 * `--bytes` keeps writing until the file reaches B bytes (for the flat-memory run). Beside the file,
 * `<out>.planted.json` lists each plant's line index, kind and the rule ids expected to catch it.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { ATTACKS, PLANTS_PER_KIND } from './attacks.js';
import { Scene } from './evtx.js';
import { Random } from './random.js';
import {
  kerberosServiceTicket,
  kerberosTgt,
  logoff,
  logonFailure,
  logonSuccess,
  scriptBlock,
  securityProcessCreation,
  specialPrivileges,
} from './security.js';
import {
  dnsQuery,
  fileCreated,
  imageLoaded,
  networkConnection,
  processAccess,
  processCreation,
  processTerminated,
  registryEvent,
} from './sysmon.js';

type Builder = (scene: Scene) => object;

/** Roughly the share each event kind has in a Sysmon plus Security collection. */
const MIX: readonly (readonly [Builder, number])[] = [
  [(s) => processCreation(s), 10],
  [networkConnection, 15],
  [processTerminated, 8],
  [imageLoaded, 20],
  [processAccess, 4],
  [fileCreated, 8],
  [(s) => registryEvent(s, 12), 5],
  [(s) => registryEvent(s, 13), 8],
  [dnsQuery, 8],
  [logonSuccess, 5],
  [logonFailure, 1],
  [logoff, 4],
  [specialPrivileges, 2],
  [(s) => securityProcessCreation(s), 6],
  [kerberosTgt, 2],
  [kerberosServiceTicket, 3],
  [(s) => scriptBlock(s), 2],
];

export interface Plant {
  index: number;
  kind: string;
  expect: readonly string[];
}

/** Spreads the plants evenly over the first `count` events, in a fixed shuffled order of kinds. */
export function plantPositions(count: number, random: Random): Map<number, (typeof ATTACKS)[number]> {
  const kinds = ATTACKS.flatMap((attack) => Array.from({ length: PLANTS_PER_KIND }, () => attack));
  const positions = new Map<number, (typeof ATTACKS)[number]>();
  const step = Math.floor(count / (kinds.length + 1));
  if (step < 2) return positions;
  kinds.forEach((attack, i) => positions.set((i + 1) * step + random.int(0, step - 1), attack));
  return positions;
}

export async function generate(file: string, count: number, maxBytes: number | null): Promise<Plant[]> {
  const random = new Random(20260302);
  const scene = new Scene(random);
  const plants = plantPositions(count, new Random(7));
  const planted: Plant[] = [];
  const out = createWriteStream(file);
  let batch = '';
  let written = 0;
  for (let index = 0; maxBytes === null ? index < count : written < maxBytes; index++) {
    scene.advance();
    const attack = plants.get(index);
    const event = attack ? attack.build(scene) : random.weighted(MIX)(scene);
    if (attack) planted.push({ index, kind: attack.kind, expect: attack.expect });
    batch += `${JSON.stringify(event)}\n`;
    if (batch.length > 1 << 20) {
      written += Buffer.byteLength(batch);
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  writeFileSync(`${file}.planted.json`, JSON.stringify(planted, null, 1));
  return planted;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isMain) {
  const [file, countText, flag, bytesText] = process.argv.slice(2);
  if (!file) throw new Error('usage: generate.ts <out.ndjson> [N] [--bytes B]');
  const count = Number(countText ?? 1_000_000);
  const maxBytes = flag === '--bytes' ? Number(bytesText) : null;
  const started = performance.now();
  const planted = await generate(file, count, maxBytes);
  const seconds = (performance.now() - started) / 1000;
  console.error(`wrote ${file} (${planted.length} planted attacks) in ${seconds.toFixed(1)} s`);
}
