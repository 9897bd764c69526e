import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from '../kernel/db/migrate.js';
import type { Role } from '../kernel/config/schema.js';
import type { Services } from './services.js';

/**
 * How a capability module plugs into the platform: its migrations, the permissions it defines, its
 * routes, and its entry in the console's navigation.
 */
export interface ModuleMount {
  id: string;
  /** Console path of the module's page, e.g. `/vault`. */
  consolePath: string;
  /** Permission needed to see the module in the navigation. */
  permission: string;
  permissions: Record<string, readonly Role[]>;
  migrations: readonly Migration[];
  routes?: (services: Services) => FastifyPluginAsync;
}

/** The capability modules mounted in this build; each new module adds itself here. */
export const MODULES: readonly ModuleMount[] = [];
