/** Helpers for engine tests: rules written inline, compiled, and asked about events. */
import type { EventFields } from '../types.js';
import { compileRules } from './compile-rules.js';
import type { CompileOptions, LoadedRules } from './types.js';

/** A rule document with the given detection body (indented YAML under `detection:`). */
export function rule(
  detection: string,
  meta: { id?: string; logsource?: string; extra?: string } = {},
): string {
  const body = detection
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return [
    'title: Test rule',
    `id: ${meta.id ?? 'test-rule'}`,
    `logsource: ${meta.logsource ?? '{ product: windows, category: process_creation }'}`,
    'level: high',
    ...(meta.extra ? [meta.extra] : []),
    'detection:',
    body,
  ].join('\n');
}

export function compile(text: string, options: CompileOptions = {}): LoadedRules {
  return compileRules([{ file: 'inline.yml', text }], options);
}

/** Compiles one rule (which must compile) and returns a predicate over events. */
export function matcherFor(detection: string, options: CompileOptions = {}): (event: EventFields) => boolean {
  const loaded = compile(rule(detection), options);
  if (loaded.problems.length > 0) {
    throw new Error(`rule did not compile: ${loaded.problems.map((p) => p.reason).join('; ')}`);
  }
  return (event) => loaded.matcher.match(event).length > 0;
}

/** The reasons a rule with this detection is refused (empty when it compiles). */
export function problemsFor(detection: string, options: CompileOptions = {}): string[] {
  return compile(rule(detection), options).problems.map((p) => p.reason);
}
