import { continuityPlatform, type ContinuityPlatform } from '../modules/continuity/index.js';
import { continuityDataDirectory } from '../server/modules.js';
import type { Services } from '../server/services.js';

/** The continuity module over an open platform, for commands that act on it once. */
export function continuityOf(services: Services): ContinuityPlatform {
  return continuityPlatform({
    ...services,
    config: services.config.continuity,
    dataDir: continuityDataDirectory(services.config.database.url),
  });
}
