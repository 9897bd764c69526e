import { z } from 'zod';
import { LifelineError } from '../../../../kernel/errors.js';
import type { CorrelationType, DetectEvent } from '../../types.js';
import type { Entry } from './aggregate.js';
import { GroupState } from './group-state.js';
import { groupKey, type CorrelationPlan, type PlannedCorrelation } from './plan.js';
import './errors.js';

const FORMAT = 'lifeline.correlation-state' as const;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const eventSchema = z.object({
  fields: z.record(z.string(), z.union([scalar, z.array(scalar)])),
  source: z.object({
    kind: z.enum(['syslog-udp', 'syslog-tcp', 'syslog-tls', 'http', 'file', 'scan', 'stream']),
    name: z.string(),
    address: z.string().optional(),
  }),
  receivedAt: z.string(),
  time: z.string().optional(),
  raw: z.string(),
});
const entrySchema = z.object({
  t: z.number().finite(),
  /** The id of the rule or correlation, not its position, so edits to `rules` cannot mislabel it. */
  rule: z.string(),
  value: z.union([z.string(), z.number().finite(), z.null()]),
  events: z.array(eventSchema),
});
const groupSchema = z.object({
  key: z.string(),
  correlation: z.string(),
  group: z.record(z.string(), z.string()),
  latest: z.number().finite(),
  consumedUntil: z.number().finite().nullable(),
  entries: z.array(entrySchema),
});
const snapshotSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  groups: z.array(groupSchema),
});

/** Plain JSON: safe to send over the bus or keep in a store. */
export interface CorrelationSnapshot {
  readonly format: typeof FORMAT;
  readonly version: 1;
  readonly groups: readonly SnapshotGroup[];
}

export interface SnapshotGroup {
  readonly key: string;
  readonly correlation: string;
  readonly group: Readonly<Record<string, string>>;
  readonly latest: number;
  readonly consumedUntil: number | null;
  readonly entries: readonly SnapshotEntry[];
}

export interface SnapshotEntry {
  readonly t: number;
  readonly rule: string;
  readonly value: string | number | null;
  readonly events: readonly DetectEvent[];
}

type ParsedGroup = z.infer<typeof groupSchema>;

export function writeSnapshot(states: readonly GroupState[], plan: CorrelationPlan): CorrelationSnapshot {
  const groups = states.flatMap((state): SnapshotGroup[] => {
    const correlation = plan.byId.get(state.correlationId);
    if (correlation === undefined) return [];
    const entries = state.entries.map((e) => ({
      t: e.t,
      rule: correlation.refs[e.ref]?.target ?? '',
      value: e.value,
      events: e.events,
    }));
    const { key, group, latest, consumedUntil } = state;
    return [{ key, correlation: state.correlationId, group: { ...group }, latest, consumedUntil, entries }];
  });
  return { format: FORMAT, version: 1, groups };
}

function eventOf(e: z.infer<typeof eventSchema>): DetectEvent {
  const { address, ...source } = e.source;
  return {
    fields: e.fields,
    source: address === undefined ? source : { ...source, address },
    receivedAt: e.receivedAt,
    ...(e.time === undefined ? {} : { time: e.time }),
    raw: e.raw,
  };
}

function fits(type: CorrelationType, value: string | number | null): boolean {
  switch (type) {
    case 'event_count':
    case 'temporal':
    case 'temporal_ordered':
      return value === null;
    case 'value_count':
      return typeof value === 'string';
    case 'value_sum':
    case 'value_avg':
    case 'value_percentile':
      return typeof value === 'number';
  }
}

/** A snapshot group for a correlation as it is defined now; undefined when that changed underneath it. */
function stateOf(g: ParsedGroup, correlation: PlannedCorrelation | undefined): GroupState | undefined {
  if (correlation === undefined) return undefined;
  const def = correlation.definition;
  const values = def.groupBy.map((n) => (Object.hasOwn(g.group, n) ? g.group[n] : undefined));
  if (values.some((v) => v === undefined) || groupKey(def.id, values as string[]) !== g.key) return undefined;
  const entries: Entry[] = g.entries.flatMap((e) => {
    const ref = correlation.refs.findIndex((r) => r.target === e.rule);
    if (ref < 0 || !fits(def.type, e.value)) return [];
    return [{ t: e.t, ref, value: e.value, events: e.events.map(eventOf) }];
  });
  entries.sort((a, b) => a.t - b.t);
  const group = Object.fromEntries(def.groupBy.map((n, i) => [n, values[i]!]));
  return new GroupState(g.key, def.id, group, def.timespanMs, entries, g.latest, g.consumedUntil);
}

/** Reads one snapshot or a list of them; groups of removed or regrouped correlations are left out. */
export function readSnapshot(input: unknown, plan: CorrelationPlan): GroupState[] {
  const parsed = z.array(snapshotSchema).safeParse(Array.isArray(input) ? input : [input]);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new LifelineError('DETECT_CORRELATION_SNAPSHOT_INVALID', undefined, { where });
  }
  return parsed.data.flatMap((s) => s.groups.flatMap((g) => stateOf(g, plan.byId.get(g.correlation)) ?? []));
}
