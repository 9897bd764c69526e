import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import { readBundle, readNdjson, type ImportOutcome } from '../../modules/continuity/index.js';
import type { CliContext } from '../context.js';
import { continuityOf } from '../continuity.js';

interface Options {
  source: string;
  json?: boolean;
}

/** A file whose first line is a whole resource other than a Bundle is NDJSON; anything else one Bundle. */
async function isNdjson(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const firstLine = head.subarray(0, bytesRead).toString('utf8').split('\n', 1)[0] ?? '';
    const first = JSON.parse(firstLine) as { resourceType?: unknown };
    return typeof first === 'object' && first !== null && first.resourceType !== 'Bundle';
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

async function* lines(path: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
}

export function registerContinuityImport(continuity: Command, ctx: CliContext): void {
  continuity
    .command('import <files...>')
    .description(
      'import FHIR Bundles (JSON) or NDJSON files into the kit mirror; bad resources are listed, the rest kept',
    )
    .option('--source <name>', 'the source name shown in the console', 'import')
    .option('--json', 'print the outcome as JSON')
    .action(async (files: string[], options: Options, command: Command) => {
      const outcomes = await ctx.withServices(command, async (services) => {
        const module = continuityOf(services);
        const results: (ImportOutcome & { file: string })[] = [];
        for (const file of files) {
          const path = resolve(ctx.io.cwd, file);
          let outcome: ImportOutcome;
          if (await isNdjson(path)) {
            outcome = await module.service.importItems(options.source, readNdjson(lines(path)), ctx.who);
          } else {
            let json: unknown;
            try {
              json = JSON.parse(await readFile(path, 'utf8'));
            } catch {
              throw new LifelineError('CONTINUITY_IMPORT_UNREADABLE', undefined, { file });
            }
            const bundle = readBundle(json);
            outcome = await module.service.importItems(
              options.source,
              [
                ...bundle.resources.map((resource) => ({ resource })),
                ...bundle.rejected.map((rejected) => ({ rejected })),
              ],
              ctx.who,
            );
          }
          results.push({ ...outcome, file });
        }
        return results;
      });
      if (options.json) return ctx.json(outcomes);
      for (const outcome of outcomes) {
        ctx.out(
          `${outcome.file}: ${outcome.resources} resources, ${outcome.patients} patients, ${outcome.rejected.length} rejected`,
        );
        for (const rejected of outcome.rejected.slice(0, 20)) {
          ctx.out(
            `  rejected ${rejected.position}${rejected.resourceType ? ` (${rejected.resourceType})` : ''}: ${rejected.reason}`,
          );
        }
        if (outcome.rejected.length > 20) ctx.out(`  … and ${outcome.rejected.length - 20} more`);
      }
      // The rest was imported; a script still learns that not everything was.
      if (outcomes.some((outcome) => outcome.rejected.length > 0)) ctx.exitCode = 1;
    });
}
