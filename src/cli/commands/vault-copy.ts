import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError, isLifelineError } from '../../kernel/errors.js';
import {
  type Repository,
  type SnapshotWithId,
  findSnapshot,
  listSnapshots,
  openRepository,
} from '../../modules/vault/index.js';
import { copySnapshots } from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';
import { openVault } from '../vault/target.js';

interface Options {
  toRepo?: string;
  toPasswordFile?: string;
  host?: string;
  tag?: string[];
  json?: boolean;
}

async function openTarget(options: Options, ctx: CliContext): Promise<Repository> {
  const repo = options.toRepo ?? ctx.io.env.LIFELINE_VAULT_TO_REPO;
  if (!repo)
    throw new LifelineError('CLI_USAGE', 'say where to copy to with --to-repo or LIFELINE_VAULT_TO_REPO');
  let password = ctx.io.env.LIFELINE_VAULT_TO_PASSWORD;
  if (options.toPasswordFile) {
    const file = isAbsolute(options.toPasswordFile)
      ? options.toPasswordFile
      : resolve(ctx.io.cwd, options.toPasswordFile);
    try {
      password = readFileSync(file, 'utf8').split(/\r?\n/)[0];
    } catch {
      throw new LifelineError('CLI_USAGE', `the password file ${options.toPasswordFile} cannot be read`);
    }
  }
  if (!password) {
    throw new LifelineError(
      'CLI_USAGE',
      'give the target repository password with --to-password-file or LIFELINE_VAULT_TO_PASSWORD',
    );
  }
  const location = isAbsolute(repo) || repo.includes(':') ? repo : resolve(ctx.io.cwd, repo);
  try {
    return await openRepository({ repo: location, password });
  } catch (error) {
    // Two repositories are involved: say which one refused.
    if (
      isLifelineError(error) &&
      (error.code === 'VAULT_WRONG_PASSWORD' || error.code === 'VAULT_REPO_NOT_FOUND')
    ) {
      throw new LifelineError(error.code, `target repository: ${error.message}`, error.details, {
        cause: error,
      });
    }
    throw error;
  }
}

async function selected(repository: Repository, ids: string[], options: Options): Promise<SnapshotWithId[]> {
  const filter = {
    ...(options.host ? { host: options.host } : {}),
    ...(options.tag ? { tags: options.tag } : {}),
  };
  if (ids.length === 0) return listSnapshots(repository, filter);
  const out: SnapshotWithId[] = [];
  for (const id of ids) out.push(await findSnapshot(repository, id, filter));
  return out;
}

export function registerVaultCopy(vault: Command, ctx: CliContext): void {
  vault
    .command('copy')
    .description('copy snapshots (default: all) into another repository, re-encrypted with its keys')
    .argument('[snapshot...]', 'snapshot ids, prefixes or latest')
    .option('--to-repo <location>', 'target repository (default: $LIFELINE_VAULT_TO_REPO)')
    .option(
      '--to-password-file <file>',
      'target repository password file (default: $LIFELINE_VAULT_TO_PASSWORD)',
    )
    .option('--host <host>', 'only snapshots of this host')
    .option('--tag <tag...>', 'only snapshots with these tags')
    .option('--json', 'print the result as JSON')
    .action(async (ids: string[], options: Options, command: Command) => {
      const source = await openVault(command, ctx);
      const target = await openTarget(options, ctx);
      const sourceLock = await source.lock({ exclusive: false });
      try {
        const targetLock = await target.lock({ exclusive: false });
        try {
          const snapshots = await selected(source, ids, options);
          const result = await copySnapshots(source, target, { snapshots });
          if (options.json) return ctx.json(result);
          const copied = new Map(result.copied.map((c) => [c.source, c.target]));
          for (const snapshot of snapshots) {
            const copy = copied.get(snapshot.id);
            const what = `snapshot ${snapshot.id.slice(0, 8)} of [${snapshot.paths.join(' ')}] at ${snapshot.time.slice(0, 19)}`;
            ctx.out(
              copy ? `${what}: copied as ${copy.slice(0, 8)}` : `${what}: in the target already, skipped`,
            );
          }
          ctx.out(
            `${result.copied.length} copied, ${result.skipped.length} skipped; ` +
              `${result.dataBlobs} data and ${result.treeBlobs} tree blobs, ${result.bytes} bytes`,
          );
        } finally {
          await targetLock.release();
        }
      } finally {
        await sourceLock.release();
        await target.backend.close();
      }
    });
}
