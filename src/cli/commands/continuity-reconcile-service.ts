import type { Command } from 'commander';
import { ReconcileService, type ItemStatus, type ItemView } from '../../modules/continuity/index.js';
import type { Services } from '../../server/services.js';
import type { CliContext } from '../context.js';
import { continuityOf } from '../continuity.js';

export type { ItemView };

export const ITEM_STATUSES: readonly ItemStatus[] = ['pending', 'approved', 'rejected', 'posted', 'failed'];

/** The reconciliation queue over an open platform, for the `continuity reconcile` commands. */
export function reconcileOf(services: Services): ReconcileService {
  return continuityOf(services).reconcile;
}

/** Opens the platform, runs `work` on the queue, and closes it again. */
export function withReconcile<T>(
  ctx: CliContext,
  command: Command,
  work: (reconcile: ReconcileService) => Promise<T>,
): Promise<T> {
  return ctx.withServices(command, (services) => work(reconcileOf(services)));
}

/** One item as a reviewer reads it in a terminal: what, about whom, what the EHR says otherwise. */
export function printItem(ctx: CliContext, item: ItemView): void {
  const patient = item.patient;
  const who = patient.display ?? 'unknown patient';
  const mrn = patient.mrn === null ? '' : ` ${patient.mrn}`;
  ctx.out(`${item.id}  ${item.status.padEnd(8)} ${item.kind}`);
  ctx.out(`  ${item.recordedAt ?? '?'} by ${item.recordedBy ?? '?'}: ${item.summary}`);
  ctx.out(`  patient: ${who}${mrn} (${patient.match}${patient.patientId ? ` ${patient.patientId}` : ''})`);
  for (const candidate of patient.candidates) {
    ctx.out(`    may be ${candidate.patientId}: ${candidate.display} ${candidate.mrn ?? ''}`.trimEnd());
  }
  for (const conflict of item.conflicts) {
    ctx.out(`  conflict: ${conflict.field}: downtime ${conflict.downtime}; EHR ${conflict.ehr}`);
  }
  if (item.error !== null) ctx.out(`  error: ${item.error}`);
  if (item.reviewReason !== null) ctx.out(`  rejected: ${item.reviewReason}`);
}
