import { isLifelineError } from '../../../kernel/errors.js';
import type { LoadedRules } from '../engine/index.js';
import { normaliseJson } from '../normalise/index.js';
import { CorrelationEngine, type CorrelationEngineOptions } from '../sigma/correlation/index.js';
import type { CorrelationMatch, DetectEvent, ProcessingPipeline, RuleSummary } from '../types.js';
import { scanError } from './errors.js';
import { type ByteSource, type InputFormat, readRecords } from './input.js';
import { DEFAULT_MAX_RECORD_BYTES, type InputRecord } from './records.js';
import { buildRuleSet, type DetectionRuleSet, loadRuleSet } from './rule-set.js';
import { type ScanMatch, type ScanSummary, SummaryBuilder } from './summary.js';

export interface ScanOptions {
  /** Loaded rules, or rule files and directories to load (with `pipeline` and `placeholders`). */
  readonly rules: DetectionRuleSet | LoadedRules | readonly string[];
  readonly pipeline?: ProcessingPipeline;
  readonly placeholders?: Readonly<Record<string, readonly string[]>>;
  readonly input: ByteSource;
  readonly format?: InputFormat;
  /** Named as the events' source (e.g. the file name), for correlation evidence. */
  readonly sourceName?: string;
  readonly maxRecordBytes?: number;
  /** Malformed records listed by index in the summary; all are counted. Default 100. */
  readonly maxMalformedListed?: number;
  readonly correlation?: Omit<CorrelationEngineOptions, 'ownsKey' | 'chaining'>;
}

/** Evidence kept with a correlation is capped: a scan's memory must not grow with the input. */
const MAX_RAW_CHARS = 8192;
const EXPIRE_EVERY_EVENTS = 10_000;

function isRuleSet(rules: ScanOptions['rules']): rules is DetectionRuleSet {
  return !Array.isArray(rules) && 'loaded' in rules;
}

/**
 * An offline hunt over one input: iterate it for the matches, in input order, then read `summary`.
 * The input is read as a stream, one chunk at a time: memory does not depend on its size.
 */
export class ScanRun implements AsyncIterable<ScanMatch> {
  private result: ScanSummary | null = null;
  private ruleSet: DetectionRuleSet | null = null;

  constructor(private readonly options: ScanOptions) {}

  /** Available once iteration has finished. */
  get summary(): ScanSummary {
    if (this.result === null) throw new Error('the scan has not finished');
    return this.result;
  }

  /** The rules in use, once iteration has started (problems included). */
  get rules(): DetectionRuleSet | null {
    return this.ruleSet;
  }

  [Symbol.asyncIterator](): AsyncIterator<ScanMatch> {
    return this.run();
  }

  private async rulesToUse(): Promise<DetectionRuleSet> {
    const { rules, pipeline, placeholders } = this.options;
    if (isRuleSet(rules)) return rules;
    if (!Array.isArray(rules)) return buildRuleSet(rules as LoadedRules);
    return loadRuleSet({
      paths: rules as readonly string[],
      ...(pipeline ? { pipeline } : {}),
      ...(placeholders ? { placeholders } : {}),
    });
  }

  private async *run(): AsyncGenerator<ScanMatch> {
    const ruleSet = await this.rulesToUse();
    this.ruleSet = ruleSet;
    const { matcher, correlations } = ruleSet;
    const summary = new SummaryBuilder(this.options.maxMalformedListed ?? 100);
    const engine =
      correlations.correlations.length > 0
        ? new CorrelationEngine(correlations, this.options.correlation)
        : null;
    const silent = correlations.suppressedRuleIds;
    const eventIndexes = new WeakMap<DetectEvent, number>();
    const source = { kind: 'scan' as const, name: this.options.sourceName ?? 'scan' };
    const receivedAt = new Date().toISOString();
    let latest = 0;
    const records = readRecords(this.options.input, this.options.format ?? 'auto', {
      maxRecordBytes: this.options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    })[Symbol.asyncIterator]();
    for (;;) {
      const batch = await nextBatch(records);
      if (batch === null) break;
      for (const record of batch) {
        if ('malformed' in record) {
          summary.addMalformed(record.index, record.malformed);
          continue;
        }
        const normalised = normaliseJson(record.text);
        if (!normalised.ok) {
          summary.addMalformed(record.index, normalised.reason);
          continue;
        }
        summary.events++;
        if (engine && summary.events % EXPIRE_EVERY_EVENTS === 0) {
          // Groups whose window has passed can never fire again: drop them so memory stays flat.
          const time = Date.parse(normalised.time ?? receivedAt);
          if (time > latest) latest = time;
          engine.expire(latest);
        }
        const matched = matcher.match(normalised.fields);
        if (matched.length === 0) continue;
        const rules: readonly RuleSummary[] = [...matched];
        const event: DetectEvent = {
          fields: normalised.fields,
          source,
          receivedAt,
          ...(normalised.time === undefined ? {} : { time: normalised.time }),
          raw: record.text.length > MAX_RAW_CHARS ? record.text.slice(0, MAX_RAW_CHARS) : record.text,
        };
        eventIndexes.set(event, record.index);
        for (const rule of rules) {
          if (!silent.has(rule.id)) {
            summary.addMatch(rule.id);
            yield { ruleId: rule.id, title: rule.title, level: rule.level, eventIndex: record.index };
          }
          for (const fired of engine?.observe({ rule, event }) ?? []) {
            if (silent.has(fired.rule.id)) continue;
            summary.addMatch(fired.rule.id);
            yield correlationLine(fired, eventIndexes);
          }
        }
      }
    }
    this.result = summary.build();
  }
}

async function nextBatch(records: AsyncIterator<InputRecord[]>): Promise<InputRecord[] | null> {
  try {
    const next = await records.next();
    return next.done ? null : next.value;
  } catch (error) {
    if (isLifelineError(error)) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw scanError(
      'DETECT_SCAN_INPUT_UNREADABLE',
      `the events cannot be read (${reason})`,
      { reason },
      error,
    );
  }
}

function correlationLine(fired: CorrelationMatch, indexes: WeakMap<DetectEvent, number>): ScanMatch {
  const last = fired.events[fired.events.length - 1];
  return {
    ruleId: fired.rule.id,
    title: fired.rule.title,
    level: fired.rule.level,
    eventIndex: (last && indexes.get(last)) ?? -1,
    correlation: true,
    group: fired.group,
    value: fired.value,
  };
}

/** Hunts through `input` with the given rules; see ScanRun. */
export function scanEvents(options: ScanOptions): ScanRun {
  return new ScanRun(options);
}
