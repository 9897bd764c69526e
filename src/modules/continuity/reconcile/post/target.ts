import { readFile } from 'node:fs/promises';
import type { FhirSourceConfig } from '../../config.js';
import { type AccessTokenSource, type HttpOptions, SmartBackendAuth } from '../../source/index.js';

/** The FHIR server reconciled documentation goes to, and how to authenticate there. */
export interface PostTarget {
  baseUrl: string;
  auth: AccessTokenSource | null;
  http?: Omit<HttpOptions, 'signal'>;
}

/** What posting needs: create (with its If-None-Exist search) on each type the viewer documents. */
export const POST_SCOPE = [
  'Patient',
  'Encounter',
  'Observation',
  'MedicationAdministration',
  'DocumentReference',
]
  .map((type) => `system/${type}.cs`)
  .join(' ');

/**
 * The configured FHIR source as a post target. Its read scope is not enough to write, so the token is
 * asked for create and search on the documented types, with the same client and key.
 */
export async function targetOfSource(source: FhirSourceConfig): Promise<PostTarget> {
  if (!source.auth) return { baseUrl: source.baseUrl, auth: null };
  const auth = new SmartBackendAuth({
    clientId: source.auth.clientId,
    privateKey: await readFile(source.auth.privateKeyFile, 'utf8'),
    algorithm: source.auth.algorithm,
    scope: POST_SCOPE,
    tokenUrl: source.auth.tokenUrl,
    fhirBaseUrl: source.baseUrl,
  });
  return { baseUrl: source.baseUrl, auth };
}
