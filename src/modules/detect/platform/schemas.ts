import { z } from 'zod';
import { MAX_PAGE } from '../alerts/list.js';
import { ALERT_STATUSES, SIGMA_LEVELS } from '../alerts/types.js';

/** Forms and links send empty parameters for "any"; they mean absent, not invalid. */
const blankIsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const text = (max: number) => z.string().trim().min(1).max(max);
/** Any ISO 8601 time with an offset, stored and compared as UTC. */
const isoTime = z.iso.datetime({ offset: true }).transform((time) => new Date(time).toISOString());

export const idParams = z.strictObject({ id: z.string().min(1).max(200) });

export const alertListQuery = z.strictObject({
  status: blankIsAbsent(z.enum(ALERT_STATUSES)),
  level: blankIsAbsent(z.enum(SIGMA_LEVELS)),
  ruleId: blankIsAbsent(text(200)),
  assignee: blankIsAbsent(text(128)),
  q: blankIsAbsent(text(200)),
  from: blankIsAbsent(isoTime),
  to: blankIsAbsent(isoTime),
  limit: blankIsAbsent(z.coerce.number().int().min(1).max(MAX_PAGE)),
  before: blankIsAbsent(z.string().max(200)),
});

export const statsQuery = z.strictObject({
  from: blankIsAbsent(isoTime),
  to: blankIsAbsent(isoTime),
  bucket: blankIsAbsent(z.enum(['hour', 'day'])),
});

/** Actions without parameters accept no body, `{}` or `null`. */
export const emptyBody = z.strictObject({}).nullish();
export const assignBody = z.strictObject({ assignee: text(128) });
export const closeBody = z.strictObject({ reason: text(1000) });
export const falsePositiveBody = z.strictObject({
  reason: text(1000),
  fields: z.array(z.string().min(1).max(200)).min(1).max(20).optional(),
});

export const ruleListQuery = z.strictObject({
  q: blankIsAbsent(text(200)),
  level: blankIsAbsent(z.enum(SIGMA_LEVELS)),
  product: blankIsAbsent(text(100)),
  category: blankIsAbsent(text(100)),
  service: blankIsAbsent(text(100)),
  limit: blankIsAbsent(z.coerce.number().int().min(1).max(MAX_PAGE)),
  offset: blankIsAbsent(z.coerce.number().int().min(0).max(1_000_000)),
});
