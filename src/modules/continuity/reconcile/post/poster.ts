import { postBundle } from '../../source/index.js';
import { asArray, asObject, asString } from '../parse/fields.js';
import { type PostGroup, transactionOf } from './transaction.js';
import { capturingFetch, describeFailure, sensitiveValues } from './refusal.js';
import type { PostTarget } from './target.js';

export type ItemOutcome =
  { itemId: string; posted: true; references: string[] } | { itemId: string; posted: false; error: string };

const LOCATION = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** `Type/id` of a transaction-response entry the EHR confirmed (2xx with a location). */
function confirmed(entry: unknown): string | null {
  const response = asObject(asObject(entry)?.response);
  const status = asString(response?.status) ?? '';
  const location = asString(response?.location);
  if (!/^2\d\d(\s|$)/.test(status) || location === undefined) return null;
  const match = LOCATION.exec(location);
  return match ? `${match[1]}/${match[2]}` : null;
}

/**
 * Posts one patient's group as a FHIR transaction. An item counts as posted only when the EHR's
 * answer confirms every entry it contributed; a refused transaction fails all its items (the EHR
 * took none of them), with the EHR's reason on the entry it named.
 */
export async function postGroup(target: PostTarget, group: PostGroup): Promise<ItemOutcome[]> {
  const { bundle, owners } = transactionOf(group);
  const itemIds = group.items.map((item) => item.id);
  // An admission of a known patient without an Encounter has nothing left to send.
  if (owners.length === 0) return itemIds.map((itemId) => ({ itemId, posted: true, references: [] }));
  const capture = capturingFetch(target.http?.fetch);
  let response;
  try {
    response = await postBundle({
      ...target.http,
      baseUrl: target.baseUrl,
      auth: target.auth,
      bundle,
      fetch: capture.fetch,
    });
  } catch (error) {
    const refusal = describeFailure(error, capture.refusal(), sensitiveValues(bundle));
    const named = refusal.entry === null ? undefined : owners[refusal.entry];
    return itemIds.map((itemId) => ({
      itemId,
      posted: false,
      error:
        named === undefined || named === itemId
          ? refusal.message
          : `Not posted: the EHR refused another entry of this patient's transaction (${refusal.message})`,
    }));
  }
  const entries = asArray(response.entry);
  const references = new Map<string, (string | null)[]>();
  owners.forEach((owner, index) => {
    references.set(owner, [...(references.get(owner) ?? []), confirmed(entries[index])]);
  });
  return itemIds.map((itemId) => {
    const found = references.get(itemId) ?? [];
    const all = found.filter((reference): reference is string => reference !== null);
    return all.length === found.length
      ? { itemId, posted: true, references: all }
      : { itemId, posted: false, error: 'The EHR did not confirm this entry; post again' };
  });
}
