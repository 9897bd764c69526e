/**
 * Sends an event to the rule buckets of the log-source mappings it satisfies. Mappings are grouped
 * by the set of fields their conditions test (e.g. Channel + EventID); each group is a tree of maps,
 * one level per field, keyed by the lowercased condition values. Routing an event walks each tree
 * with the event's own (cached, lowercased) values: a few hash lookups, nothing allocated.
 */
import type { LogsourceMapping } from '../types.js';
import type { CandidateSet } from './candidates.js';
import type { EventView, FieldSlots } from './event-view.js';

/** A level of the tree: value → next level, or → buckets at the last level. */
type Level = Map<string, Level | number[]>;

interface ConditionGroup {
  readonly slots: readonly number[];
  readonly root: Level;
}

export class LogsourceRouter {
  private readonly groups: ConditionGroup[] = [];
  /** Buckets whose mapping has no condition: every event belongs to them. */
  private readonly unconditional: number[] = [];

  /** `mappings[i]` feeds bucket `i`. */
  constructor(mappings: readonly LogsourceMapping[], slots: FieldSlots) {
    const byShape = new Map<string, ConditionGroup>();
    mappings.forEach((mapping, bucket) => {
      const fields = Object.keys(mapping.conditions).sort();
      if (fields.length === 0) {
        this.unconditional.push(bucket);
        return;
      }
      const shape = JSON.stringify(fields);
      let group = byShape.get(shape);
      if (!group) {
        group = { slots: fields.map((field) => slots.slot(field)), root: new Map() };
        byShape.set(shape, group);
        this.groups.push(group);
      }
      insert(
        group.root,
        fields.map((field) => conditionValues(mapping.conditions[field])),
        0,
        bucket,
      );
    });
  }

  route(view: EventView, out: CandidateSet): void {
    for (const bucket of this.unconditional) out.add(bucket);
    for (const group of this.groups) walk(group.root, group.slots, 0, view, out);
  }
}

function insert(level: Level, options: readonly (readonly string[])[], depth: number, bucket: number): void {
  const last = depth === options.length - 1;
  for (const value of options[depth] ?? []) {
    const next = level.get(value);
    if (last) {
      const buckets = (next as number[] | undefined) ?? [];
      if (!buckets.includes(bucket)) buckets.push(bucket);
      level.set(value, buckets);
    } else {
      const child = (next as Level | undefined) ?? new Map();
      level.set(value, child);
      insert(child, options, depth + 1, bucket);
    }
  }
}

function walk(
  level: Level,
  slots: readonly number[],
  depth: number,
  view: EventView,
  out: CandidateSet,
): void {
  const value = view.lower(slots[depth] as number);
  if (typeof value === 'string') step(level.get(value), slots, depth, view, out);
  else if (value) for (const item of value) step(level.get(item), slots, depth, view, out);
}

function step(
  next: Level | number[] | undefined,
  slots: readonly number[],
  depth: number,
  view: EventView,
  out: CandidateSet,
): void {
  if (next === undefined) return;
  if (Array.isArray(next)) {
    for (const bucket of next) out.add(bucket);
  } else {
    walk(next, slots, depth + 1, view, out);
  }
}

function conditionValues(value: string | number | readonly (string | number)[] | undefined): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? (value as readonly (string | number)[]) : [value as string | number];
  return list.map((item) => String(item).toLowerCase());
}
