import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import { type ByteSource, type InputFormat, scanEvents } from '../../modules/detect/index.js';
import type { CliContext } from '../context.js';
import type { TextSink } from '../io.js';
import { loadRulesForRun, resolvePath, type RuleOptions, runRulesFromOptions } from './detect-options.js';

interface Options extends RuleOptions {
  events: string;
  format: string;
}

const FORMATS: readonly InputFormat[] = ['auto', 'ndjson'];

/** Opens the events file before anything else, so a wrong path fails at once with its own name. */
async function eventsInput(
  ctx: CliContext,
  events: string,
): Promise<{ input: ByteSource; name: string; close: () => void }> {
  if (events === '-') return { input: ctx.io.stdin as ByteSource, name: 'stdin', close: () => undefined };
  const path = resolvePath(ctx, events);
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    const stream = createReadStream('', { fd: handle, highWaterMark: 1 << 18 });
    return { input: stream, name: events, close: () => stream.destroy() };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new LifelineError(
      'DETECT_SCAN_INPUT_UNREADABLE',
      `the events file ${events} cannot be read (${reason})`,
      {
        reason,
      },
    );
  }
}

/** Writes through a buffer and waits for a real stream to drain, so a noisy rule cannot pile up memory. */
class LineWriter {
  private buffer = '';

  constructor(private readonly sink: TextSink) {}

  async line(text: string): Promise<void> {
    this.buffer += `${text}\n`;
    if (this.buffer.length >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    const accepted = this.sink.write(text);
    const stream = this.sink as Partial<NodeJS.WritableStream>;
    if (accepted === false && typeof stream.once === 'function')
      await once(stream as NodeJS.EventEmitter, 'drain');
  }
}

export function registerDetectScan(detect: Command, ctx: CliContext): void {
  detect
    .command('scan')
    .description('hunt through a file of events (NDJSON, a JSON array, EVTX-as-JSON) with Sigma rules')
    .requiredOption('--rules <paths...>', 'rule files or directories (searched recursively)')
    .requiredOption('--events <file>', 'the events to scan, or - for standard input')
    .option('--pipeline <name|path>', 'processing pipeline: windows, linux, web, or a pipeline file')
    .option('--placeholders <file>', 'values for %name% placeholders (YAML: name: [values])')
    .option('--format <format>', 'auto (NDJSON, or one JSON array) or ndjson', 'auto')
    .addHelpText('after', '\nMatches go to stdout, one JSON object a line; the summary goes to stderr.')
    .action(async (options: Options) => {
      const format = FORMATS.find((known) => known === options.format);
      if (!format)
        throw new LifelineError('CLI_USAGE', `--format is ${FORMATS.join(' or ')}, not "${options.format}"`);
      const { input, name, close } = await eventsInput(ctx, options.events);
      let run;
      try {
        const rules = await loadRulesForRun(ctx, await runRulesFromOptions(ctx, options));
        run = scanEvents({ rules, input, format, sourceName: name });
        const out = new LineWriter(ctx.io.stdout);
        for await (const match of run) await out.line(JSON.stringify(match));
        await out.flush();
      } finally {
        close();
      }
      ctx.io.stderr.write(`${JSON.stringify(run.summary)}\n`);
    });
}
