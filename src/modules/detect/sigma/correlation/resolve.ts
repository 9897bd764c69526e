import type { RuleProblem, RuleSummary } from '../../types.js';
import type {
  CorrelationDefinition,
  ReferenceKind,
  ResolvedCorrelation,
  ResolvedCorrelations,
  ResolvedReference,
} from './types.js';

interface Target {
  readonly id: string;
  readonly kind: ReferenceKind;
}

class Lookup {
  private readonly byKey = new Map<string, Map<string, Target>>();

  add(key: string | undefined, target: Target): void {
    if (key === undefined) return;
    const found = this.byKey.get(key) ?? new Map<string, Target>();
    found.set(`${target.kind}:${target.id}`, target);
    this.byKey.set(key, found);
  }

  find(key: string): Target[] {
    return [...(this.byKey.get(key)?.values() ?? [])];
  }
}

function problemOf(def: CorrelationDefinition, reason: string): RuleProblem {
  return { file: def.file, line: def.line, reason, ruleId: def.id, title: def.title };
}

function acceptUniqueIds(defs: readonly CorrelationDefinition[], rules: readonly RuleSummary[]) {
  const ruleIds = new Set(rules.map((r) => r.id));
  const accepted = new Map<string, CorrelationDefinition>();
  const problems: RuleProblem[] = [];
  for (const def of defs) {
    if (accepted.has(def.id)) problems.push(problemOf(def, `another correlation has the id '${def.id}'`));
    else if (ruleIds.has(def.id)) problems.push(problemOf(def, `a detection rule has the id '${def.id}'`));
    else accepted.set(def.id, def);
  }
  return { accepted, problems };
}

function buildLookup(accepted: Iterable<CorrelationDefinition>, rules: readonly RuleSummary[]): Lookup {
  const lookup = new Lookup();
  for (const rule of rules) {
    lookup.add(rule.id, { id: rule.id, kind: 'rule' });
    lookup.add(rule.name, { id: rule.id, kind: 'rule' });
  }
  for (const def of accepted) {
    lookup.add(def.id, { id: def.id, kind: 'correlation' });
    lookup.add(def.name, { id: def.id, kind: 'correlation' });
  }
  return lookup;
}

function describe(key: string, found: readonly Target[]): string | undefined {
  if (found.length === 1) return undefined;
  if (found.length === 0) return `'${key}' names no loaded rule or correlation`;
  return `'${key}' is ambiguous: it names ${found.map((t) => `${t.kind} ${t.id}`).join(' and ')}`;
}

/** Links one correlation's references and aliases, or says why it cannot be linked. */
function link(def: CorrelationDefinition, lookup: Lookup): ResolvedCorrelation | string {
  const targets: Target[] = [];
  for (const ref of def.rules) {
    const found = lookup.find(ref);
    const reason = describe(ref, found);
    if (reason !== undefined || found[0] === undefined) return reason ?? `'${ref}' cannot be resolved`;
    if (targets.some((t) => t.id === found[0]?.id)) return `'${ref}' names a rule already listed in rules`;
    targets.push(found[0]);
  }
  const aliasFields = targets.map((): Record<string, string> => ({}));
  for (const [alias, perRule] of Object.entries(def.aliases)) {
    for (const [key, field] of Object.entries(perRule)) {
      const index = targets.findIndex((t) => lookup.find(key).some((f) => f.id === t.id));
      const slot = aliasFields[index];
      if (slot === undefined)
        return `aliases.${alias} names '${key}', which is not one of the correlation's rules`;
      if (Object.hasOwn(slot, alias)) return `aliases.${alias} gives the rule '${key}' two fields`;
      slot[alias] = field;
    }
  }
  const refs: ResolvedReference[] = targets.map((t, i) => ({
    ref: def.rules[i] ?? t.id,
    target: t.id,
    kind: t.kind,
    aliasFields: aliasFields[i] ?? {},
  }));
  return { definition: def, refs };
}

function upstream(c: ResolvedCorrelation): string[] {
  return c.refs.filter((r) => r.kind === 'correlation').map((r) => r.target);
}

/** Correlations on a cycle, each with the cycle written out. */
function findCycles(linked: ReadonlyMap<string, ResolvedCorrelation>): Map<string, string> {
  const cyclic = new Map<string, string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const next of upstream(linked.get(id)!)) {
      if (!linked.has(next)) continue;
      if (state.get(next) === 'open') {
        const loop = stack.slice(stack.indexOf(next));
        const text = [...loop, next].join(' → ');
        for (const member of loop) if (!cyclic.has(member)) cyclic.set(member, text);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of linked.keys()) if (!state.has(id)) visit(id);
  return cyclic;
}

/** Upstream before downstream, otherwise in the order the definitions were given. */
function dependencyOrder(valid: ReadonlyMap<string, ResolvedCorrelation>): ResolvedCorrelation[] {
  const ordered: ResolvedCorrelation[] = [];
  const placed = new Set<string>();
  const place = (id: string): void => {
    if (placed.has(id)) return;
    placed.add(id);
    const c = valid.get(id)!;
    for (const next of upstream(c)) place(next);
    ordered.push(c);
  };
  for (const id of valid.keys()) place(id);
  return ordered;
}

function suppressed(correlations: readonly ResolvedCorrelation[]): Set<string> {
  const generated = new Set<string>();
  const referenced = new Set<string>();
  for (const c of correlations) {
    for (const r of c.refs) {
      referenced.add(r.target);
      if (c.definition.generate) generated.add(r.target);
    }
  }
  return new Set([...referenced].filter((id) => !generated.has(id)));
}

/**
 * Links correlations to the rules and correlations they name. A correlation that cannot be linked,
 * sits on a cycle, or depends on one that failed, is reported and left out; nothing fails silently.
 */
export function resolveCorrelations(
  defs: readonly CorrelationDefinition[],
  rules: readonly RuleSummary[],
): ResolvedCorrelations {
  const { accepted, problems } = acceptUniqueIds(defs, rules);
  const lookup = buildLookup(accepted.values(), rules);
  const linked = new Map<string, ResolvedCorrelation>();
  for (const def of accepted.values()) {
    const result = link(def, lookup);
    if (typeof result === 'string') problems.push(problemOf(def, result));
    else linked.set(def.id, result);
  }
  for (const [id, loop] of findCycles(linked)) {
    problems.push(
      problemOf(linked.get(id)!.definition, `correlations refer to each other in a cycle: ${loop}`),
    );
    linked.delete(id);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const [id, c] of linked) {
      const broken = upstream(c).find((up) => !linked.has(up));
      if (broken === undefined) continue;
      problems.push(problemOf(c.definition, `it depends on correlation '${broken}', which did not load`));
      linked.delete(id);
      changed = true;
    }
  }
  const correlations = dependencyOrder(linked);
  return { correlations, problems, suppressedRuleIds: suppressed(correlations) };
}
