import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'nats';
import { parse } from 'yaml';
import { natsConnectionOptions, parseNatsUrl } from '../../../kernel/bus/nats-url.js';
import {
  parseCorrelation,
  resolveCorrelations,
  type ResolvedCorrelations,
} from '../sigma/correlation/index.js';
import type { DetectEvent, EventFields, RuleSummary } from '../types.js';
import { leaseBucket, type StreamLayout, stateBucket } from './settings.js';

export const testNatsUrl = process.env.LIFELINE_TEST_NATS_URL;

/** A stream, prefix and bucket names of their own, so parallel runs never see each other's messages. */
export function uniqueLayout(partitions = 4): StreamLayout {
  const suffix = randomBytes(5).toString('hex');
  return { stream: `LIFELINE_DETECT_TEST_${suffix}`, prefix: `lifeline-detect-test-${suffix}`, partitions };
}

/** Deletes the stream and the lease and state buckets a test layout created. */
export async function removeLayout(url: string, layout: StreamLayout): Promise<void> {
  const nc = await connect(natsConnectionOptions(parseNatsUrl(url), 5000));
  try {
    const jsm = await nc.jetstreamManager();
    for (const stream of [layout.stream, `KV_${leaseBucket(layout)}`, `KV_${stateBucket(layout)}`])
      await jsm.streams.delete(stream).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

export function rule(id: string, name: string, level: RuleSummary['level'] = 'medium'): RuleSummary {
  return { id, title: `rule ${name}`, level, tags: [], logsource: { product: 'windows' }, name };
}

export function correlations(
  yamlTexts: readonly string[],
  rules: readonly RuleSummary[],
): ResolvedCorrelations {
  const definitions = yamlTexts.map((text, i) => {
    const result = parseCorrelation(parse(text), { file: 'test.yml', line: i + 1 });
    if (!result.ok) throw new Error(`test correlation does not parse: ${result.problem.reason}`);
    return result.correlation;
  });
  const resolved = resolveCorrelations(definitions, rules);
  if (resolved.problems.length > 0)
    throw new Error(`test correlation does not resolve: ${resolved.problems[0]?.reason}`);
  return resolved;
}

export function event(fields: EventFields, time: string): DetectEvent {
  return {
    fields,
    source: { kind: 'stream', name: 'test' },
    receivedAt: time,
    time,
    raw: JSON.stringify(fields),
  };
}

/** Polls until `check` holds; generous, the machine may be busy. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 25_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
