import { join } from 'node:path';
import { loggableError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { SentinelConfig } from '../config.js';
import type { ShareOptions } from '../engine/options.js';
import { checkTarget, generateCorpus, prepareTarget } from '../simulate/index.js';
import type { SentinelService } from './service.js';

/** The demo hospital's file share, in the platform's data directory. */
export const DEMO_SHARE_DIRECTORY = 'demo-share';
/** Enough files to look like a hospital's departments, few enough to write in a second or two. */
const DEMO_SHARE_FILES = 300;
const DEMO_SHARE_SEED = 20261126;

export interface SentinelDemoDeps {
  service: Pick<SentinelService, 'watchShare'>;
  config: SentinelConfig;
  /** The platform's data directory (beside the SQLite file); the share is made there. */
  dataDir: string;
  /** `demo.seed`: without the demo, an existing demo share is left unwatched. */
  enabled: boolean;
  logger: Logger;
}

/**
 * True when an earlier start made the demo share: the directory is there and carries the simulator's
 * marker. A directory without it is someone else's and is never touched.
 */
export function demoSharePresent(path: string): boolean {
  try {
    checkTarget(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The demo hospital's share of the sentinel: a simulation target filled with fictional department
 * files, watched beside the configured shares, so an exercise can run the simulator on it and watch
 * the running server stop it.
 */
export function sentinelDemo(deps: SentinelDemoDeps) {
  const path = join(deps.dataDir, DEMO_SHARE_DIRECTORY);
  const options: ShareOptions = { path, actions: ['suspend'], prefer: deps.config.mode };

  const watch = async (): Promise<void> => {
    try {
      await deps.service.watchShare(options);
    } catch (error) {
      deps.logger.warn({ share: path, err: loggableError(error) }, 'the demo share is not watched');
    }
  };

  return {
    path,
    /** Every start: watches the demo share again, after the configured shares, when it was made here. */
    async resume(): Promise<void> {
      if (deps.enabled && demoSharePresent(path)) await watch();
    },
    /** The first start of the demo: makes the share, fills it and watches it at once. */
    async create(): Promise<void> {
      if (!demoSharePresent(path)) {
        try {
          prepareTarget(path);
          generateCorpus(path, { files: DEMO_SHARE_FILES, seed: DEMO_SHARE_SEED });
        } catch (error) {
          deps.logger.warn({ share: path, err: loggableError(error) }, 'the demo share was not created');
          return;
        }
      }
      await watch();
    },
  };
}

export type SentinelDemo = ReturnType<typeof sentinelDemo>;
