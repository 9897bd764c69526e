import type { KitPayload } from '../../types.js';
import {
  applyDeltaChain,
  openKit,
  readKitHeader,
  verifyKitSignature,
  type KitHeader,
  type KitSignerIdentity,
  type KitUnlock,
} from '../../kit/neutral.js';
import { viewerError } from '../errors.js';
import type { PageKit } from './page-kit.js';
import type { SignerPins } from './signer-pins.js';

/**
 * Checks a kit file before anything in it is believed: every envelope signed by the signer the page
 * names, that signer the one this browser pinned for the hospital, every envelope of one hospital
 * and scope, the first a full kit. Headers are read unverified only to say which hospital to check.
 */
export async function verifyPageKit(
  page: PageKit,
  pins: SignerPins,
): Promise<{ signer: KitSignerIdentity; headers: KitHeader[] }> {
  if (page.envelopes.length === 0)
    throw viewerError('CONTINUITY_VIEWER_NO_KIT', 'The page holds no kit envelope');
  const signer = page.signer;
  if (signer === null)
    throw viewerError('CONTINUITY_VIEWER_SIGNER_MISSING', 'The page names no readable kit signer');
  const claimedHospital = readKitHeader(page.envelopes[0] as string).hospital;
  if (!pins.accepts(claimedHospital, signer)) {
    throw viewerError('CONTINUITY_VIEWER_SIGNER_CHANGED', 'The kit signer differs from the pinned signer', {
      keyId: signer.keyId,
      pinnedKeyId: pins.pinned(claimedHospital)?.keyId ?? null,
    });
  }
  const headers: KitHeader[] = [];
  for (const envelope of page.envelopes) headers.push(await verifyKitSignature(envelope, [signer]));
  const [first, ...rest] = headers as [KitHeader, ...KitHeader[]];
  if (first.kind !== 'full') throw unrelated('The first kit of the file is not a full kit', 0);
  rest.forEach((header, index) => {
    const sameScope = JSON.stringify(header.scope) === JSON.stringify(first.scope);
    if (header.kind !== 'delta' || header.hospital !== first.hospital || !sameScope)
      throw unrelated('A later kit of the file is not a delta of the same scope', index + 1);
  });
  return { signer, headers };
}

export interface UnlockedKit {
  payload: KitPayload;
  /** The newest header, whose dataAsOf the staleness clock counts from. */
  latest: KitHeader;
  kitIds: string[];
}

/**
 * Opens every envelope with the same passphrase or device key (in parallel: each passphrase unlock
 * costs a deliberate PBKDF2 derivation) and folds the deltas into the full kit in file order.
 */
export async function unlockPageKit(
  page: PageKit,
  signer: KitSignerIdentity,
  unlock: KitUnlock,
): Promise<UnlockedKit> {
  const opened = await Promise.all(
    page.envelopes.map((envelope) => openKit(envelope, unlock, { trustedSigners: [signer] })),
  );
  const [full, ...deltas] = opened;
  if (full === undefined) throw viewerError('CONTINUITY_VIEWER_NO_KIT', 'The page holds no kit envelope');
  const payload = applyDeltaChain(
    full.payload,
    deltas.map((delta) => delta.payload),
  );
  return {
    payload,
    latest: (opened[opened.length - 1] ?? full).header,
    kitIds: opened.map((kit) => kit.header.kitId),
  };
}

function unrelated(message: string, position: number) {
  return viewerError('CONTINUITY_VIEWER_KITS_UNRELATED', message, { position });
}
