import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import {
  type ExpirePolicy,
  type ForgetGroupResult,
  describePolicy,
  forgetSnapshots,
  parseGroupBy,
  parseKeepDuration,
  parseMaxUnused,
  withExclusiveLock,
} from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../format.js';
import { openVault } from '../vault/target.js';
import { runPrune } from './vault-prune.js';

interface Options {
  keepLast?: string;
  keepHourly?: string;
  keepDaily?: string;
  keepWeekly?: string;
  keepMonthly?: string;
  keepYearly?: string;
  keepWithin?: string;
  keepTag: string[];
  host?: string;
  tag?: string[];
  path?: string[];
  groupBy: string;
  dryRun?: boolean;
  prune?: boolean;
  maxUnused?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new LifelineError('CLI_USAGE', `${flag} takes a whole number`);
  return Number(value);
}

function policyFrom(o: Options): ExpirePolicy {
  const policy: ExpirePolicy = {};
  const counts = [
    ['last', '--keep-last', o.keepLast],
    ['hourly', '--keep-hourly', o.keepHourly],
    ['daily', '--keep-daily', o.keepDaily],
    ['weekly', '--keep-weekly', o.keepWeekly],
    ['monthly', '--keep-monthly', o.keepMonthly],
    ['yearly', '--keep-yearly', o.keepYearly],
  ] as const;
  for (const [rule, flag, value] of counts) {
    const n = count(flag, value);
    if (n !== undefined) policy[rule] = n;
  }
  if (o.keepWithin !== undefined) policy.within = parseKeepDuration(o.keepWithin);
  // Like restic, one --keep-tag value is a comma-separated list that must all be present.
  if (o.keepTag.length > 0) policy.tags = o.keepTag.map((list) => list.split(','));
  return policy;
}

function printGroup(ctx: CliContext, group: ForgetGroupResult): void {
  const where = [
    group.key.hostname !== undefined ? `host [${group.key.hostname}]` : '',
    group.key.paths ? `paths [${group.key.paths.join(', ')}]` : '',
    group.key.tags ? `tags [${group.key.tags.join(', ')}]` : '',
  ].filter(Boolean);
  if (where.length > 0) ctx.out(`snapshots for (${where.join(', ')}):`);
  const reasons = new Map(group.reasons.map((r) => [r.snapshot.id, r.matches.join(', ')]));
  const row = (s: ForgetGroupResult['keep'][number], reason: boolean) => [
    s.id.slice(0, 8),
    s.time.slice(0, 19).replace('T', ' '),
    s.hostname ?? '',
    (s.tags ?? []).join(','),
    ...(reason ? [reasons.get(s.id) ?? ''] : []),
    s.paths.join(' '),
  ];
  if (group.keep.length > 0) {
    ctx.out(`keep ${group.keep.length} snapshots:`);
    ctx.out(
      formatTable(
        ['ID', 'TIME', 'HOST', 'TAGS', 'REASONS', 'PATHS'],
        group.keep.map((s) => row(s, true)),
      ),
    );
    ctx.out();
  }
  if (group.remove.length > 0) {
    ctx.out(`remove ${group.remove.length} snapshots:`);
    ctx.out(
      formatTable(
        ['ID', 'TIME', 'HOST', 'TAGS', 'PATHS'],
        group.remove.map((s) => row(s, false)),
      ),
    );
    ctx.out();
  }
}

export function registerVaultForget(vault: Command, ctx: CliContext): void {
  vault
    .command('forget')
    .description('remove snapshots by id or by a retention policy; --prune also frees their data')
    .argument('[snapshots...]', 'snapshot ids to remove outright (no policy applies then)')
    .option('-l, --keep-last <n>', 'keep the last n snapshots')
    .option('-H, --keep-hourly <n>', 'keep the last n hourly snapshots')
    .option('-d, --keep-daily <n>', 'keep the last n daily snapshots')
    .option('-w, --keep-weekly <n>', 'keep the last n weekly snapshots')
    .option('-m, --keep-monthly <n>', 'keep the last n monthly snapshots')
    .option('-y, --keep-yearly <n>', 'keep the last n yearly snapshots')
    .option(
      '--keep-within <duration>',
      'keep snapshots newer than this before the newest, e.g. 30d or 2y5m7d3h',
    )
    .option('--keep-tag <taglist>', 'keep snapshots with all these tags (tag[,tag]; repeatable)', collect, [])
    .option('--host <host>', 'only consider snapshots of this host')
    .option('--tag <taglist...>', 'only consider snapshots with these tags')
    .option('--path <path...>', 'only consider snapshots including these paths')
    .option('-g, --group-by <fields>', 'group by host, paths and/or tags ("" for one group)', 'host,paths')
    .option('-n, --dry-run', 'only show what would be removed')
    .option('--prune', 'run prune afterwards if snapshots were removed')
    .option('--max-unused <limit>', 'for --prune: unused data to tolerate', '5%')
    .option('--json', 'print the result as JSON')
    .action(async (refs: string[], options: Options, command: Command) => {
      const policy = policyFrom(options);
      const groupBy = parseGroupBy(options.groupBy);
      parseMaxUnused(options.maxUnused ?? '5%');
      const repository = await openVault(command, ctx);
      await withExclusiveLock(repository, async () => {
        const result = await forgetSnapshots(repository, {
          policy,
          snapshots: refs,
          groupBy,
          dryRun: Boolean(options.dryRun),
          filter: {
            ...(options.host ? { host: options.host } : {}),
            ...(options.tag ? { tags: options.tag } : {}),
            ...(options.path ? { paths: options.path } : {}),
          },
        });
        if (options.json)
          ctx.json({ groups: result.groups, removed: result.removed, dryRun: Boolean(options.dryRun) });
        else if (result.nothingAsked) ctx.out('no policy was specified, no snapshots will be removed');
        else {
          if (refs.length === 0) ctx.out(`Applying Policy: ${describePolicy(policy)}`);
          for (const group of result.groups) printGroup(ctx, group);
          const verb = options.dryRun ? 'would remove' : 'removed';
          for (const id of result.removed) ctx.out(`${verb} snapshot ${id.slice(0, 8)}`);
        }
        if (options.prune && result.removed.length > 0) {
          if (!options.json) ctx.out(`${result.removed.length} snapshots have been removed, running prune`);
          await runPrune(ctx, repository, { ...options, dryRun: Boolean(options.dryRun) });
        }
      });
    });
}
