import { z } from 'zod';

export const retentionSchema = z.strictObject({
  keepLast: z.number().int().min(1).max(10_000).optional(),
  keepDaily: z.number().int().min(1).max(10_000).optional(),
  keepWeekly: z.number().int().min(1).max(10_000).optional(),
  keepMonthly: z.number().int().min(1).max(10_000).optional(),
});
export type Retention = z.infer<typeof retentionSchema>;

export interface VaultRepositoryRecord {
  id: string;
  name: string;
  location: string;
  passwordFile: string;
  createdAt: string;
  createdBy: string;
}

export interface VaultJob {
  id: string;
  name: string;
  repositoryId: string;
  sources: string[];
  excludes: string[];
  tags: string[];
  /** Cron pattern (croner syntax) in the server's time zone. */
  schedule: string;
  retention: Retention;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type JobOutcome = 'running' | 'success' | 'partial' | 'failure';

export interface VaultJobRun {
  id: string;
  jobId: string;
  trigger: 'schedule' | 'manual';
  startedAt: string;
  finishedAt: string | null;
  outcome: JobOutcome;
  snapshotId: string | null;
  files: number | null;
  bytesRead: number | null;
  bytesStored: number | null;
  problems: number | null;
  /** A safe one-line reason for a failure (an error code and message, never file content). */
  message: string | null;
}

/** Events the vault publishes on the bus. */
export const VAULT_EVENTS = {
  backupCompleted: 'vault.backup.completed',
  backupFailed: 'vault.backup.failed',
} as const;

export interface BackupEventData {
  jobId: string;
  jobName: string;
  repository: string;
  runId: string;
  outcome: JobOutcome;
  snapshotId: string | null;
  message: string | null;
}
