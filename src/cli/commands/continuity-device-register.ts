import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { LifelineError } from '../../kernel/errors.js';
import type { CliContext } from '../context.js';
import { continuityOf } from '../continuity.js';
import { parseDeviceKeyFile, writeDeviceKeyFile } from '../../modules/continuity/index.js';

interface Options {
  unit?: string;
  site?: boolean;
  name: string;
  keyOut: string;
}

export function registerContinuityDeviceRegister(device: Command, ctx: CliContext): void {
  device
    .command('register <deviceId>')
    .description('register a downtime device for a unit (or the site) and write its key file, once')
    .option('--unit <name>', 'the unit whose kits the device keeps')
    .option('--site', 'the device keeps the whole-site summary kit')
    .requiredOption('--name <name>', 'what staff call it, e.g. "ICU downtime laptop 1"')
    .requiredOption(
      '--key-out <file>',
      'where to write the device key file (created 0600, never overwritten)',
    )
    .action(async (deviceId: string, options: Options, command: Command) => {
      if ((options.unit === undefined) === !options.site)
        throw new LifelineError('CLI_USAGE', 'give --unit or --site');
      const scopeKey = options.site ? 'site' : `unit:${options.unit}`;
      const out = resolve(ctx.io.cwd, options.keyOut);
      // Checked first: the key exists only in this file, so it must be writable before registering.
      if (existsSync(out))
        throw new LifelineError('CLI_USAGE', `${options.keyOut} exists already; choose a new file`);
      const { registered, signer } = await ctx.withServices(command, async (services) => {
        const module = continuityOf(services);
        const kitSigner = await module.keys.kitSigner();
        return {
          registered: await module.registerDevice({ deviceId, name: options.name, scopeKey }, ctx.who),
          signer: { keyId: kitSigner.keyId, publicKey: kitSigner.publicKey },
        };
      });
      await writeDeviceKeyFile(out, parseDeviceKeyFile(registered.keyFile));
      ctx.out(`registered ${deviceId} for ${scopeKey}; key file written to ${out}`);
      ctx.out(`pin this signer on the device: --signer ${signer.keyId}:${signer.publicKey}`);
      ctx.out(
        `the device also needs an API token named after it: lifeline token create <user> --name ${deviceId} --scope continuity.device.sync`,
      );
    });
}
