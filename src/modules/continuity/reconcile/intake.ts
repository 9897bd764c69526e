import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { Who } from '../devices/device-service.js';
import { reconcileError } from './errors.js';
import type { ReconcileStore } from './store.js';
import type { ParsedExport, ParsedItem, ReconcileImport, StoredItem } from './types.js';

export interface ImportResult {
  created: boolean;
  import: ReconcileImport;
}

/**
 * Records a verified export in one transaction with its audit records: items not held yet (a later
 * export repeats earlier ones), and each viewer opening not audited yet, as `continuity.kit.opened`
 * by the viewer's user. The same export again adds only what it did not carry before.
 */
export async function recordExport(
  deps: { store: ReconcileStore; audit: AuditLog },
  input: { parsed: ParsedExport; signer: { keyId: string; scope: string | null }; who: Who; at: string },
): Promise<ImportResult> {
  const { parsed, signer, who } = input;
  const { exportId } = parsed;
  return deps.store.transaction(async (store, trx) => {
    const existing = await store.importByExport(exportId);
    const importId = existing?.id ?? randomUUID();
    const known = await store.knownDowntimeIds(parsed.items.map((item) => item.downtimeId));
    const fresh = parsed.items.filter((item) => !known.has(item.downtimeId));
    await store.addItems(fresh.map((item) => storedItem(item, importId)));
    const openings = await store.addOpenings(importId, parsed.openings);
    if (existing) await store.addToImportCounts(importId, fresh.length, openings.length);
    else {
      await store.addImport({
        id: importId,
        exportId,
        keyId: signer.keyId,
        scope: signer.scope,
        exportedAt: parsed.exportedAt,
        importedAt: input.at,
        importedBy: who.actor,
        items: fresh.length,
        duplicates: parsed.items.length - fresh.length,
        openings: openings.length,
        rejected: parsed.rejected,
      });
    }
    for (const opening of openings) {
      await deps.audit.append(
        {
          actor: `viewer:${opening.by}`,
          action: 'continuity.kit.opened',
          target: opening.kitId,
          outcome: 'success',
          details: { patientId: opening.patient, openedAt: opening.at, importId },
          sourceIp: null,
        },
        trx,
      );
    }
    await deps.audit.append(
      {
        actor: who.actor,
        action: 'continuity.reconcile.import',
        target: importId,
        outcome: 'success',
        details: {
          exportId,
          keyId: signer.keyId,
          items: fresh.length,
          duplicates: parsed.items.length - fresh.length,
          openings: openings.length,
          rejected: parsed.rejected.length,
        },
        sourceIp: who.sourceIp,
      },
      trx,
    );
    const record = await store.importById(importId);
    if (!record) throw reconcileError('CONTINUITY_RECONCILE_ITEM_NOT_FOUND', 'The import vanished');
    return { created: !existing, import: record };
  });
}

function storedItem(item: ParsedItem, importId: string): StoredItem {
  return {
    ...item,
    id: randomUUID(),
    importId,
    status: 'pending',
    error: null,
    reviewedBy: null,
    reviewedAt: null,
    reviewReason: null,
    chosenPatientId: null,
    postedAt: null,
    ehrReferences: [],
  };
}
