import type { FastifyPluginAsync } from 'fastify';
import { type Clock, systemClock } from '../../../kernel/clock.js';
import type { AlertService } from '../alerts/service.js';
import { alertRoutes } from './alert-routes.js';
import type { RuleCatalog } from './catalog.js';
import { ruleRoutes } from './rule-routes.js';

export interface DetectRoutesDeps {
  alerts: AlertService;
  catalog: RuleCatalog;
  clock?: Clock;
}

/** The detection module's alert and rule API; every route declares the permission it needs. */
export function detectRoutes(deps: DetectRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    await alertRoutes(app, deps.alerts, deps.clock ?? systemClock);
    await ruleRoutes(app, deps.catalog);
  };
}
