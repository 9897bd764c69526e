import type { Command } from 'commander';
import { createBus } from '../../kernel/bus/create.js';
import { LifelineError } from '../../kernel/errors.js';
import { createLogger } from '../../kernel/log/logger.js';
import {
  ALERT_MATCH_EVENT,
  connectDetectStream,
  DetectWorker,
  rulePaths,
} from '../../modules/detect/index.js';
import { parsePositiveInt } from '../args.js';
import type { CliContext } from '../context.js';
import { listenForStop } from '../stop-requests.js';
import { loadRulesForRun, pipelinesOption, placeholdersOption, type RuleOptions } from './detect-options.js';

interface Options extends Partial<RuleOptions> {
  partitions?: string;
  stream?: string;
  prefix?: string;
  concurrency: string;
}

export function registerWorkerDetect(worker: Command, ctx: CliContext): void {
  worker
    .command('detect')
    .description(
      'run Sigma rules over the NATS detection stream, sharing the work with the other detect workers',
    )
    .option('--rules <paths...>', 'rule files or directories (default: detect.rules and the shipped rules)')
    .option('--pipeline <name|path>', 'processing pipeline: windows, linux, web, or a pipeline file')
    .option('--placeholders <file>', 'values for %name% placeholders (YAML: name: [values])')
    .option(
      '--partitions <n>',
      'correlation partitions, the same on every worker (default: detect.stream.partitions)',
    )
    .option('--stream <name>', 'JetStream stream of the detection data plane (default: detect.stream.name)')
    .option('--prefix <prefix>', 'its subject prefix, <prefix>.detect.events (default: detect.stream.prefix)')
    .option('--concurrency <n>', 'messages (events or batches) this worker handles at once', '64')
    .action(async (options: Options, command: Command) => {
      const config = ctx.config(command);
      if (!config.bus.natsUrl)
        throw new LifelineError(
          'CLI_USAGE',
          'the detect worker needs NATS: set bus.natsUrl (LIFELINE_NATS_URL)',
        );
      const { detect } = config;
      const partitions =
        options.partitions === undefined
          ? detect.stream.partitions
          : parsePositiveInt(options.partitions, '--partitions', 1024);
      const concurrency = parsePositiveInt(options.concurrency, '--concurrency', 4096);
      // By default the worker runs exactly what a serving process would: the same rules, pipelines
      // and placeholders from the `detect` configuration.
      const rules = await loadRulesForRun(ctx, {
        paths: options.rules ?? rulePaths(detect),
        pipeline: await pipelinesOption(
          ctx,
          options.pipeline === undefined ? detect.pipelines : [options.pipeline],
        ),
        placeholders:
          options.placeholders === undefined
            ? detect.placeholders
            : await placeholdersOption(ctx, options.placeholders),
      });
      // A long-running process logs like the server does, at the configured level.
      const logger = createLogger(config.log, ctx.io.stderr);
      const stop = listenForStop(ctx.io.signal);
      const bus = await createBus(config.bus, logger);
      try {
        const connection = await connectDetectStream({
          url: config.bus.natsUrl,
          layout: {
            stream: options.stream ?? detect.stream.name,
            prefix: options.prefix ?? detect.stream.prefix,
            partitions,
          },
        });
        try {
          const detectWorker = await DetectWorker.start({
            connection,
            rules,
            logger,
            concurrency,
            onAlert: async (alert) => void (await bus.publish(ALERT_MATCH_EVENT, alert, 'detect-worker')),
          });
          ctx.out(
            `detect worker ${detectWorker.workerId} running: ${rules.loaded.rules.length} rule(s), ` +
              `${rules.correlations.correlations.length} correlation(s), ${partitions} partition(s) on ${connection.display}`,
          );
          await stop.requested;
          await detectWorker.stop();
          const stats = detectWorker.stats();
          ctx.out(
            `detect worker stopped: ${stats.events} event(s), ${stats.matches} match(es), ${stats.alerts} alert(s)`,
          );
        } finally {
          await connection.close();
        }
      } finally {
        stop.dispose();
        await bus.close();
      }
    });
}
