import type { Command } from 'commander';
import { loadRuleSet, type RuleProblem, validateRules } from '../../modules/detect/index.js';
import type { CliContext } from '../context.js';
import { pipelineOption, placeholdersOption, resolvePath, shownPath } from './detect-options.js';

interface Options {
  pipeline?: string;
  placeholders?: string;
}

function byPlace(a: RuleProblem, b: RuleProblem): number {
  return a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
}

function key(problem: RuleProblem): string {
  return `${problem.file}\u0000${problem.line}\u0000${problem.reason}`;
}

export function registerDetectValidate(detect: Command, ctx: CliContext): void {
  detect
    .command('validate')
    .description('check Sigma rule files: every problem and style warning as file:line: reason')
    .argument('<paths...>', 'rule files or directories (searched recursively)')
    .option('--pipeline <name|path>', 'also check the rules compile under this processing pipeline')
    .option('--placeholders <file>', 'values for %name% placeholders (YAML: name: [values])')
    .action(async (paths: string[], options: Options) => {
      const [pipeline, placeholders] = await Promise.all([
        pipelineOption(ctx, options.pipeline),
        placeholdersOption(ctx, options.placeholders),
      ]);
      const compile = { ...(pipeline ? { pipeline } : {}), ...(placeholders ? { placeholders } : {}) };
      const resolved = paths.map((path) => resolvePath(ctx, path));
      const report = await validateRules(resolved, compile);
      // Correlation rules are linked to the rules they name only when a rule set is built.
      const ruleSet = await loadRuleSet({ paths: resolved, ...compile });
      const seen = new Set(report.problems.map(key));
      const problems = [...report.problems, ...ruleSet.problems.filter((p) => !seen.has(key(p)))].sort(
        byPlace,
      );
      const lines = [
        ...problems.map((p) => ({ p, text: `${shownPath(ctx, p.file)}:${p.line}: ${p.reason}` })),
        ...report.warnings.map((p) => ({
          p,
          text: `${shownPath(ctx, p.file)}:${p.line}: warning: ${p.reason}`,
        })),
      ].sort((a, b) => byPlace(a.p, b.p));
      for (const { text } of lines) ctx.out(text);
      ctx.out(
        `${report.documentCount} document(s) checked: ${problems.length} problem(s), ${report.warnings.length} warning(s)`,
      );
      if (problems.length > 0) ctx.exitCode = 1;
    });
}
