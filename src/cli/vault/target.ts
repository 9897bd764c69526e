import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import {
  type Repository,
  type VaultTarget,
  initRepository,
  openRepository,
} from '../../modules/vault/index.js';
import type { CliContext } from '../context.js';

export interface VaultGlobalOptions {
  repo?: string;
  passwordFile?: string;
}

/** `--repo` and `--password-file`, with the same meaning as restic's, on the `vault` command. */
export function addVaultOptions(vault: Command): Command {
  return vault
    .option('-r, --repo <location>', 'repository location (default: $LIFELINE_VAULT_REPO)')
    .option(
      '-p, --password-file <file>',
      'read the repository password from this file (default: $LIFELINE_VAULT_PASSWORD)',
    );
}

export function vaultTarget(command: Command, ctx: CliContext): VaultTarget {
  const options = command.optsWithGlobals<VaultGlobalOptions>();
  const repo = options.repo ?? ctx.io.env.LIFELINE_VAULT_REPO;
  if (!repo) throw new LifelineError('CLI_USAGE', 'say which repository with --repo or LIFELINE_VAULT_REPO');
  let password = ctx.io.env.LIFELINE_VAULT_PASSWORD;
  if (options.passwordFile) {
    const file = isAbsolute(options.passwordFile)
      ? options.passwordFile
      : resolve(ctx.io.cwd, options.passwordFile);
    try {
      // Like restic: the first line of the file, without its line break.
      password = readFileSync(file, 'utf8').split(/\r?\n/)[0];
    } catch {
      throw new LifelineError('CLI_USAGE', `the password file ${options.passwordFile} cannot be read`);
    }
  }
  if (!password) {
    throw new LifelineError(
      'CLI_USAGE',
      'give the repository password with --password-file or LIFELINE_VAULT_PASSWORD',
    );
  }
  return { repo: isAbsolute(repo) || repo.includes(':') ? repo : resolve(ctx.io.cwd, repo), password };
}

export function openVault(command: Command, ctx: CliContext): Promise<Repository> {
  return openRepository(vaultTarget(command, ctx));
}

export function initVault(command: Command, ctx: CliContext, version: 1 | 2): Promise<Repository> {
  return initRepository(vaultTarget(command, ctx), { version });
}
