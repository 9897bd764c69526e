import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workload, WorkloadContext, WorkloadResult } from './benign/context.js';
import { logRotation, officeSave, writeImages } from './benign/files.js';
import { gitClone, gpgSymmetric, npmInstall, tarTree, zipTree } from './benign/tools.js';
import { vaultBackup } from './benign/vault.js';

export type { WorkloadContext, WorkloadResult } from './benign/context.js';

/**
 * Ordinary work on a file share that a ransomware detector must not stop: archives, encryption on
 * purpose, new media, office saves, package installs, clones, log rotation, backups.
 */
export const BENIGN_WORKLOADS = {
  zip: zipTree,
  'tar-gz': tarTree,
  gpg: gpgSymmetric,
  images: writeImages,
  'office-save': officeSave,
  'npm-install': npmInstall,
  'git-clone': gitClone,
  'log-rotation': logRotation,
  'vault-backup': vaultBackup,
} as const satisfies Record<string, Workload>;

export type BenignWorkload = keyof typeof BENIGN_WORKLOADS;
export const BENIGN_NAMES = Object.keys(BENIGN_WORKLOADS) as BenignWorkload[];

/** Runs one workload in this process; `out` and `outside` are created. */
export async function runBenign(name: BenignWorkload, context: WorkloadContext): Promise<WorkloadResult> {
  mkdirSync(context.out, { recursive: true });
  mkdirSync(context.outside, { recursive: true });
  return BENIGN_WORKLOADS[name](context);
}

/**
 * Runs one workload in its own process (as real work is: a writer other than the one watching).
 * Resolves with its outputs; rejects with its stderr when it fails.
 */
export function runBenignProcess(name: BenignWorkload, context: WorkloadContext): Promise<WorkloadResult> {
  const built = fileURLToPath(new URL('./benign-child.js', import.meta.url));
  const source = fileURLToPath(new URL('./benign-child.ts', import.meta.url));
  const args = existsSync(built) ? [built] : ['--import', 'tsx', source];
  const child = spawn(process.execPath, [...args, name, JSON.stringify(context)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(JSON.parse(stdout) as WorkloadResult);
      else
        reject(new Error(`benign workload ${name} ended with ${signal ?? `code ${code}`}: ${stderr.trim()}`));
    });
  });
}

export function benignContext(
  share: string,
  tree: string,
  outside: string,
  name: BenignWorkload,
  avoid: string[] = [],
): WorkloadContext {
  return { tree: join(share, tree), out: join(share, 'benign', name), outside: join(outside, name), avoid };
}
