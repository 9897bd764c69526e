import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerAuditVerify } from './commands/audit-verify.js';
import { registerDbMigrate } from './commands/db-migrate.js';
import { registerContinuityDeviceRegister } from './commands/continuity-device-register.js';
import { registerContinuityDeviceSync } from './commands/continuity-device-sync.js';
import { registerContinuityDowntime } from './commands/continuity-downtime.js';
import { registerContinuityImport } from './commands/continuity-import.js';
import { registerContinuityKitBuild } from './commands/continuity-kit-build.js';
import { registerContinuityReconcileImport } from './commands/continuity-reconcile-import.js';
import { registerContinuityReconcileList } from './commands/continuity-reconcile-list.js';
import { registerContinuityReconcilePost } from './commands/continuity-reconcile-post.js';
import {
  registerContinuityReconcileApprove,
  registerContinuityReconcileReject,
} from './commands/continuity-reconcile-review.js';
import { registerContinuitySync } from './commands/continuity-sync.js';
import { registerContinuityTransfer } from './commands/continuity-transfer.js';
import { registerDemoSeed } from './commands/demo-seed.js';
import { registerDetectScan } from './commands/detect-scan.js';
import { registerDetectValidate } from './commands/detect-validate.js';
import { registerWorkerDetect } from './commands/worker-detect.js';
import { registerSentinelCanaries } from './commands/sentinel-canaries.js';
import { registerSentinelDetections } from './commands/sentinel-detections.js';
import { registerSentinelRelease } from './commands/sentinel-release.js';
import { registerSentinelSimulate } from './commands/sentinel-simulate.js';
import { registerSentinelStatus } from './commands/sentinel-status.js';
import { registerSentinelWatch } from './commands/sentinel-watch.js';
import { registerSentinelWritable } from './commands/sentinel-writable.js';
import { registerServe } from './commands/serve.js';
import { registerStart } from './commands/start.js';
import { registerTokenCreate } from './commands/token-create.js';
import { registerTokenList } from './commands/token-list.js';
import { registerTokenRevoke } from './commands/token-revoke.js';
import { registerUserAdd } from './commands/user-add.js';
import { registerVaultBackup } from './commands/vault-backup.js';
import { registerVaultCheck } from './commands/vault-check.js';
import { registerVaultCopy } from './commands/vault-copy.js';
import { registerVaultDiff } from './commands/vault-diff.js';
import { registerVaultKeyAdd } from './commands/vault-key-add.js';
import { registerVaultKeyList } from './commands/vault-key-list.js';
import { registerVaultKeyRemove } from './commands/vault-key-remove.js';
import { registerVaultForget } from './commands/vault-forget.js';
import { registerVaultPrune } from './commands/vault-prune.js';
import { registerVaultStats } from './commands/vault-stats.js';
import { registerVaultInit } from './commands/vault-init.js';
import { registerVaultLs } from './commands/vault-ls.js';
import { registerVaultRestore } from './commands/vault-restore.js';
import { registerVaultSnapshots } from './commands/vault-snapshots.js';
import { registerUserList } from './commands/user-list.js';
import { registerUserResetMfa } from './commands/user-reset-mfa.js';
import { registerUserSetPassword } from './commands/user-set-password.js';
import { registerUserSetRole } from './commands/user-set-role.js';
import { registerUserUnlock } from './commands/user-unlock.js';
import { CliContext } from './context.js';
import { reportFailure } from './failure.js';
import { addVaultOptions } from './vault/target.js';
import { type CliIo, resolveIo } from './io.js';

export type { CliIo } from './io.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('lifeline')
    .description('Keeps a hospital running through a cyberattack.')
    .version(VERSION, '-V, --version')
    .option(
      '--config <file>',
      'configuration file (default: $LIFELINE_CONFIG, else ./lifeline.yaml when present)',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'lifeline: ')),
    })
    .showSuggestionAfterError();
  // Settings above are copied into each subcommand when it is created, so they must come first.
  registerStart(program, ctx);
  registerServe(program, ctx);

  const db = program.command('db').description('database maintenance');
  registerDbMigrate(db, ctx);

  const user = program.command('user').description('manage local accounts');
  registerUserAdd(user, ctx);
  registerUserList(user, ctx);
  registerUserSetRole(user, ctx);
  registerUserResetMfa(user, ctx);
  registerUserSetPassword(user, ctx);
  registerUserUnlock(user, ctx);

  const token = program.command('token').description('manage API tokens for agents and scripts');
  registerTokenCreate(token, ctx);
  registerTokenList(token, ctx);
  registerTokenRevoke(token, ctx);

  const audit = program.command('audit').description('the tamper-evident audit log');
  registerAuditVerify(audit, ctx);

  const vault = addVaultOptions(
    program.command('vault').description('encrypted backups in the restic format'),
  );
  registerVaultInit(vault, ctx);
  registerVaultBackup(vault, ctx);
  registerVaultSnapshots(vault, ctx);
  registerVaultLs(vault, ctx);
  registerVaultRestore(vault, ctx);
  registerVaultCheck(vault, ctx);
  registerVaultForget(vault, ctx);
  registerVaultPrune(vault, ctx);
  registerVaultStats(vault, ctx);
  registerVaultDiff(vault, ctx);
  registerVaultCopy(vault, ctx);
  const vaultKey = vault.command('key').description('manage the passwords that open the repository');
  registerVaultKeyAdd(vaultKey, ctx);
  registerVaultKeyList(vaultKey, ctx);
  registerVaultKeyRemove(vaultKey, ctx);

  const detect = program
    .command('detect')
    .description('Sigma detection: hunt through event files, check rules');
  registerDetectScan(detect, ctx);
  registerDetectValidate(detect, ctx);

  const continuity = program
    .command('continuity')
    .description('downtime kits, devices, the census mirror and reconciliation');
  registerContinuityImport(continuity, ctx);
  registerContinuitySync(continuity, ctx);
  registerContinuityDowntime(continuity, ctx);
  registerContinuityTransfer(continuity, ctx);
  const kit = continuity.command('kit').description('encrypted, signed offline kits');
  registerContinuityKitBuild(kit, ctx);
  const device = continuity.command('device').description('downtime devices that keep kits');
  registerContinuityDeviceRegister(device, ctx);
  registerContinuityDeviceSync(device, ctx);
  const reconcile = continuity
    .command('reconcile')
    .description('bring downtime documentation back into the EHR');
  registerContinuityReconcileImport(reconcile, ctx);
  registerContinuityReconcileList(reconcile, ctx);
  registerContinuityReconcileApprove(reconcile, ctx);
  registerContinuityReconcileReject(reconcile, ctx);
  registerContinuityReconcilePost(reconcile, ctx);

  const sentinel = program
    .command('sentinel')
    .description('the ransomware sentinel on file shares: watch, detections, release, canaries, simulator');
  registerSentinelWatch(sentinel, ctx);
  registerSentinelStatus(sentinel, ctx);
  registerSentinelDetections(sentinel, ctx);
  registerSentinelRelease(sentinel, ctx);
  registerSentinelWritable(sentinel, ctx);
  registerSentinelCanaries(sentinel, ctx);
  registerSentinelSimulate(sentinel, ctx);

  const worker = program.command('worker').description('background workers for larger sites');
  registerWorkerDetect(worker, ctx);

  const demo = program.command('demo').description('demonstration data');
  registerDemoSeed(demo, ctx);
  return program;
}

/**
 * Runs one `lifeline` command line and resolves with its exit code; it never exits the process.
 * `argv` is shaped like process.argv: the first two entries (node and the script) are skipped.
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const resolved = resolveIo(io);
  const ctx = new CliContext(resolved);
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'node' });
    return ctx.exitCode;
  } catch (error) {
    return reportFailure(error, resolved);
  }
}
