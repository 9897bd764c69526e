/**
 * Modifier chains: which names exist, which may be combined, and in which order. The result is a
 * plan that value-chain.ts applies to the values and the engine compiles.
 */
import type { CompareOp, Position, TimePart } from './rule-model.js';
import { SigmaProblem } from './problem.js';

export type ValueTransform =
  | 'contains'
  | 'startswith'
  | 'endswith'
  | 'windash'
  | 'base64'
  | 'base64offset'
  | 'utf16le'
  | 'utf16be'
  | 'utf16'
  | 'expand';

export type PlanKind = 'pattern' | 'regex' | 'cidr' | 'compare' | 'exists' | 'fieldref' | 'time';

export interface ModifierPlan {
  readonly kind: PlanKind;
  /** Pattern transforms in chain order (position modifiers included: their order matters). */
  readonly transforms: readonly ValueTransform[];
  readonly position: Position;
  readonly all: boolean;
  readonly cased: boolean;
  readonly negate: boolean;
  readonly regexFlags: string;
  readonly op?: CompareOp;
  readonly timePart?: TimePart;
  readonly expand: boolean;
}

const TIME_PARTS: ReadonlySet<string> = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);
const COMPARE_OPS: ReadonlySet<string> = new Set(['lt', 'lte', 'gt', 'gte']);
const POSITIONS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
const TRANSFORMS: ReadonlySet<string> = new Set([
  'windash',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'expand',
]);
const REGEX_FLAGS: Readonly<Record<string, string>> = {
  i: 'i',
  ignorecase: 'i',
  m: 'm',
  multiline: 'm',
  s: 's',
  dotall: 's',
};
const ALIASES: Readonly<Record<string, string>> = { wide: 'utf16le' };
const TYPE_MODIFIERS: ReadonlySet<string> = new Set(['re', 'cidr', 'exists', 'fieldref']);

export const KNOWN_MODIFIERS: ReadonlySet<string> = new Set([
  ...TIME_PARTS,
  ...COMPARE_OPS,
  ...POSITIONS,
  ...TRANSFORMS,
  ...Object.keys(REGEX_FLAGS),
  ...Object.keys(ALIASES),
  ...TYPE_MODIFIERS,
  'all',
  'cased',
  'neq',
]);

function fail(reason: string): never {
  throw new SigmaProblem(reason);
}

/** Checks a modifier chain (the names after the field, in order) and turns it into a plan. */
export function planModifiers(chain: readonly string[]): ModifierPlan {
  const seen = new Set<string>();
  const transforms: ValueTransform[] = [];
  let typeModifier: string | undefined;
  let position: Position = 'exact';
  let op: CompareOp | undefined;
  let timePart: TimePart | undefined;
  let regexFlags = '';
  for (const written of chain) {
    const name = ALIASES[written] ?? written;
    if (written === '') fail('empty modifier name (two "|" in a row or a trailing "|")');
    if (!KNOWN_MODIFIERS.has(written)) fail(`unknown modifier "${written}"`);
    if (seen.has(name)) fail(`modifier "${written}" is given twice`);
    seen.add(name);
    const flag = REGEX_FLAGS[name];
    if (flag !== undefined) {
      if (typeModifier !== 're') fail(`modifier "${written}" must follow "re"`);
      regexFlags += flag;
    } else if (TYPE_MODIFIERS.has(name)) {
      if (typeModifier !== undefined) fail(`modifiers "${typeModifier}" and "${name}" cannot be combined`);
      typeModifier = name;
    } else if (COMPARE_OPS.has(name)) {
      if (op !== undefined) fail(`modifiers "${op}" and "${name}" cannot be combined`);
      op = name as CompareOp;
    } else if (TIME_PARTS.has(name)) {
      if (timePart !== undefined) fail(`modifiers "${timePart}" and "${name}" cannot be combined`);
      if (op !== undefined) fail(`time modifier "${name}" must come before "${op}"`);
      timePart = name as TimePart;
    } else if (POSITIONS.has(name)) {
      if (position !== 'exact') fail(`modifiers "${position}" and "${name}" cannot be combined`);
      position = name as Position;
      transforms.push(name as ValueTransform);
    } else if (TRANSFORMS.has(name)) {
      transforms.push(name as ValueTransform);
    }
  }
  const plan: ModifierPlan = {
    kind: planKind(typeModifier, op, timePart),
    transforms,
    position,
    all: seen.has('all'),
    cased: seen.has('cased'),
    negate: seen.has('neq'),
    regexFlags,
    ...(op === undefined ? {} : { op }),
    ...(timePart === undefined ? {} : { timePart }),
    expand: seen.has('expand'),
  };
  checkCompatibility(plan, seen);
  return plan;
}

function planKind(typeModifier: string | undefined, op: CompareOp | undefined, time: TimePart | undefined) {
  if (typeModifier !== undefined) {
    if (op !== undefined) fail(`modifiers "${typeModifier}" and "${op}" cannot be combined`);
    if (time !== undefined) fail(`modifiers "${typeModifier}" and "${time}" cannot be combined`);
    return typeModifier === 're' ? 'regex' : (typeModifier as PlanKind);
  }
  if (time !== undefined) return 'time';
  return op === undefined ? 'pattern' : 'compare';
}

function checkCompatibility(plan: ModifierPlan, seen: ReadonlySet<string>): void {
  const { kind } = plan;
  if (kind === 'exists' && seen.size > 1) fail('"exists" cannot be combined with other modifiers');
  const transforms = plan.transforms.filter((t) => !POSITIONS.has(t));
  if (transforms.length > 0 && kind !== 'pattern') {
    fail(`modifier "${transforms[0] ?? ''}" only applies to plain string values, not with ${describe(kind)}`);
  }
  if (plan.position !== 'exact' && kind !== 'pattern' && kind !== 'fieldref') {
    fail(`modifier "${plan.position}" cannot be combined with ${describe(kind)}`);
  }
  if (plan.cased && kind !== 'pattern' && kind !== 'fieldref' && kind !== 'regex') {
    fail(`"cased" only applies to string comparisons, not with ${describe(kind)}`);
  }
  if (plan.negate && (kind === 'compare' || kind === 'exists')) {
    fail(`"neq" cannot be combined with ${describe(kind)}`);
  }
  if (plan.negate && plan.all) fail('"neq" already excludes every listed value; "all" cannot be added');
}

function describe(kind: PlanKind): string {
  switch (kind) {
    case 'pattern':
      return 'plain values';
    case 'regex':
      return '"re"';
    case 'cidr':
      return '"cidr"';
    case 'compare':
      return 'a numeric comparison';
    case 'exists':
      return '"exists"';
    case 'fieldref':
      return '"fieldref"';
    case 'time':
      return 'a time modifier';
  }
}
