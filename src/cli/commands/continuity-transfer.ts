import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { continuityOf } from '../continuity.js';

interface Options {
  patient?: string;
  mrn?: string;
  out: string;
}

export function registerContinuityTransfer(continuity: Command, ctx: CliContext): void {
  continuity
    .command('transfer')
    .description("write a patient's transfer pack: the International Patient Summary as a FHIR document")
    .option('--patient <id>', 'the patient id at the EHR')
    .option('--mrn <mrn>', 'the medical record number')
    .requiredOption('--out <file>', 'where to write the FHIR Bundle (created 0600)')
    .action(async (options: Options, command: Command) => {
      if ((options.patient === undefined) === (options.mrn === undefined)) {
        throw new LifelineError('CLI_USAGE', 'give --patient or --mrn');
      }
      const bundle = await ctx.withServices(command, async (services) =>
        continuityOf(services).service.transferPack(
          { patientId: options.patient, mrn: options.mrn },
          ctx.who,
        ),
      );
      const out = resolve(ctx.io.cwd, options.out);
      await writeFile(out, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      ctx.out(`wrote the transfer pack to ${out}`);
    });
}
