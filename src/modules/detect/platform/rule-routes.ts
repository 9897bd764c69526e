import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LifelineError } from '../../../kernel/errors.js';
import '../alerts/errors.js';
import type { RuleCatalog } from './catalog.js';
import { idParams, ruleListQuery } from './schemas.js';

const READ = { permission: 'detect.read' };
const tags = ['detect'];

/** The loaded rule set, read-only, under /api/detect/rules. */
export async function ruleRoutes(app: FastifyInstance, catalog: RuleCatalog): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/detect/rules',
    { config: { access: READ }, schema: { querystring: ruleListQuery, tags, summary: 'Detection rules' } },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      const page = catalog.list({ ...filter, limit: limit ?? 50, offset: offset ?? 0 });
      return { ...page, problems: catalog.problems().length };
    },
  );

  api.get(
    '/api/detect/rules/problems',
    { config: { access: READ }, schema: { tags, summary: 'Rule files that did not load' } },
    async () => ({ problems: catalog.problems() }),
  );

  api.get(
    '/api/detect/rules/:id',
    { config: { access: READ }, schema: { params: idParams, tags, summary: 'A rule and its YAML source' } },
    async (request) => {
      const found = catalog.get(request.params.id);
      if (!found) throw new LifelineError('DETECT_RULE_NOT_FOUND');
      return { rule: found.rule, source: found.source };
    },
  );
}
