import { signDocumentationBundle, type DocumentationSigningKey } from '../../kit/neutral.js';
import type { KitScope } from '../../types.js';
import type { DocumentationState } from './entries.js';
import { buildDocumentationBundle } from './fhir-bundle.js';
import type { FhirResource } from './fhir-resource.js';

export interface SignedExport {
  exportId: string;
  fileName: string;
  bundle: FhirResource;
  /** Entries not carried by an earlier export. */
  newEntries: number;
}

/**
 * Everything documented in this scope, signed with the kit's documentation key. Earlier entries are
 * exported again on purpose: a lost file costs nothing, and their stable identifiers keep the
 * reconciliation from posting them twice.
 */
export async function signedExport(
  state: DocumentationState,
  options: {
    hospital: string;
    scope: KitScope;
    key: DocumentationSigningKey;
    user: string;
    now: Date;
    exportId: string;
  },
): Promise<SignedExport> {
  const timestamp = options.now.toISOString();
  const bundle = buildDocumentationBundle(state, {
    exportId: options.exportId,
    timestamp,
    hospital: options.hospital,
  });
  const signed = await signDocumentationBundle(bundle, options.key, { when: timestamp, who: options.user });
  const scopeName = options.scope.kind === 'unit' ? options.scope.unit : options.scope.site;
  const safeScope = scopeName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'scope';
  const stamp = timestamp.replace(/[-:.]/g, '').slice(0, 15);
  return {
    exportId: options.exportId,
    fileName: `lifeline-downtime-${safeScope}-${stamp}.json`,
    bundle: signed,
    newEntries: state.entries.filter((entry) => entry.exportedIn === null).length,
  };
}
