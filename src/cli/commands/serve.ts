import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run a production node: like start, but never seeds demo data')
    .option('--host <host>', 'interface to listen on (server.host)')
    .option('--port <port>', 'port to listen on (server.port)')
    .action(async (options: { host?: string; port?: string }, command: Command) => {
      // The server stack loads only for the commands that run it: every other command starts faster.
      const { runServer } = await import('../server-run.js');
      await runServer(ctx, command, { seed: false, host: options.host, port: options.port });
    });
}
