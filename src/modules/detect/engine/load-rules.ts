/** Loading rules from disk: read the files, then compile (compile-rules.ts). */
import { buildLoadedRules } from './compile-rules.js';
import { collectDocuments } from './collect-documents.js';
import { readRuleFiles } from './read-rule-files.js';
import type { LoadedRules, LoadRulesOptions } from './types.js';

export async function loadRules(options: LoadRulesOptions): Promise<LoadedRules> {
  const { files, problems } = await readRuleFiles(options.paths);
  const collected = collectDocuments(files, options.placeholders ?? {});
  const { loaded } = buildLoadedRules(
    {
      ...collected,
      problems: [...problems, ...collected.problems],
      documentCount: collected.documentCount + problems.length,
    },
    options,
  );
  return loaded;
}
