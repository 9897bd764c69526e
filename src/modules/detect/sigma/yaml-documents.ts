/**
 * Splits a rule file into YAML documents and keeps, for each, its text and a way to find the line
 * of any node in it, so every problem can point at the line that caused it.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type ParsedNode,
} from 'yaml';
import type { RuleProblem } from '../types.js';

export interface YamlDocument {
  readonly file: string;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  readonly text: string;
  readonly document: Document.Parsed;
  lineOf(node: unknown): number;
}

export interface SplitResult {
  readonly documents: readonly YamlDocument[];
  readonly problems: readonly RuleProblem[];
}

export function splitYamlDocuments(file: string, source: string): SplitResult {
  const lineCounter = new LineCounter();
  const documents: YamlDocument[] = [];
  const problems: RuleProblem[] = [];
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(source, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return {
      documents,
      problems: [{ file, line: 1, reason: `YAML cannot be read: ${(error as Error).message}` }],
    };
  }
  for (const document of parsed) {
    const start = document.contents?.range[0] ?? document.range[0];
    const line = lineAt(start);
    const [firstError] = document.errors;
    if (firstError) {
      const errorLine = firstError.pos[0] >= 0 ? lineAt(firstError.pos[0]) : line;
      problems.push({ file, line: errorLine, reason: `YAML syntax error: ${firstLine(firstError.message)}` });
      continue;
    }
    if (document.contents === null || (isScalar(document.contents) && document.contents.value === null))
      continue;
    documents.push({
      file,
      line,
      text: documentText(source, document.range[0], document.range[2]),
      document,
      lineOf: (node: unknown) => {
        const range = (node as { range?: readonly number[] | null } | null)?.range;
        return range?.[0] === undefined ? line : lineAt(range[0]);
      },
    });
  }
  return { documents, problems };
}

function documentText(source: string, start: number, end: number): string {
  // The end marker is cut by hand: a regular expression anchored at the end backtracks on long
  // runs of whitespace.
  const text = source
    .slice(start, end)
    .replace(/^---[^\n]*\n/, '')
    .trimEnd();
  return text.endsWith('...') ? text.slice(0, -3).trimEnd() : text;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** A node with aliases followed, so `*anchor` reads like the node it names. */
export function resolveNode(document: Document.Parsed, node: unknown): ParsedNode | Node | null {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 100; hops++) current = current.resolve(document);
  return (current as ParsedNode | null | undefined) ?? null;
}

export type NodeShape = 'map' | 'seq' | 'scalar' | 'none';

export function shapeOf(node: unknown): NodeShape {
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node)) return 'scalar';
  return 'none';
}
