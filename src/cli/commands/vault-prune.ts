import type { Command } from 'commander';
import {
  type PruneResult,
  parseMaxUnused,
  pruneRepository,
  withExclusiveLock,
} from '../../modules/vault/index.js';
import type { Repository } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { openVault } from '../vault/target.js';

export interface PruneCliOptions {
  dryRun?: boolean;
  maxUnused?: string;
  json?: boolean;
}

function mib(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(2)} MiB`;
}

/** Prunes under the caller's exclusive lock and prints restic-like figures; shared with forget --prune. */
export async function runPrune(
  ctx: CliContext,
  repository: Repository,
  options: PruneCliOptions,
): Promise<PruneResult> {
  const maxUnused = parseMaxUnused(options.maxUnused ?? '5%');
  const result = await pruneRepository(repository, { dryRun: Boolean(options.dryRun), maxUnused });
  if (options.json) {
    ctx.json(result);
    return result;
  }
  const c = result.counts;
  ctx.out(`used:         ${c.usedBlobs} blobs / ${mib(c.usedBytes)}`);
  ctx.out(`unused:       ${c.unusedBlobs} blobs / ${mib(c.unusedBytes)}`);
  if (c.unindexedBytes > 0) ctx.out(`unreferenced: ${mib(c.unindexedBytes)}`);
  ctx.out(
    `to repack:    ${result.packsRepacked} packs / ${mib(c.repackBytes)}, which removes ${mib(c.repackUnusedBytes)}`,
  );
  ctx.out(`to delete:    ${result.packsRemoved} packs / ${mib(c.removeBytes)}`);
  if (result.unindexedPacksRemoved > 0)
    ctx.out(`to delete:    ${result.unindexedPacksRemoved} unreferenced packs`);
  if (result.missingPacksForgotten > 0)
    ctx.out(`forgetting ${result.missingPacksForgotten} missing pack(s) that held nothing needed`);
  ctx.out(`kept:         ${result.packsKept} packs`);
  ctx.out(
    result.dryRun
      ? `dry run: would free about ${mib(result.bytesFreed)}; nothing was changed`
      : `done: ${result.packsWritten} new pack(s) written, ${mib(result.bytesFreed)} freed` +
          (result.temporariesRemoved > 0
            ? `, ${result.temporariesRemoved} half-written file(s) of interrupted runs removed`
            : ''),
  );
  return result;
}

export function registerVaultPrune(vault: Command, ctx: CliContext): void {
  vault
    .command('prune')
    .description('delete data no snapshot needs any more (takes an exclusive lock)')
    .option('-n, --dry-run', 'only show what would be deleted and repacked')
    .option(
      '--max-unused <limit>',
      'tolerate this much unused data: a percentage, a size (e.g. 100m) or unlimited',
      '5%',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: PruneCliOptions, command: Command) => {
      parseMaxUnused(options.maxUnused ?? '5%');
      const repository = await openVault(command, ctx);
      await withExclusiveLock(repository, () => runPrune(ctx, repository, options));
    });
}
