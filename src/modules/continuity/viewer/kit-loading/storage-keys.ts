import type { KitScope } from '../../types.js';

/**
 * Browser storage keys. On file:// every kit shares one storage area, so keys name the hospital and
 * the scope: the ICU's documentation never mixes with the ward's, and survives each newer ICU kit.
 */
const PREFIX = 'lifeline-viewer';

export function scopeKey(scope: KitScope): string {
  return scope.kind === 'unit' ? `unit:${scope.unit}` : `site:${scope.site}`;
}

export function documentationKey(hospital: string, scope: KitScope): string {
  return `${PREFIX}/documentation/v1/${hospital}/${scopeKey(scope)}`;
}

export function signerPinKey(hospital: string): string {
  return `${PREFIX}/signer/v1/${hospital}`;
}
