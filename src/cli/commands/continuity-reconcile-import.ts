import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { withReconcile } from './continuity-reconcile-service.js';

export function registerContinuityReconcileImport(reconcile: Command, ctx: CliContext): void {
  reconcile
    .command('import <file>')
    .description(
      'import a signed downtime documentation file from the offline viewer into the review queue; ' +
        'malformed entries are listed, the rest kept',
    )
    .option('--json', 'print the import as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      let bundle: unknown;
      try {
        bundle = JSON.parse(await readFile(resolve(ctx.io.cwd, file), 'utf8'));
      } catch {
        throw new LifelineError('CONTINUITY_RECONCILE_BUNDLE_INVALID', 'The file cannot be read as JSON', {
          file,
        });
      }
      const result = await withReconcile(ctx, command, (queue) => queue.importBundle(bundle, ctx.who));
      const record = result.import;
      if (options.json) ctx.json(result);
      else {
        ctx.out(
          `${result.created ? 'imported' : 'already imported'} ${file} as ${record.id} (export ${record.exportId}, key ${record.keyId})`,
        );
        ctx.out(
          `${record.items} items to review, ${record.duplicates} already known, ${record.openings} viewer openings audited`,
        );
        for (const rejected of record.rejected.slice(0, 20)) {
          ctx.out(
            `  rejected ${rejected.position}${rejected.resourceType ? ` (${rejected.resourceType})` : ''}: ${rejected.reason}`,
          );
        }
        if (record.rejected.length > 20) ctx.out(`  … and ${record.rejected.length - 20} more`);
      }
      // The rest was taken in; a script still learns that not everything was.
      if (record.rejected.length > 0) ctx.exitCode = 1;
    });
}
