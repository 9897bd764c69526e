/**
 * A detection item as a closure over the event view. Field names are resolved to slots here (through
 * the pipeline's field mappings); a field mapped to several event fields matches on any of them.
 */
import type { DetectionItem, Position, TimePart } from '../sigma/index.js';
import type { AtomEstimate } from './atom-estimate.js';
import type { EventView, FieldSlots, TextValue } from './event-view.js';
import type { TextTest } from './pattern-test.js';
import { timePartOf } from './time-part.js';
import { numberCompare, textTests, type ValueTests } from './value-tests.js';

export type EventTest = (view: EventView) => boolean;

export interface CompileContext {
  readonly slots: FieldSlots;
  /** Rule field name → the event field names that carry it. */
  resolveField(name: string): readonly string[];
  readonly regexes: Map<string, RegExp>;
  /** For the prefilter's choice of atoms (see atoms.ts). */
  readonly estimate?: AtomEstimate;
}

const NEVER: EventTest = () => false;

export function compileItem(item: DetectionItem, ctx: CompileContext): EventTest {
  if (item.field === null) return compileKeywords(item, ctx);
  const slots = ctx.resolveField(item.field).map((name) => ctx.slots.slot(name));
  const perField = slots.map((slot) => compileOnSlot(item, slot, ctx));
  return anyOf(perField);
}

function anyOf(tests: readonly EventTest[]): EventTest {
  if (tests.length === 0) return NEVER;
  if (tests.length === 1) return tests[0] as EventTest;
  return (view) => tests.some((test) => test(view));
}

function compileOnSlot(item: DetectionItem, slot: number, ctx: CompileContext): EventTest {
  const { match } = item;
  switch (match.kind) {
    case 'exists':
      return match.present ? (view) => view.present(slot) : (view) => !view.present(slot);
    case 'null':
      return (view) => {
        const value = view.text(slot);
        return value === undefined || value === null || (typeof value !== 'string' && value.length === 0);
      };
    case 'fieldref': {
      const others = match.values.flatMap((name) => ctx.resolveField(name).map((n) => ctx.slots.slot(n)));
      return negated(item, slot, fieldRefTest(slot, others, match.position, !item.cased));
    }
    case 'compare':
      if (item.timePart !== undefined) return negated(item, slot, timeTest(item, slot, item.timePart));
      break;
    case 'pattern':
    case 'regex':
    case 'cidr':
      break;
  }
  const tests = textTests(match, item.cased, item.all, ctx.regexes) as ValueTests;
  return negated(item, slot, slotTest(slot, tests, item.all));
}

/** `neq`: the field must be there, and the positive test must fail. */
function negated(item: DetectionItem, slot: number, positive: EventTest): EventTest {
  if (!item.negate) return positive;
  return (view) => {
    const value = view.text(slot);
    return value !== undefined && value !== null && !positive(view);
  };
}

function slotTest(slot: number, tests: ValueTests, all: boolean): EventTest {
  const { any, each, lower } = tests;
  const listTest = (values: readonly string[]): boolean =>
    all ? each.every((test) => values.some(test)) : values.some(any);
  if (lower) {
    return (view) => {
      const value = view.lower(slot);
      if (typeof value === 'string') return any(value);
      return value !== undefined && value !== null && listTest(value);
    };
  }
  return (view) => {
    const value = view.text(slot);
    if (typeof value === 'string') return any(value);
    return value !== undefined && value !== null && listTest(value);
  };
}

function compileKeywords(item: DetectionItem, ctx: CompileContext): EventTest {
  const match =
    item.match.kind === 'pattern'
      ? { kind: 'pattern' as const, values: item.match.values.map(asContains) }
      : item.match;
  const tests = textTests(match, item.cased, item.all, ctx.regexes);
  if (!tests) return NEVER;
  const { any, each, lower } = tests;
  return (view) => {
    const strings = view.strings(lower);
    return item.all ? each.every((test) => strings.some(test)) : strings.some(any);
  };
}

type Tokens = Extract<DetectionItem['match'], { kind: 'pattern' }>['values'][number];

/** Keywords are found anywhere inside a field's text. */
function asContains(value: Tokens): Tokens {
  const star = { kind: 'star' as const };
  const head = value[0]?.kind === 'star' ? value : [star, ...value];
  return head[head.length - 1]?.kind === 'star' ? head : [...head, star];
}

function timeTest(item: DetectionItem, slot: number, part: TimePart): EventTest {
  if (item.match.kind !== 'compare') return NEVER;
  const { op, values } = item.match;
  const compares = values.map((bound) => numberCompare(op, bound));
  const test = (n: number): boolean => (item.all ? compares.every((c) => c(n)) : compares.some((c) => c(n)));
  return (view) => {
    const value = view.original(slot);
    const items = Array.isArray(value) ? value : [value];
    return items.some((entry) => {
      const number = timePartOf(entry ?? undefined, part);
      return number !== undefined && test(number);
    });
  };
}

function fieldRefTest(
  slot: number,
  others: readonly number[],
  position: Position,
  lower: boolean,
): EventTest {
  const compare = positionCompare(position);
  const read = (view: EventView, s: number): TextValue => (lower ? view.lower(s) : view.text(s));
  return (view) => {
    const mine = read(view, slot);
    if (mine === undefined || mine === null) return false;
    return others.some((other) => {
      const theirs = read(view, other);
      if (theirs === undefined || theirs === null) return false;
      return listOf(mine).some((a) => listOf(theirs).some((b) => compare(a, b)));
    });
  };
}

function listOf(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function positionCompare(position: Position): (value: string, reference: string) => boolean {
  switch (position) {
    case 'exact':
      return (a, b) => a === b;
    case 'contains':
      return (a, b) => a.includes(b);
    case 'startswith':
      return (a, b) => a.startsWith(b);
    case 'endswith':
      return (a, b) => a.endsWith(b);
  }
}

export type { TextTest };
