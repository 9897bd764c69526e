import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import { repositoryStats } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { openVault } from '../vault/target.js';

interface Options {
  mode: string;
  host?: string;
  tag?: string[];
  path?: string[];
  json?: boolean;
}

function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(3)} ${units[unit]}`;
}

export function registerVaultStats(vault: Command, ctx: CliContext): void {
  vault
    .command('stats')
    .description('how big the snapshots are: restored (restore-size) or as stored (raw-data)')
    .argument('[snapshots...]', 'snapshot ids or latest (default: all)')
    .option('--mode <mode>', 'restore-size (default) or raw-data', 'restore-size')
    .option('--host <host>', 'only snapshots of this host')
    .option('--tag <taglist...>', 'only snapshots with these tags')
    .option('--path <path...>', 'only snapshots including these paths')
    .option('--json', 'print the figures as JSON, with restic’s field names')
    .action(async (refs: string[], options: Options, command: Command) => {
      if (options.mode !== 'restore-size' && options.mode !== 'raw-data')
        throw new LifelineError('CLI_USAGE', '--mode is restore-size or raw-data');
      const repository = await openVault(command, ctx);
      const lock = await repository.lock({ exclusive: false });
      let stats;
      try {
        stats = await repositoryStats(repository, {
          mode: options.mode,
          snapshots: refs,
          filter: {
            ...(options.host ? { host: options.host } : {}),
            ...(options.tag ? { tags: options.tag } : {}),
            ...(options.path ? { paths: options.path } : {}),
          },
        });
      } finally {
        await lock.release();
      }
      if (stats.mode === 'restore-size') {
        if (options.json)
          return ctx.out(
            JSON.stringify({
              total_size: stats.totalSize,
              total_file_count: stats.totalFileCount,
              snapshots_count: stats.snapshots,
            }),
          );
        ctx.out('Stats in restore-size mode:');
        ctx.out(`Snapshots processed:   ${stats.snapshots}`);
        ctx.out(`   Total File Count:   ${stats.totalFileCount}`);
        ctx.out(`         Total Size:   ${size(stats.totalSize)}`);
        return;
      }
      if (options.json)
        return ctx.out(
          JSON.stringify({
            total_size: stats.totalSize,
            total_uncompressed_size: stats.totalUncompressedSize,
            compression_ratio: stats.compressionRatio,
            compression_progress: stats.compressionProgress,
            compression_space_saving: stats.compressionSpaceSaving,
            total_blob_count: stats.totalBlobCount,
            snapshots_count: stats.snapshots,
          }),
        );
      ctx.out('Stats in raw-data mode:');
      ctx.out(`Snapshots processed:   ${stats.snapshots}`);
      ctx.out(`   Total Blob Count:   ${stats.totalBlobCount}`);
      ctx.out(` Total Uncompressed Size:   ${size(stats.totalUncompressedSize)}`);
      ctx.out(`         Total Size:   ${size(stats.totalSize)}`);
      ctx.out(`  Compression Ratio:   ${stats.compressionRatio.toFixed(2)}x`);
      ctx.out(`Compression Space Saving:   ${stats.compressionSpaceSaving.toFixed(2)} %`);
    });
}
