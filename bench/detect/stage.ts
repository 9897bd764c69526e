/**
 * Runs one stage of the detection benchmark over an events file and prints one JSON line of results.
 * Each stage runs in its own process (run.sh starts them) so peak RSS belongs to that stage alone.
 *   npx tsx bench/detect/stage.ts <readline-parse|split-parse|normalise|scan> <file> [--sample-ms N]
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
// The benchmark drives the module below its index, like a test would.
/* eslint-disable no-restricted-imports */
import { normaliseJson } from '../../src/modules/detect/normalise/index.js';
import { loadPipeline } from '../../src/modules/detect/pipeline/index.js';
import { loadRuleSet, readRecords, scanEvents } from '../../src/modules/detect/scan/index.js';
/* eslint-enable no-restricted-imports */
import { RssSampler, peakRssKb, resetPeakRss } from './memory.js';
import { corpusPath } from '../../src/kernel/corpora.testkit.js';

const RULES = corpusPath('sigma', 'rules', 'windows') ?? '../shared/corpora/sigma/rules/windows';
const CHUNK = 1 << 18;

interface Plant {
  index: number;
  kind: string;
  expect: string[];
}

async function readlineParse(file: string): Promise<Record<string, number>> {
  let events = 0;
  const lines = createInterface({
    input: createReadStream(file, { highWaterMark: CHUNK }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line.length === 0) continue;
    JSON.parse(line);
    events++;
  }
  return { events };
}

async function splitAnd(file: string, each: (text: string) => boolean): Promise<Record<string, number>> {
  let events = 0;
  let malformed = 0;
  for await (const batch of readRecords(createReadStream(file, { highWaterMark: CHUNK }), 'auto', {
    maxRecordBytes: 1 << 20,
  })) {
    for (const record of batch) {
      if ('text' in record && each(record.text)) events++;
      else malformed++;
    }
  }
  return { events, malformed };
}

async function scan(file: string): Promise<Record<string, number>> {
  const loadStarted = performance.now();
  const pipeline = await loadPipeline('windows');
  const rules = await loadRuleSet({ paths: [RULES], pipeline });
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  // Compiling 2,400 rules has a peak of its own; the scan's peak is measured from here on.
  const loadPeakRssKb = peakRssKb();
  const scanPeakSeparate = resetPeakRss();
  const scanFromSample = sampler?.samples.length ?? 0;
  const planted = JSON.parse(readFileSync(`${file}.planted.json`, 'utf8')) as Plant[];
  const wanted = new Map(planted.map((plant) => [plant.index, new Set(plant.expect)]));
  const found = new Set<number>();
  const scanStarted = performance.now();
  const run = scanEvents({ rules, input: createReadStream(file, { highWaterMark: CHUNK }), format: 'auto' });
  for await (const match of run) {
    if (wanted.get(match.eventIndex)?.has(match.ruleId)) found.add(match.eventIndex);
  }
  // The last sample while the rules are still held: after this function they may be collected.
  sampler?.stop();
  return {
    events: run.summary.events,
    malformed: run.summary.malformed,
    matches: run.summary.matches,
    rules: rules.loaded.rules.length,
    ruleProblems: rules.problems.length,
    planted: planted.length,
    plantedFound: found.size,
    loadSeconds,
    scanSeconds: (performance.now() - scanStarted) / 1000,
    loadPeakRssKb,
    scanFromSample,
    ...(scanPeakSeparate ? { scanPeakRssKb: peakRssKb() } : {}),
  };
}

const [stage, file, flag, sampleText] = process.argv.slice(2);
if (!stage || !file)
  throw new Error('usage: stage.ts <readline-parse|split-parse|normalise|scan> <file> [--sample-ms N]');
const sampler = flag === '--sample-ms' ? new RssSampler(Number(sampleText)) : null;
const started = performance.now();
let result: Record<string, number>;
switch (stage) {
  case 'readline-parse':
    result = await readlineParse(file);
    break;
  case 'split-parse':
    result = await splitAnd(file, (text) => (JSON.parse(text), true));
    break;
  case 'normalise':
    result = await splitAnd(file, (text) => normaliseJson(text).ok);
    break;
  case 'scan':
    result = await scan(file);
    break;
  default:
    throw new Error(`unknown stage ${stage}`);
}
const seconds = (performance.now() - started) / 1000;
sampler?.stop();
const work = result.scanSeconds ?? seconds;
console.log(
  JSON.stringify({
    stage,
    ...result,
    seconds,
    eventsPerSecond: Math.round((result.events ?? 0) / work),
    peakRssKb: peakRssKb(),
    ...(sampler ? { rssSamplesKb: sampler.samples, heapAfterGcKb: sampler.heapAfterGcKb } : {}),
  }),
);
