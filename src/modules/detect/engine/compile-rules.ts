/**
 * Documents in, LoadedRules out: read every document, attach meta filters, fit rules to the
 * pipeline's log-source mappings, compile each (rule, mapping) pair to a closure with its prefilter
 * atoms, and assemble the matcher.
 */
import type { SigmaFilter, SigmaRule } from '../sigma/index.js';
import type { LogsourceMapping, RuleProblem, RuleSummary } from '../types.js';
import { textStatistics } from './atom-estimate.js';
import { detectionAtoms } from './atoms.js';
import { attachFilters } from './attach-filters.js';
import { collectDocuments, type Collected, type SourceFile } from './collect-documents.js';
import type { CompileContext } from './compile-item.js';
import { compileDetection, withFilters } from './compile-rule.js';
import { FieldSlots } from './event-view.js';
import { withExclusions } from './exclusions.js';
import { LogsourceRouter } from './logsource-router.js';
import { CompiledMatcher, type CompiledUnit, type MatcherPlan } from './matcher.js';
import { identityFields, logsourceFits, mappingResolver, type FieldResolver } from './pipeline-fit.js';
import type { CompileOptions, LoadedRules, RuleSource } from './types.js';

interface Target {
  readonly resolver: FieldResolver;
  readonly mapping?: LogsourceMapping;
}

export function compileRules(files: readonly SourceFile[], options: CompileOptions = {}): LoadedRules {
  return buildLoadedRules(collectDocuments(files, options.placeholders ?? {}), options).loaded;
}

/** Also returns the plan, so tests can build a matcher without the prefilter over the same rules. */
export function buildLoadedRules(
  collected: Collected,
  options: CompileOptions,
): { loaded: LoadedRules; plan: MatcherPlan } {
  const problems: RuleProblem[] = [...collected.problems];
  const attached = attachFilters(collected.rules, collected.filters);
  problems.push(...attached.problems);
  const pipeline = options.pipeline;
  const targets: Target[] = pipeline
    ? pipeline.logsources.map((mapping) => ({ mapping, resolver: mappingResolver(pipeline, mapping) }))
    : [{ resolver: identityFields }];
  const slots = new FieldSlots();
  const regexes = new Map<string, RegExp>();
  const estimate = textStatistics(collected.rules.map((rule) => rule.detection));
  const bucketUnits: CompiledUnit[][] = targets.map(() => []);
  const active: RuleSummary[] = [];
  const inactive: RuleSummary[] = [];
  collected.rules.forEach((rule, ruleIndex) => {
    const fitting = targets
      .map((target, index) => ({ target, index }))
      .filter(({ target }) => !target.mapping || logsourceFits(rule.logsource, target.mapping.logsource));
    const filters = attached.byRule.get(ruleIndex) ?? [];
    try {
      const units = fitting.map(({ target, index }) => ({
        index,
        unit: compileUnit(rule, filters, active.length, {
          slots,
          regexes,
          estimate,
          resolveField: target.resolver,
        }),
      }));
      if (units.length === 0) {
        inactive.push(summaryOf(rule));
        return;
      }
      for (const { index, unit } of units) bucketUnits[index]?.push(unit);
      active.push(summaryOf(rule));
    } catch (error) {
      problems.push({
        file: rule.file,
        line: rule.line,
        reason: `rule cannot be compiled: ${(error as Error).message}`,
        ruleId: rule.id,
        title: rule.title,
      });
    }
  });
  const used = bucketUnits.map((units, index) => ({ units, index })).filter(({ units }) => units.length > 0);
  const router = pipeline
    ? new LogsourceRouter(
        used.map(({ index }) => (targets[index] as Target).mapping as LogsourceMapping),
        slots,
      )
    : null;
  const plan: MatcherPlan = { slots, buckets: used.map(({ units }) => units), router, rules: active };
  const matcher = new CompiledMatcher(plan);
  const sources = sourceIndex(collected.rules, collected.filters);
  const loaded: LoadedRules = {
    rules: active,
    problems,
    inactive,
    filters: attached.applied.map(filterSummary),
    correlationDocuments: collected.correlations,
    source: (ruleId) => sources.get(ruleId),
    matcher,
    withExclusions: (exclusions) => withExclusions(matcher, exclusions),
    documentCount: collected.documentCount,
  };
  return { loaded, plan };
}

function compileUnit(
  rule: SigmaRule,
  filters: readonly SigmaFilter[],
  ruleNumber: number,
  ctx: CompileContext,
): CompiledUnit {
  const test = compileDetection(rule.detection, ctx);
  const filterTests = filters.map((filter) => compileDetection(filter.detection, ctx));
  return {
    rule: ruleNumber,
    test: withFilters(test, filterTests),
    atoms: detectionAtoms(rule.detection, ctx),
  };
}

function summaryOf(rule: SigmaRule): RuleSummary {
  const { product, category, service } = rule.logsource;
  return {
    id: rule.id,
    title: rule.title,
    level: rule.level,
    ...(rule.status === undefined ? {} : { status: rule.status }),
    tags: rule.tags,
    logsource: {
      ...(product === undefined ? {} : { product }),
      ...(category === undefined ? {} : { category }),
      ...(service === undefined ? {} : { service }),
    },
    file: rule.file,
    ...(rule.name === undefined ? {} : { name: rule.name }),
  };
}

function filterSummary(filter: SigmaFilter): RuleSummary {
  const { product, category, service } = filter.logsource;
  return {
    id: filter.id,
    title: filter.title,
    level: 'informational',
    tags: [],
    logsource: {
      ...(product === undefined ? {} : { product }),
      ...(category === undefined ? {} : { category }),
      ...(service === undefined ? {} : { service }),
    },
    file: filter.file,
  };
}

function sourceIndex(rules: readonly SigmaRule[], filters: readonly SigmaFilter[]): Map<string, RuleSource> {
  const sources = new Map<string, RuleSource>();
  for (const doc of [...rules, ...filters]) {
    if (!sources.has(doc.id)) sources.set(doc.id, { file: doc.file, line: doc.line, text: doc.text });
  }
  return sources;
}
