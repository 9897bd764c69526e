/**
 * The per-event hot path: route the event to its log-source buckets, let each bucket's prefilter
 * pick candidate rules, run only those closures. Scratch state is reused across events (the matcher
 * is synchronous, so one event is in flight at a time); nothing is allocated unless a rule matches.
 */
import type { EventFields, RuleSummary } from '../types.js';
import type { Atom } from './atoms.js';
import { CandidateSet } from './candidates.js';
import type { EventTest } from './compile-item.js';
import { EventView, type FieldSlots } from './event-view.js';
import type { LogsourceRouter } from './logsource-router.js';
import { Prefilter } from './prefilter.js';

export interface EventMatcher {
  match(fields: EventFields): readonly RuleSummary[];
}

export interface CompiledUnit {
  /** Index into MatcherPlan.rules. */
  readonly rule: number;
  readonly test: EventTest;
  readonly atoms: readonly Atom[] | null;
}

export interface MatcherPlan {
  readonly slots: FieldSlots;
  /** Without a router there is at most one bucket, which meets every event. */
  readonly buckets: readonly (readonly CompiledUnit[])[];
  readonly router: LogsourceRouter | null;
  readonly rules: readonly RuleSummary[];
}

interface LiveBucket {
  readonly units: readonly CompiledUnit[];
  readonly prefilter: Prefilter | null;
  readonly candidates: CandidateSet;
}

const NO_MATCHES: readonly RuleSummary[] = Object.freeze([]);

export class CompiledMatcher implements EventMatcher {
  private readonly view: EventView;
  private readonly buckets: readonly LiveBucket[];
  private readonly routed: CandidateSet;
  private readonly matched: CandidateSet;

  constructor(
    private readonly plan: MatcherPlan,
    usePrefilter = true,
  ) {
    this.view = new EventView(plan.slots);
    this.buckets = plan.buckets.map((units) => ({
      units,
      prefilter: usePrefilter ? new Prefilter(units.map((unit) => unit.atoms)) : null,
      candidates: new CandidateSet(units.length),
    }));
    this.routed = new CandidateSet(plan.buckets.length);
    this.matched = new CandidateSet(plan.rules.length);
  }

  match(fields: EventFields): readonly RuleSummary[] {
    const { view, matched } = this;
    view.reset(fields);
    matched.clear();
    const router = this.plan.router;
    if (router) {
      this.routed.clear();
      router.route(view, this.routed);
      for (let i = 0; i < this.routed.size; i++)
        this.runBucket(this.buckets[this.routed.member(i)] as LiveBucket);
    } else if (this.buckets.length > 0) {
      this.runBucket(this.buckets[0] as LiveBucket);
    }
    return matched.size === 0 ? NO_MATCHES : this.summaries();
  }

  private runBucket(bucket: LiveBucket): void {
    const { units, prefilter, candidates } = bucket;
    const { view, matched } = this;
    if (!prefilter) {
      for (const unit of units) if (!matched.has(unit.rule) && unit.test(view)) matched.add(unit.rule);
      return;
    }
    const always = prefilter.always;
    for (let i = 0; i < always.length; i++) {
      const unit = units[always[i] as number] as CompiledUnit;
      if (!matched.has(unit.rule) && unit.test(view)) matched.add(unit.rule);
    }
    candidates.clear();
    prefilter.collect(view, candidates);
    for (let i = 0; i < candidates.size; i++) {
      const unit = units[candidates.member(i)] as CompiledUnit;
      if (!matched.has(unit.rule) && unit.test(view)) matched.add(unit.rule);
    }
  }

  private summaries(): RuleSummary[] {
    const indices: number[] = [];
    for (let i = 0; i < this.matched.size; i++) indices.push(this.matched.member(i));
    indices.sort((a, b) => a - b);
    return indices.map((index) => this.plan.rules[index] as RuleSummary);
  }
}
