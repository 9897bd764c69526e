import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../kernel/config/load.js';
import { type LifelineConfig, lifelineConfigSchema } from '../server/config.js';
import { type Logger, createLogger } from '../kernel/log/logger.js';
import type { Services } from '../server/services.js';
import { type CliIo, cliActor } from './io.js';

interface GlobalOptions {
  config?: string;
}

/** What every command works with: where to write, who is acting, and how to reach the platform. */
export class CliContext {
  /** Set by a command that finished without throwing but must still report failure. */
  exitCode = 0;
  readonly actor: string;

  constructor(readonly io: CliIo) {
    this.actor = cliActor(io.env);
  }

  get who(): { actor: string; sourceIp: null } {
    return { actor: this.actor, sourceIp: null };
  }

  out(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  json(value: unknown): void {
    this.out(JSON.stringify(value, null, 2));
  }

  config(command: Command, overrides?: Record<string, unknown>): LifelineConfig {
    const { config } = command.optsWithGlobals<GlobalOptions>();
    return loadConfig(lifelineConfigSchema, {
      file: this.configFile(config),
      env: this.io.env,
      ...(overrides ? { overrides } : {}),
    });
  }

  /**
   * Logs of one-shot commands go to stderr so that stdout stays clean for `--json` and secrets, and
   * start at warn: the server's routine info lines would only bury the command's own answer.
   */
  commandLogger(config: LifelineConfig): Logger {
    const level = config.log.level === 'info' ? 'warn' : config.log.level;
    return createLogger({ ...config.log, level }, this.io.stderr);
  }

  /** Opens the platform for one command and closes it afterwards, whatever happens. */
  async withServices<T>(command: Command, work: (services: Services) => Promise<T>): Promise<T> {
    const config = this.config(command);
    // Loaded on first use: the platform stack is the heaviest part of the command line.
    const { openRuntime } = await import('./runtime.js');
    const runtime = await openRuntime(config, this.commandLogger(config));
    try {
      return await work(runtime.platform.services);
    } finally {
      await runtime.close();
    }
  }

  private configFile(explicit: string | undefined): string | undefined {
    const named = explicit ?? this.io.env.LIFELINE_CONFIG;
    if (named) return resolve(this.io.cwd, named);
    const local = join(this.io.cwd, 'lifeline.yaml');
    return existsSync(local) ? local : undefined;
  }
}
