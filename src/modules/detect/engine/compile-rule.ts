/**
 * A rule's detection as one closure: each search identifier compiled once, the condition folded
 * over them. Meta filters that name the rule are compiled alongside and negated.
 */
import type { Condition, Detection, SearchExpr } from '../sigma/index.js';
import { compileItem, type CompileContext, type EventTest } from './compile-item.js';

export function compileDetection(detection: Detection, ctx: CompileContext): EventTest {
  const compiled = new Map<string, EventTest>();
  const search = (name: string): EventTest => {
    let test = compiled.get(name);
    if (!test) {
      const expr = detection.searches.get(name);
      // The condition parser only lets known identifiers through.
      if (!expr) throw new Error(`condition names unknown search "${name}"`);
      test = compileSearch(expr, ctx);
      compiled.set(name, test);
    }
    return test;
  };
  return compileCondition(detection.condition, search);
}

/** The rule's test with every filter's condition subtracted from it. */
export function withFilters(rule: EventTest, filters: readonly EventTest[]): EventTest {
  if (filters.length === 0) return rule;
  if (filters.length === 1) {
    const [filter] = filters as [EventTest];
    return (view) => rule(view) && !filter(view);
  }
  return (view) => rule(view) && !filters.some((filter) => filter(view));
}

function compileSearch(expr: SearchExpr, ctx: CompileContext): EventTest {
  switch (expr.kind) {
    case 'item':
      return compileItem(expr.item, ctx);
    case 'and':
      return allOf(expr.items.map((item) => compileSearch(item, ctx)));
    case 'or':
      return someOf(expr.items.map((item) => compileSearch(item, ctx)));
  }
}

function compileCondition(condition: Condition, search: (name: string) => EventTest): EventTest {
  switch (condition.kind) {
    case 'ref':
      return search(condition.name);
    case 'not': {
      const inner = compileCondition(condition.item, search);
      return (view) => !inner(view);
    }
    case 'and':
      return allOf(condition.items.map((item) => compileCondition(item, search)));
    case 'or':
      return someOf(condition.items.map((item) => compileCondition(item, search)));
  }
}

function allOf(tests: readonly EventTest[]): EventTest {
  switch (tests.length) {
    case 1:
      return tests[0] as EventTest;
    case 2: {
      const [a, b] = tests as [EventTest, EventTest];
      return (view) => a(view) && b(view);
    }
    case 3: {
      const [a, b, c] = tests as [EventTest, EventTest, EventTest];
      return (view) => a(view) && b(view) && c(view);
    }
    default:
      return (view) => {
        for (const test of tests) if (!test(view)) return false;
        return true;
      };
  }
}

function someOf(tests: readonly EventTest[]): EventTest {
  switch (tests.length) {
    case 1:
      return tests[0] as EventTest;
    case 2: {
      const [a, b] = tests as [EventTest, EventTest];
      return (view) => a(view) || b(view);
    }
    case 3: {
      const [a, b, c] = tests as [EventTest, EventTest, EventTest];
      return (view) => a(view) || b(view) || c(view);
    }
    default:
      return (view) => {
        for (const test of tests) if (test(view)) return true;
        return false;
      };
  }
}
