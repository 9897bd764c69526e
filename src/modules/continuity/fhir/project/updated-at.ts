import { type FhirResource, asObject, asString } from '../resource.js';
import { choiceTime, toMillis } from './time.js';

/**
 * When the source last recorded something about this patient: the newest meta.lastUpdated, or for
 * resources without one their clinical time. Times after `now` (planned appointments, future-dated
 * orders) say nothing about freshness and are ignored.
 */
export function newestRecordedTime(resources: readonly FhirResource[], now: number): string | null {
  let newest: { at: number; text: string } | undefined;
  for (const resource of resources) {
    const text = recordedTime(resource);
    const at = toMillis(text);
    if (text === undefined || at === undefined || at > now) continue;
    if (newest === undefined || at > newest.at) newest = { at, text };
  }
  return newest?.text ?? null;
}

function recordedTime(resource: FhirResource): string | undefined {
  return (
    asString(resource.meta?.lastUpdated) ??
    asString(resource.issued) ??
    choiceTime(resource, 'effective') ??
    asString(resource.recordedDate) ??
    asString(resource.authoredOn) ??
    asString(resource.recorded) ??
    choiceTime(resource, 'occurrence') ??
    choiceTime(resource, 'performed') ??
    asString(asObject(resource.period)?.start) ??
    asString(resource.date)
  );
}
