import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { printItem, withReconcile } from './continuity-reconcile-service.js';

export function registerContinuityReconcileApprove(reconcile: Command, ctx: CliContext): void {
  reconcile
    .command('approve <item>')
    .description('approve an item for posting to the EHR')
    .option('--patient <id>', 'the EHR patient it is about, when the match is unmatched or ambiguous')
    .action(async (itemId: string, options: { patient?: string }, command: Command) => {
      const item = await withReconcile(ctx, command, (queue) =>
        queue.approve(itemId, { patientId: options.patient }, ctx.who),
      );
      printItem(ctx, item);
    });
}

export function registerContinuityReconcileReject(reconcile: Command, ctx: CliContext): void {
  reconcile
    .command('reject <item>')
    .description('reject an item; it is never posted')
    .requiredOption('--reason <text>', 'why, for the other reviewers')
    .action(async (itemId: string, options: { reason: string }, command: Command) => {
      const item = await withReconcile(ctx, command, (queue) =>
        queue.reject(itemId, options.reason, ctx.who),
      );
      printItem(ctx, item);
    });
}
