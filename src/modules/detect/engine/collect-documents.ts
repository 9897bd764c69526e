/**
 * First stage of loading: every file split into documents, every document read into a rule, a
 * filter, a correlation document or a problem. Duplicate ids and names become problems here, so
 * later stages can index rules by them.
 */
import {
  parseSigmaDocument,
  splitYamlDocuments,
  type Placeholders,
  type SigmaFilter,
  type SigmaRule,
  type YamlDocument,
} from '../sigma/index.js';
import type { RuleProblem } from '../types.js';
import type { CorrelationDocument } from './types.js';

export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

export interface Collected {
  readonly rules: SigmaRule[];
  readonly filters: SigmaFilter[];
  readonly correlations: CorrelationDocument[];
  readonly problems: RuleProblem[];
  readonly documentCount: number;
  /** Every readable document with what it became, for the linter. */
  readonly documents: { readonly yaml: YamlDocument; readonly rule?: SigmaRule }[];
}

export function collectDocuments(files: readonly SourceFile[], placeholders: Placeholders): Collected {
  const out: Collected = {
    rules: [],
    filters: [],
    correlations: [],
    problems: [],
    documentCount: 0,
    documents: [],
  };
  let documentCount = 0;
  const owners = new Map<string, { file: string; line: number }>();
  const names = new Map<string, { file: string; line: number }>();
  for (const { file, text } of files) {
    const split = splitYamlDocuments(file, text);
    out.problems.push(...split.problems);
    documentCount += split.documents.length + split.problems.length;
    if (split.documents.length === 0 && split.problems.length === 0) {
      out.problems.push({ file, line: 1, reason: 'file holds no YAML document' });
      documentCount++;
    }
    for (const yaml of split.documents) {
      const parsed = parseSigmaDocument(yaml, placeholders);
      switch (parsed.kind) {
        case 'problem':
          out.problems.push(parsed.problem);
          out.documents.push({ yaml });
          break;
        case 'correlation':
          out.correlations.push({ doc: parsed.doc, file: parsed.file, line: parsed.line });
          out.documents.push({ yaml });
          break;
        case 'filter': {
          const { filter } = parsed;
          const idOwner = owners.get(filter.id);
          if (idOwner) out.problems.push(duplicateProblem(filter, 'id', filter.id, idOwner));
          else {
            owners.set(filter.id, { file: filter.file, line: filter.line });
            out.filters.push(filter);
          }
          out.documents.push({ yaml });
          break;
        }
        case 'rule': {
          const { rule } = parsed;
          const idOwner = owners.get(rule.id);
          const nameOwner = rule.name === undefined ? undefined : names.get(rule.name);
          if (idOwner) {
            out.problems.push(duplicateProblem(rule, 'id', rule.id, idOwner));
          } else if (nameOwner) {
            out.problems.push(duplicateProblem(rule, 'name', rule.name ?? '', nameOwner));
          } else {
            owners.set(rule.id, { file: rule.file, line: rule.line });
            if (rule.name !== undefined) names.set(rule.name, { file: rule.file, line: rule.line });
            out.rules.push(rule);
          }
          out.documents.push({ yaml, rule });
          break;
        }
      }
    }
  }
  return { ...out, documentCount };
}

function duplicateProblem(
  doc: { file: string; line: number; id: string; title: string },
  kind: string,
  value: string,
  first: { readonly file: string; readonly line: number },
): RuleProblem {
  return {
    file: doc.file,
    line: doc.line,
    reason: `duplicate rule ${kind} "${value}" (first defined in ${first.file}:${first.line})`,
    ruleId: doc.id,
    title: doc.title,
  };
}
