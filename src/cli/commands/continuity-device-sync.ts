import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { LifelineError, isLifelineError } from '../../kernel/errors.js';
import { syncDevice } from '../../modules/continuity/index.js';
import { parsePositiveInt } from '../args.js';
import type { CliContext } from '../context.js';

interface Options {
  server: string;
  device: string;
  tokenFile: string;
  signer: string;
  dir: string;
  keep: string;
  every?: string;
}

export function registerContinuityDeviceSync(device: Command, ctx: CliContext): void {
  device
    .command('sync')
    .description(
      'on a downtime device: pull the newest kit of its unit, verify its signature, keep the last few',
    )
    .requiredOption('--server <url>', 'the Lifeline server, e.g. https://lifeline.hospital.example')
    .requiredOption('--device <id>', "this device's id, as registered")
    .requiredOption('--token-file <file>', "file holding the device's API token (continuity.device.sync)")
    .requiredOption('--signer <keyId:publicKey>', 'the kit signer printed at registration')
    .requiredOption('--dir <dir>', 'where the kits are kept')
    .option('--keep <n>', 'kit files kept', '5')
    .option('--every <seconds>', 'keep running, pulling this often')
    .action(async (options: Options) => {
      const [keyId, publicKey, extra] = options.signer.split(':');
      if (!keyId || !publicKey || extra !== undefined)
        throw new LifelineError('CLI_USAGE', '--signer is keyId:publicKey');
      const token = (await readFile(resolve(ctx.io.cwd, options.tokenFile), 'utf8')).trim();
      const sync = {
        server: options.server,
        deviceId: options.device,
        token,
        signer: { keyId, publicKey },
        dir: resolve(ctx.io.cwd, options.dir),
        keep: parsePositiveInt(options.keep, '--keep', 100),
      };
      const every = options.every ? parsePositiveInt(options.every, '--every', 86_400) : undefined;
      for (;;) {
        try {
          const result = await syncDevice(sync);
          ctx.out(
            `${result.changed ? 'new kit' : 'up to date'}: ${result.kitId}, data as of ${result.dataAsOf} (${result.file})`,
          );
        } catch (err) {
          // A device keeps what it has; in a loop one failed pull is reported and retried.
          if (every === undefined || !isLifelineError(err)) throw err;
          ctx.out(`pull failed (${err.code}); keeping the kits on this device`);
        }
        if (every === undefined) return;
        await sleep(every * 1000);
      }
    });
}
