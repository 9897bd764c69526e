import type { Command } from 'commander';
import { findSnapshot } from '../../modules/vault/index.js';
import { type SideStats, diffSnapshotTrees as diffTrees, indexBlobSize } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { openVault } from '../vault/target.js';

/** restic's size format: three decimals and binary units. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(3)} ${units[unit]}`;
}

const count = (n: number): string => String(n).padStart(5);

function summary(added: SideStats, removed: SideStats, changedFiles: number): string[] {
  return [
    `Files:       ${count(added.files)} new, ${count(removed.files)} removed, ${count(changedFiles)} changed`,
    `Dirs:        ${count(added.dirs)} new, ${count(removed.dirs)} removed`,
    `Others:      ${count(added.others)} new, ${count(removed.others)} removed`,
    `Data Blobs:  ${count(added.dataBlobs)} new, ${count(removed.dataBlobs)} removed`,
    `Tree Blobs:  ${count(added.treeBlobs)} new, ${count(removed.treeBlobs)} removed`,
    `  Added:   ${formatSize(added.bytes)}`,
    `  Removed: ${formatSize(removed.bytes)}`,
  ];
}

export function registerVaultDiff(vault: Command, ctx: CliContext): void {
  vault
    .command('diff')
    .description(
      'show what changed between two snapshots (+ added, - removed, M content, U metadata, T type)',
    )
    .argument('<snapshot1>', 'snapshot id, prefix or latest')
    .argument('<snapshot2>', 'snapshot id, prefix or latest')
    .option('--json', 'print the changes and the totals as JSON')
    .action(async (first: string, second: string, options: { json?: boolean }, command: Command) => {
      const repository = await openVault(command, ctx);
      const lock = await repository.lock({ exclusive: false });
      try {
        const a = await findSnapshot(repository, first);
        const b = await findSnapshot(repository, second);
        const { changes, stats } = await diffTrees(
          repository,
          a.tree,
          b.tree,
          indexBlobSize(repository.index),
        );
        if (options.json) return ctx.json({ snapshots: [a.id, b.id], changes, stats });
        ctx.out(`comparing snapshot ${a.id.slice(0, 8)} to ${b.id.slice(0, 8)}:`);
        ctx.out();
        for (const change of changes) ctx.out(`${change.kind.padEnd(5)}${change.path}`);
        ctx.out();
        for (const line of summary(stats.added, stats.removed, stats.changedFiles)) ctx.out(line);
      } finally {
        await lock.release();
      }
    });
}
