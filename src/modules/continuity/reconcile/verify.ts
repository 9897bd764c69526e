import { LifelineError, isLifelineError } from '../../../kernel/errors.js';
import type { FhirResource } from '../fhir/index.js';
import { verifyDocumentationBundle } from '../kit/index.js';
import { type ReconcileErrorCode, reconcileError } from './errors.js';
import { isObject } from './parse/fields.js';

/** A documentation key the server issued to a kit scope; the scope is known for keys kept per scope. */
export interface TrustedDocumentationKey {
  keyId: string;
  publicKey: string;
  scopeKey?: string;
}

const FROM_KIT: Readonly<Record<string, ReconcileErrorCode>> = {
  CONTINUITY_KIT_DOCUMENTATION_INVALID: 'CONTINUITY_RECONCILE_BUNDLE_INVALID',
  CONTINUITY_KIT_DOCUMENTATION_UNSIGNED: 'CONTINUITY_RECONCILE_UNSIGNED',
  CONTINUITY_KIT_DOCUMENTATION_SIGNER_UNTRUSTED: 'CONTINUITY_RECONCILE_SIGNER_UNTRUSTED',
  CONTINUITY_KIT_DOCUMENTATION_SIGNATURE_INVALID: 'CONTINUITY_RECONCILE_SIGNATURE_INVALID',
};

/**
 * Checks that a downtime bundle was signed by a documentation key this server put in one of its kits,
 * and not changed since. Anything else is refused before a single entry is read.
 */
export async function verifyExport(
  bundle: unknown,
  trusted: readonly TrustedDocumentationKey[],
): Promise<{ keyId: string; scope: string | null }> {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle')
    throw reconcileError('CONTINUITY_RECONCILE_BUNDLE_INVALID', 'The file is not a FHIR Bundle');
  try {
    const { keyId } = await verifyDocumentationBundle(bundle as FhirResource, trusted);
    return { keyId, scope: trusted.find((key) => key.keyId === keyId)?.scopeKey ?? null };
  } catch (error) {
    const code = isLifelineError(error) ? FROM_KIT[error.code] : undefined;
    if (code === undefined || !isLifelineError(error)) {
      throw reconcileError(
        'CONTINUITY_RECONCILE_SIGNATURE_INVALID',
        'The documentation bundle signature cannot be checked',
      );
    }
    throw new LifelineError(code, undefined, error.details, { cause: error });
  }
}
