/**
 * Reads a `detection:` section (or a filter's `filter:` section) from its YAML nodes: search
 * identifiers become AND/OR trees of detection items, the condition is parsed against them.
 */
import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { parseCondition } from './condition-parser.js';
import { buildItem, type Scalar } from './detection-item.js';
import type { Placeholders } from './pattern-chain.js';
import { SigmaProblem } from './problem.js';
import type { Condition, Detection, SearchExpr } from './rule-model.js';
import { resolveNode, type YamlDocument } from './yaml-documents.js';

export interface DetectionContext {
  readonly yaml: YamlDocument;
  readonly placeholders: Placeholders;
}

/** `reserved` keys of the section that are not search identifiers (besides `condition`). */
export function parseDetection(
  sectionNode: unknown,
  ctx: DetectionContext,
  sectionLine: number,
  reserved: readonly string[] = [],
): Detection {
  const doc = ctx.yaml.document;
  const section = resolveNode(doc, sectionNode);
  if (!isMap(section)) throw new SigmaProblem('detection must be a map', sectionLine);
  const searches = new Map<string, SearchExpr>();
  let conditionNode: unknown;
  for (const pair of section.items) {
    const name = keyText(doc, pair.key, ctx.yaml.lineOf(pair.key));
    if (name === 'condition') conditionNode = pair.value;
    else if (name === 'timeframe' || reserved.includes(name)) continue;
    else searches.set(name, parseSearch(name, pair.value, ctx, ctx.yaml.lineOf(pair.key)));
  }
  if (conditionNode === undefined) throw new SigmaProblem('detection has no condition', sectionLine);
  if (searches.size === 0) throw new SigmaProblem('detection has no search identifier', sectionLine);
  return { searches, condition: parseConditions(conditionNode, [...searches.keys()], ctx) };
}

function parseConditions(node: unknown, names: readonly string[], ctx: DetectionContext): Condition {
  const doc = ctx.yaml.document;
  const resolved = resolveNode(doc, node);
  const line = ctx.yaml.lineOf(resolved);
  const texts = isSeq(resolved) ? resolved.items.map((item) => resolveNode(doc, item)) : [resolved];
  const conditions = texts.map((item) => {
    if (!isScalar(item) || typeof item.value !== 'string') {
      throw new SigmaProblem('condition must be a string or a list of strings', line);
    }
    try {
      return parseCondition(item.value, names);
    } catch (error) {
      if (error instanceof SigmaProblem) throw new SigmaProblem(error.reason, ctx.yaml.lineOf(item));
      throw error;
    }
  });
  if (conditions.length === 0) throw new SigmaProblem('condition list is empty', line);
  return conditions.length === 1 ? (conditions[0] as Condition) : { kind: 'or', items: conditions };
}

function parseSearch(name: string, valueNode: unknown, ctx: DetectionContext, line: number): SearchExpr {
  const doc = ctx.yaml.document;
  const value = resolveNode(doc, valueNode);
  if (isMap(value)) return parseFieldMap(value, ctx);
  if (isSeq(value)) {
    if (value.items.length === 0)
      throw new SigmaProblem(`search identifier "${name}" is an empty list`, line);
    const branches: SearchExpr[] = [];
    const keywords: Scalar[] = [];
    for (const itemNode of value.items) {
      const item = resolveNode(doc, itemNode);
      if (isMap(item)) branches.push(parseFieldMap(item, ctx));
      else if (isScalar(item)) keywords.push(scalarValue(item.value, ctx.yaml.lineOf(item)));
      else throw new SigmaProblem(`search identifier "${name}" has a nested list`, ctx.yaml.lineOf(item));
    }
    if (keywords.length > 0) {
      const item = buildItem({ key: null, values: keywords, isList: true, line }, ctx.placeholders);
      branches.unshift({ kind: 'item', item });
    }
    return branches.length === 1 ? (branches[0] as SearchExpr) : { kind: 'or', items: branches };
  }
  if (isScalar(value) && value.value !== null) {
    const values = [scalarValue(value.value, line)];
    return { kind: 'item', item: buildItem({ key: null, values, isList: false, line }, ctx.placeholders) };
  }
  throw new SigmaProblem(`search identifier "${name}" is empty`, line);
}

function parseFieldMap(map: { items: readonly unknown[] }, ctx: DetectionContext): SearchExpr {
  const doc = ctx.yaml.document;
  const items: SearchExpr[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const line = ctx.yaml.lineOf(pair.key);
    const key = keyText(doc, pair.key, line);
    const value = resolveNode(doc, pair.value);
    let values: Scalar[];
    let isList = false;
    if (isSeq(value)) {
      isList = true;
      values = value.items.map((itemNode) => {
        const item = resolveNode(doc, itemNode);
        if (!isScalar(item)) throw new SigmaProblem(`"${key}": list values must be plain values`, line);
        return scalarValue(item.value, line);
      });
    } else if (isScalar(value)) {
      values = [scalarValue(value.value, line)];
    } else if (value === null) {
      values = [null];
    } else {
      throw new SigmaProblem(`"${key}": a field's value cannot be a map`, line);
    }
    items.push({ kind: 'item', item: buildItem({ key, values, isList, line }, ctx.placeholders) });
  }
  if (items.length === 0) throw new SigmaProblem('a search map is empty', ctx.yaml.lineOf(map));
  return items.length === 1 ? (items[0] as SearchExpr) : { kind: 'and', items };
}

function keyText(doc: Document.Parsed, keyNode: unknown, line?: number): string {
  const key = resolveNode(doc, keyNode);
  if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  throw new SigmaProblem('keys in a detection must be plain strings', line);
}

function scalarValue(value: unknown, line: number): Scalar {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  throw new SigmaProblem('values must be strings, numbers, booleans or null', line);
}
