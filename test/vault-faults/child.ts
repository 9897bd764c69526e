import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./backup-child.ts', import.meta.url));

export interface ChildEnv {
  repo: string;
  password: string;
  source: string;
  packSize: number;
}

/** When to send SIGKILL: `afterMs` after the k-th completed save (k = 0: after `ready`). */
export interface KillPlan {
  afterSaves: number;
  afterMs: number;
}

export interface ChildOutcome {
  /** The backup finished and printed its snapshot id before any kill. */
  completed: boolean;
  killed: boolean;
  /** Repository files saved, as reported by the child before it ended. */
  saves: number;
  /** Time from `ready` (repository open) to exit. */
  runMs: number;
  stderr: string;
}

export interface BackupChild {
  /** Starts the backup and resolves when the child has ended (killed or not). */
  run(plan?: KillPlan): Promise<ChildOutcome>;
}

/**
 * Spawns backup-child.ts under tsx (no build needed) and lets it load; `run` then starts the backup,
 * optionally killing it per `plan`. Start-up is never part of the kill window: the clock starts when
 * the child has opened the repository.
 */
export function startBackupChild(env: ChildEnv): BackupChild {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: {
      ...process.env,
      FAULT_REPO: env.repo,
      FAULT_PASSWORD: env.password,
      FAULT_SOURCE: env.source,
      FAULT_PACK_SIZE: String(env.packSize),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let plan: KillPlan | undefined;
  let pending = '';
  let stderr = '';
  let readyAt = 0;
  let saves = 0;
  let completed = false;
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (!plan || timer) return;
    timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, plan.afterMs);
  };
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') readyAt = performance.now();
      else if (line.startsWith('saved ')) saves++;
      else if (/^done [0-9a-f]{64}$/.test(line)) completed = true;
      if (readyAt > 0 && saves >= (plan?.afterSaves ?? 0)) arm();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const ended = new Promise<ChildOutcome>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const runMs = readyAt === 0 ? 0 : performance.now() - readyAt;
      resolve({ completed, killed, saves, runMs, stderr });
    });
  });
  return {
    run(killPlan) {
      plan = killPlan;
      child.stdin.end('go\n');
      return ended;
    },
  };
}
