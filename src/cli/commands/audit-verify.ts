import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { EXIT_FAILURE } from '../failure.js';

export function registerAuditVerify(audit: Command, ctx: CliContext): void {
  audit
    .command('verify')
    .description('check the hash chain of the whole audit log; exits 1 when a record was altered or removed')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await ctx.withServices(command, (services) => services.audit.verify());
      if (options.json) {
        ctx.json(result);
        if (!result.ok) ctx.exitCode = EXIT_FAILURE;
        return;
      }
      if (!result.ok) {
        throw new LifelineError(
          'AUDIT_CHAIN_BROKEN',
          `audit chain broken at record ${result.brokenAt}: ${result.reason}${intact(result.records)}`,
          { seq: result.brokenAt },
        );
      }
      ctx.out(`audit log intact: ${result.records} records, head ${result.headHash}`);
    });
}

function intact(count: number): string {
  if (count === 0) return '';
  return count === 1 ? '; record 1 is intact' : `; records 1 to ${count} are intact`;
}
