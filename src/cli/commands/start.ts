import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('run the platform on this machine; an empty database gets the demo hospital (demo.seed)')
    .option('--host <host>', 'interface to listen on (server.host)')
    .option('--port <port>', 'port to listen on (server.port)')
    .action(async (options: { host?: string; port?: string }, command: Command) => {
      // The server stack loads only for the commands that run it: every other command starts faster.
      const { runServer } = await import('../server-run.js');
      await runServer(ctx, command, { seed: true, host: options.host, port: options.port });
    });
}
