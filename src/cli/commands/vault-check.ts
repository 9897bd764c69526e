import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import { checkRepository } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { openVault } from '../vault/target.js';

interface Options {
  readData?: boolean;
  readDataSubset?: string;
  json?: boolean;
}

function subsetPercent(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent > 0 && percent <= 100)) {
    throw new LifelineError('CLI_USAGE', '--read-data-subset takes a percentage such as 10%');
  }
  return percent;
}

export function registerVaultCheck(vault: Command, ctx: CliContext): void {
  vault
    .command('check')
    .description('check the repository for errors; with --read-data, read and prove every blob')
    .option('--read-data', 'read all data and verify it')
    .option('--read-data-subset <percent>', 'read and verify this share of the data, e.g. 10%')
    .option('--json', 'print the report as JSON')
    .action(async (options: Options, command: Command) => {
      const percent = subsetPercent(options.readDataSubset);
      const repository = await openVault(command, ctx);
      const lock = await repository.lock({ exclusive: false });
      let report;
      try {
        report = await checkRepository(repository, {
          ...(options.readData ? { readData: true } : {}),
          ...(percent !== undefined ? { readDataSubsetPercent: percent } : {}),
        });
      } finally {
        await lock.release();
      }
      if (options.json) ctx.json(report);
      else {
        for (const hint of report.hints) ctx.out(`hint: ${hint}`);
        for (const error of report.errors) ctx.io.stderr.write(`error: ${error}\n`);
        for (const file of report.affected)
          ctx.io.stderr.write(`affected: snapshot ${file.snapshot.slice(0, 8)} ${file.path}\n`);
        ctx.out(
          `${report.snapshots} snapshots, ${report.packs} packs, ${report.packsRead} packs read: ` +
            (report.ok ? 'no errors were found' : `${report.errors.length} error(s)`),
        );
      }
      if (!report.ok) ctx.exitCode = 1;
    });
}
