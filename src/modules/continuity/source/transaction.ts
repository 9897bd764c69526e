import type { FhirResource } from '../fhir/resource.js';
import { requestFailed, send, type AccessTokenSource, type HttpOptions } from './http.js';
import { sourceError } from './errors.js';

export interface PostBundleOptions extends HttpOptions {
  baseUrl: string;
  auth: AccessTokenSource | null;
  /** A transaction or batch Bundle. */
  bundle: FhirResource;
}

/**
 * Posts a transaction or batch to the FHIR server and returns its response Bundle. A refused transaction
 * (4xx/5xx) throws CONTINUITY_SOURCE_REQUEST_FAILED with the OperationOutcome issue codes; a 429/503 is
 * retried because the server did not act on it, a broken connection is not (the outcome is unknown).
 */
export async function postBundle(options: PostBundleOptions): Promise<FhirResource> {
  const response = await send(
    options.baseUrl.replace(/\/$/, ''),
    {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      body: JSON.stringify(options.bundle),
    },
    options,
    { auth: options.auth },
  );
  if (!response.ok) throw await requestFailed(response, 'bundle');
  const body = (await response.json().catch(() => null)) as FhirResource | null;
  const type = body?.type;
  if (body?.resourceType !== 'Bundle' || (type !== 'transaction-response' && type !== 'batch-response')) {
    throw sourceError(
      'CONTINUITY_SOURCE_PROTOCOL',
      'The bundle answer is not a transaction or batch response',
    );
  }
  return body;
}
