import { LineCounter, parseAllDocuments } from 'yaml';
import type { z } from 'zod';

import { LifelineError } from '../../../kernel/errors.js';
import type { ProcessingPipeline } from '../types.js';
import { pipelineSchema, toProcessingPipeline } from './schema.js';
import { lineOfPath } from './yaml-location.js';

/** Pipelines are short hand-edited files; anything larger is a mistake, not a pipeline. */
export const MAX_PIPELINE_BYTES = 1024 * 1024;

/**
 * Parses and validates one pipeline document. Every failure is a DETECT_PIPELINE_INVALID error
 * whose message and details name the file, the 1-based line and the key path, so an operator can
 * go straight to the mistake.
 */
export function parsePipeline(text: string, file: string): ProcessingPipeline {
  if (Buffer.byteLength(text, 'utf8') > MAX_PIPELINE_BYTES) {
    throw invalid(file, 1, '', `is larger than ${MAX_PIPELINE_BYTES} bytes`);
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) throw invalid(file, 1, '', 'is empty');
  const [doc, extra] = docs;
  if (doc === undefined) throw invalid(file, 1, '', 'is empty');
  if (extra !== undefined) {
    throw invalid(file, lines.linePos(extra.range[0]).line, '', 'holds more than one YAML document');
  }
  const syntax = doc.errors[0];
  if (syntax) {
    throw invalid(
      file,
      lines.linePos(syntax.pos[0]).line,
      '',
      `is not valid YAML: ${firstLine(syntax.message)}`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw invalid(file, 1, '', `cannot be read: ${firstLine(String(error))}`);
  }
  if (value === null || value === undefined) throw invalid(file, 1, '', 'is empty');
  const parsed = pipelineSchema.safeParse(value);
  if (parsed.success) return toProcessingPipeline(parsed.data);
  // A misspelt key also makes the correctly spelt one missing; the misspelling is the useful report.
  const issues = parsed.error.issues;
  const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0];
  if (issue === undefined) throw invalid(file, 1, '', 'is not a valid pipeline');
  const path = issuePath(issue);
  throw invalid(file, lineOfPath(doc, lines, path), path.map(String).join('.'), issue.message);
}

/** An unknown key is reported at the key itself rather than at the object that holds it. */
function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return path;
}

function invalid(file: string, line: number, key: string, reason: string): LifelineError {
  const where = key === '' ? `${file}:${line}` : `${file}:${line}: ${key}`;
  return new LifelineError('DETECT_PIPELINE_INVALID', `${where}: ${reason}`, { file, line, key, reason });
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
