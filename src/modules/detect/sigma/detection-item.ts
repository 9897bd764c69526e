/** One `field|modifiers: values` entry (or a keyword list) turned into a checked DetectionItem. */
import { parseCidr } from './cidr.js';
import { planModifiers, type ModifierPlan } from './modifiers.js';
import { applyTransforms, type Placeholders } from './pattern-chain.js';
import { SigmaProblem } from './problem.js';
import { regexValue } from './regex-value.js';
import type { DetectionItem, MatchSpec, TimePart } from './rule-model.js';
import { parseSigmaString, plainString } from './sigma-string.js';

export type Scalar = string | number | boolean | null;

export interface ItemInput {
  /** The key as written, e.g. `CommandLine|contains|all`; null for a bare keyword list. */
  readonly key: string | null;
  readonly values: readonly Scalar[];
  /** The values were written as a YAML list (even a one-element one). */
  readonly isList: boolean;
  readonly line: number;
}

const TIME_RANGES: Readonly<Record<TimePart, readonly [number, number]>> = {
  minute: [0, 59],
  hour: [0, 23],
  day: [1, 31],
  week: [1, 53],
  month: [1, 12],
  year: [0, 9999],
};

export function buildItem(input: ItemInput, placeholders: Placeholders): DetectionItem {
  try {
    return buildChecked(input, placeholders);
  } catch (error) {
    if (error instanceof SigmaProblem && error.line === undefined) {
      const where = input.key === null ? 'keywords' : `"${input.key}"`;
      throw new SigmaProblem(`${where}: ${error.reason}`, input.line);
    }
    throw error;
  }
}

function buildChecked(input: ItemInput, placeholders: Placeholders): DetectionItem {
  const [fieldPart, ...chain] = input.key === null ? [''] : input.key.split('|');
  const field = fieldPart === '' ? null : (fieldPart ?? null);
  const plan = planModifiers(chain);
  const { values } = input;
  if (values.length === 0) throw new SigmaProblem('has no values');
  if (field === null && plan.kind !== 'pattern' && plan.kind !== 'regex') {
    throw new SigmaProblem('keyword searches take plain values or "re" only');
  }
  if (field === null && plan.negate)
    throw new SigmaProblem('keyword searches cannot use "neq"; negate in the condition');
  if (plan.all && values.length < 2) throw new SigmaProblem('"all" needs a list of at least two values');
  const match = values.includes(null)
    ? nullMatch(values, input.isList, chain)
    : valueMatch(plan, values, placeholders);
  return {
    field,
    match,
    all: plan.all,
    cased: plan.cased,
    negate: plan.negate,
    ...(plan.timePart === undefined ? {} : { timePart: plan.timePart }),
    line: input.line,
  };
}

function nullMatch(values: readonly Scalar[], isList: boolean, chain: readonly string[]): MatchSpec {
  if (isList || values.length > 1) throw new SigmaProblem('null cannot be part of a list of values');
  if (chain.length > 0) throw new SigmaProblem('null cannot take modifiers (use "exists" instead)');
  return { kind: 'null' };
}

function valueMatch(plan: ModifierPlan, values: readonly Scalar[], placeholders: Placeholders): MatchSpec {
  switch (plan.kind) {
    case 'exists': {
      const [value] = values;
      if (values.length !== 1 || typeof value !== 'boolean') {
        throw new SigmaProblem('"exists" takes a single true or false');
      }
      return { kind: 'exists', present: value };
    }
    case 'pattern': {
      const parsed = values.map((v) =>
        typeof v === 'string' ? parseSigmaString(v, plan.expand) : plainString(String(v)),
      );
      return { kind: 'pattern', values: applyTransforms(parsed, plan.transforms, placeholders) };
    }
    case 'regex':
      return { kind: 'regex', values: values.map((v) => regexValue(String(v), plan.regexFlags)) };
    case 'cidr':
      return {
        kind: 'cidr',
        values: values.map((v) => {
          const network = parseCidr(String(v));
          if (!network) throw new SigmaProblem(`"${String(v)}" is not an IPv4 or IPv6 network`);
          return network;
        }),
      };
    case 'compare':
      return { kind: 'compare', op: plan.op ?? 'eq', values: values.map((v) => numberValue(v)) };
    case 'time':
      return { kind: 'compare', op: plan.op ?? 'eq', values: values.map((v) => timeValue(v, plan)) };
    case 'fieldref':
      return {
        kind: 'fieldref',
        position: plan.position,
        values: values.map((v) => {
          if (typeof v !== 'string' || v === '') throw new SigmaProblem('"fieldref" takes field names');
          return v;
        }),
      };
  }
}

function numberValue(value: Scalar): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isFinite(number) || (typeof value === 'string' && value.trim() === '')) {
    throw new SigmaProblem(`"${String(value)}" is not a number`);
  }
  return number;
}

function timeValue(value: Scalar, plan: ModifierPlan): number {
  const number = numberValue(value);
  const part = plan.timePart ?? 'year';
  const [low, high] = TIME_RANGES[part];
  if (!Number.isInteger(number) || number < low || number > high) {
    throw new SigmaProblem(`"${String(value)}" is not a valid ${part} (${low}–${high})`);
  }
  return number;
}
