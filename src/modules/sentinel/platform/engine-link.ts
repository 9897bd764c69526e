import { readFile } from 'node:fs/promises';
import { LifelineError } from '../../../kernel/errors.js';
import type { SentinelConfig, SentinelShareConfig } from '../config.js';
import type { StopContext } from '../respond/index.js';
import type { Sentinel, SentinelEvents, SentinelState, ShareOptions } from '../engine/options.js';
import type { ActionOutcome } from '../types.js';

/** Builds one share's sentinel; tests hand the service a stand-in so they need no kernel watch. */
export type SentinelFactory = (share: ShareOptions, events: SentinelEvents, state: SentinelState) => Sentinel;

/** What an operator can do to a writer or a share after a detection. */
export interface SentinelResponders {
  resume(pid: number): Promise<ActionOutcome>;
  kill(context: StopContext): Promise<ActionOutcome>;
  makeWritable(share: string): Promise<ActionOutcome>;
  /** When the process now behind `pid` started (clock ticks since boot); null when there is none. */
  startTicks(pid: number): Promise<number | null>;
}

/**
 * The engine and the stop actions are loaded when first used: they bring the native watch addon,
 * which a command that only reads the database (status, detections) must not need.
 */
export async function engineFactory(): Promise<SentinelFactory> {
  const engine = await import('../engine/index.js');
  return (share, events, state) => engine.createSentinel(share, events, state);
}

export const engineResponders: SentinelResponders = {
  async resume(pid) {
    return (await import('../respond/index.js')).resumeWriter(pid);
  },
  async kill(context) {
    return (await import('../respond/index.js')).killAction().run(context);
  },
  async makeWritable(share) {
    return (await import('../respond/index.js')).makeWritable(share);
  },
  async startTicks(pid) {
    return (await import('../watch/index.js')).processStartTicks(pid);
  },
};

/** The engine's options for a configured share; the webhook secret is read from its file here. */
export async function shareOptions(
  share: SentinelShareConfig,
  mode: SentinelConfig['mode'],
): Promise<ShareOptions> {
  let secret: string | undefined;
  if (share.webhook?.secretFile) {
    try {
      secret = (await readFile(share.webhook.secretFile, 'utf8')).trim();
    } catch (error) {
      throw new LifelineError(
        'SENTINEL_SECRET_UNREADABLE',
        undefined,
        { share: share.path, file: share.webhook.secretFile },
        { cause: error },
      );
    }
  }
  return {
    path: share.path,
    actions: [...share.actions],
    prefer: mode,
    ...(share.script ? { script: share.script } : {}),
    ...(share.webhook ? { webhook: { url: share.webhook.url, ...(secret ? { secret } : {}) } } : {}),
    ...(share.allow
      ? { allow: { paths: [...share.allow.paths], executables: [...share.allow.executables] } }
      : {}),
    ...(share.threshold !== undefined ? { threshold: share.threshold } : {}),
  };
}
