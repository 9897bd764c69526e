/**
 * The scale-out path end to end: normalised events published to JetStream, one detect worker (every
 * Windows rule, windows pipeline) consuming them in this process. Prints one JSON line.
 *   npx tsx bench/detect/stream.ts <file> <count> <nats-url>
 */
import { createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'nats';
/* eslint-disable no-restricted-imports */
import { natsConnectionOptions, parseNatsUrl } from '../../src/kernel/bus/nats-url.js';
import { normaliseJson } from '../../src/modules/detect/normalise/index.js';
import { loadPipeline } from '../../src/modules/detect/pipeline/index.js';
import { loadRuleSet, readRecords } from '../../src/modules/detect/scan/index.js';
import {
  connectDetectStream,
  DetectEventPublisher,
  DetectWorker,
} from '../../src/modules/detect/stream/index.js';
import type { DetectEvent } from '../../src/modules/detect/types.js';
/* eslint-enable no-restricted-imports */
import { peakRssKb } from './memory.js';
import { corpusPath } from '../../src/kernel/corpora.testkit.js';

const RULES = corpusPath('sigma', 'rules', 'windows') ?? '../shared/corpora/sigma/rules/windows';
const [file, countText, url] = process.argv.slice(2);
if (!file || !countText || !url) throw new Error('usage: stream.ts <file> <count> <nats-url>');
const count = Number(countText);
const layout = {
  stream: `DETECT_BENCH_${process.pid}`,
  prefix: `detect-bench-${process.pid}`,
  partitions: 4,
};

async function* events(): AsyncGenerator<DetectEvent> {
  let sent = 0;
  const receivedAt = new Date().toISOString();
  for await (const batch of readRecords(createReadStream(file as string), 'ndjson', {
    maxRecordBytes: 1 << 20,
  })) {
    for (const record of batch) {
      if (!('text' in record)) continue;
      const normalised = normaliseJson(record.text);
      if (!normalised.ok) continue;
      yield {
        fields: normalised.fields,
        source: { kind: 'file', name: 'bench' },
        receivedAt,
        ...(normalised.time ? { time: normalised.time } : {}),
        raw: record.text,
      };
      if (++sent >= count) return;
    }
  }
}

const rules = await loadRuleSet({ paths: [RULES], pipeline: await loadPipeline('windows') });
const connection = await connectDetectStream({ url, layout, limits: { maxBytes: 4e9 } });
try {
  let started = performance.now();
  const published = await new DetectEventPublisher(connection).publishAll(events());
  const publishSeconds = (performance.now() - started) / 1000;
  let alerts = 0;
  started = performance.now();
  const worker = await DetectWorker.start({
    connection,
    rules,
    onAlert: () => Promise.resolve(void alerts++),
    concurrency: 256,
    maxAckPending: 4096,
  });
  while (worker.stats().events < published) await sleep(100);
  const consumeSeconds = (performance.now() - started) / 1000;
  await worker.stop();
  console.log(
    JSON.stringify({
      stage: 'stream',
      events: published,
      publishPerSecond: Math.round(published / publishSeconds),
      eventsPerSecond: Math.round(published / consumeSeconds),
      seconds: consumeSeconds,
      matches: worker.stats().matches,
      alerts,
      peakRssKb: peakRssKb(),
    }),
  );
} finally {
  await connection.close();
  const nc = await connect(natsConnectionOptions(parseNatsUrl(url), 5000));
  const jsm = await nc.jetstreamManager();
  for (const name of [layout.stream, `KV_${layout.stream}_leases`, `KV_${layout.stream}_state`])
    await jsm.streams.delete(name).catch(() => undefined);
  await nc.close();
}
