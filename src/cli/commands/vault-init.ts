import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { initVault } from '../vault/target.js';

export function registerVaultInit(vault: Command, ctx: CliContext): void {
  vault
    .command('init')
    .description('create a new encrypted repository (restic format)')
    .option('--repository-version <n>', 'repository format version: 2 (compressed, default) or 1', '2')
    .option('--json', 'print the result as JSON')
    .action(async (options: { repositoryVersion: string; json?: boolean }, command: Command) => {
      const version = Number(options.repositoryVersion);
      if (version !== 1 && version !== 2) {
        throw new LifelineError('CLI_USAGE', '--repository-version must be 1 or 2');
      }
      const repository = await initVault(command, ctx, version);
      const result = {
        id: repository.config.id,
        version: repository.config.version,
        location: repository.backend.location,
      };
      if (options.json) return ctx.json(result);
      ctx.out(
        `created repository ${result.id.slice(0, 10)} (format ${result.version}) at ${result.location}`,
      );
      ctx.out('keep the password safe: without it the backups cannot be read by anyone, Lifeline included');
    });
}
