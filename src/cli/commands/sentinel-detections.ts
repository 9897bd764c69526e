import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { DetectionStatus } from '../../modules/sentinel/index.js';
import type { CliContext } from '../context.js';
import { detectionLine, sentinelOf } from './sentinel-platform.js';

const STATUSES = ['stopped', 'unstopped', 'released', 'killed', 'resolved'];

export function registerSentinelDetections(sentinel: Command, ctx: CliContext): void {
  sentinel
    .command('detections [id]')
    .description(
      'writers the sentinel judged to be encrypting, newest first; with an id, its signals and files',
    )
    .option('--status <status>', 'only stopped, unstopped, released, killed or resolved')
    .option('--json', 'print as JSON')
    .action(
      async (id: string | undefined, options: { status?: string; json?: boolean }, command: Command) => {
        if (options.status !== undefined && !STATUSES.includes(options.status))
          throw new LifelineError('CLI_USAGE', `--status is one of ${STATUSES.join(', ')}`);
        await ctx.withServices(command, async (services) => {
          const module = sentinelOf(services);
          if (id !== undefined) {
            const detection = await module.service.detection(id);
            if (options.json) return ctx.json(detection);
            ctx.out(detectionLine(detection));
            ctx.out(`  command line: ${detection.writer.commandLine ?? '?'}`);
            for (const signal of detection.signals)
              ctx.out(`  signal ${signal.kind} +${signal.weight} ${signal.path} (${signal.detail})`);
            for (const file of detection.files) ctx.out(`  file ${file}`);
            if (detection.filesTotal > detection.files.length)
              ctx.out(`  … ${detection.filesTotal - detection.files.length} more files`);
            return;
          }
          const detections = await module.stores.detections.list({
            ...(options.status ? { status: options.status as DetectionStatus } : {}),
          });
          if (options.json) return ctx.json(detections);
          if (detections.length === 0) ctx.out('no detections');
          for (const detection of detections) ctx.out(detectionLine(detection));
        });
      },
    );
}
