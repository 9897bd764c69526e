import type { Kysely, Transaction } from 'kysely';
import type { FhirResource } from '../fhir/index.js';
import type { RejectedResource } from '../types.js';
import type { ItemKind, ItemStatus, ParsedOpening, ReconcileImport, StoredItem } from './types.js';

interface ImportRow {
  import_id: string;
  export_id: string;
  key_id: string;
  scope: string | null;
  exported_at: string | null;
  imported_at: string;
  imported_by: string;
  items: number | string;
  duplicates: number | string;
  openings: number | string;
  rejected: string;
}

interface ItemRow {
  item_id: string;
  import_id: string;
  downtime_id: string;
  sequence: number | string;
  kind: string;
  subject: string;
  recorded_at: string | null;
  recorded_by: string | null;
  summary: string;
  resources: string;
  status: string;
  error: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_reason: string | null;
  chosen_patient_id: string | null;
  posted_at: string | null;
  ehr_references: string;
}

/** What a review or a post changes on an item. */
export type ItemChange = Partial<
  Pick<
    StoredItem,
    | 'status'
    | 'error'
    | 'reviewedBy'
    | 'reviewedAt'
    | 'reviewReason'
    | 'chosenPatientId'
    | 'postedAt'
    | 'ehrReferences'
  >
>;

// Well under SQLite's and PostgreSQL's bound-parameter limits at 18 values a row.
const ITEM_BATCH = 200;
const ID_BATCH = 500;

/** Imports, their items and the viewer openings already audited. */
export class ReconcileStore {
  constructor(private readonly db: Kysely<any>) {}

  /** Runs `work` in one database transaction; the audit log can join it through `trx`. */
  async transaction<T>(work: (store: ReconcileStore, trx: Transaction<any>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new ReconcileStore(trx), trx));
  }

  async importByExport(exportId: string): Promise<ReconcileImport | undefined> {
    const row = (await this.db
      .selectFrom('continuity_reconcile_imports')
      .selectAll()
      .where('export_id', '=', exportId)
      .executeTakeFirst()) as ImportRow | undefined;
    return row ? toImport(row) : undefined;
  }

  async importById(importId: string): Promise<ReconcileImport | undefined> {
    const row = (await this.db
      .selectFrom('continuity_reconcile_imports')
      .selectAll()
      .where('import_id', '=', importId)
      .executeTakeFirst()) as ImportRow | undefined;
    return row ? toImport(row) : undefined;
  }

  /** Newest first. */
  async imports(limit = 500): Promise<ReconcileImport[]> {
    const rows = (await this.db
      .selectFrom('continuity_reconcile_imports')
      .selectAll()
      .orderBy('imported_at', 'desc')
      .orderBy('import_id')
      .limit(limit)
      .execute()) as ImportRow[];
    return rows.map(toImport);
  }

  async addImport(record: ReconcileImport): Promise<void> {
    await this.db
      .insertInto('continuity_reconcile_imports')
      .values({
        import_id: record.id,
        export_id: record.exportId,
        key_id: record.keyId,
        scope: record.scope,
        exported_at: record.exportedAt,
        imported_at: record.importedAt,
        imported_by: record.importedBy,
        items: record.items,
        duplicates: record.duplicates,
        openings: record.openings,
        rejected: JSON.stringify(record.rejected),
      })
      .execute();
  }

  async addToImportCounts(importId: string, items: number, openings: number): Promise<void> {
    if (items === 0 && openings === 0) return;
    await this.db
      .updateTable('continuity_reconcile_imports')
      .set((eb) => ({ items: eb('items', '+', items), openings: eb('openings', '+', openings) }))
      .where('import_id', '=', importId)
      .execute();
  }

  /** Which of these downtime ids are held already. */
  async knownDowntimeIds(downtimeIds: readonly string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let start = 0; start < downtimeIds.length; start += ID_BATCH) {
      const rows = (await this.db
        .selectFrom('continuity_reconcile_items')
        .select(['downtime_id'])
        .where('downtime_id', 'in', downtimeIds.slice(start, start + ID_BATCH))
        .execute()) as { downtime_id: string }[];
      for (const row of rows) known.add(row.downtime_id);
    }
    return known;
  }

  /** Adds items after the newest; one that is held already (a concurrent import) is skipped. */
  async addItems(items: readonly StoredItem[]): Promise<void> {
    if (items.length === 0) return;
    const top = (await this.db
      .selectFrom('continuity_reconcile_items')
      .select((eb) => eb.fn.max('sequence').as('top'))
      .executeTakeFirst()) as { top: number | string | null } | undefined;
    const base = Number(top?.top ?? 0) + 1;
    for (let start = 0; start < items.length; start += ITEM_BATCH) {
      const rows = items.slice(start, start + ITEM_BATCH).map((item, index) => ({
        ...toRow(item),
        sequence: base + start + index,
      }));
      await this.db
        .insertInto('continuity_reconcile_items')
        .values(rows)
        .onConflict((conflict) => conflict.column('downtime_id').doNothing())
        .execute();
    }
  }

  async item(itemId: string): Promise<StoredItem | undefined> {
    const row = (await this.db
      .selectFrom('continuity_reconcile_items')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirst()) as ItemRow | undefined;
    return row ? toItem(row) : undefined;
  }

  async itemByDowntimeId(downtimeId: string): Promise<StoredItem | undefined> {
    const row = (await this.db
      .selectFrom('continuity_reconcile_items')
      .selectAll()
      .where('downtime_id', '=', downtimeId)
      .executeTakeFirst()) as ItemRow | undefined;
    return row ? toItem(row) : undefined;
  }

  /** Items in the order they were documented into the queue. */
  async items(filter: { statuses?: readonly ItemStatus[]; importId?: string } = {}): Promise<StoredItem[]> {
    let query = this.db.selectFrom('continuity_reconcile_items').selectAll().orderBy('sequence');
    if (filter.statuses) {
      if (filter.statuses.length === 0) return [];
      query = query.where('status', 'in', filter.statuses);
    }
    if (filter.importId !== undefined) query = query.where('import_id', '=', filter.importId);
    return ((await query.execute()) as ItemRow[]).map(toItem);
  }

  async update(itemId: string, change: ItemChange): Promise<void> {
    const set: Record<string, string | null> = {};
    if (change.status !== undefined) set.status = change.status;
    if (change.error !== undefined) set.error = change.error;
    if (change.reviewedBy !== undefined) set.reviewed_by = change.reviewedBy;
    if (change.reviewedAt !== undefined) set.reviewed_at = change.reviewedAt;
    if (change.reviewReason !== undefined) set.review_reason = change.reviewReason;
    if (change.chosenPatientId !== undefined) set.chosen_patient_id = change.chosenPatientId;
    if (change.postedAt !== undefined) set.posted_at = change.postedAt;
    if (change.ehrReferences !== undefined) set.ehr_references = JSON.stringify(change.ehrReferences);
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('continuity_reconcile_items').set(set).where('item_id', '=', itemId).execute();
  }

  /** Records openings; returns those not recorded before, which are the ones still to audit. */
  async addOpenings(importId: string, openings: readonly ParsedOpening[]): Promise<ParsedOpening[]> {
    const fresh: ParsedOpening[] = [];
    for (const opening of openings) {
      const inserted = await this.db
        .insertInto('continuity_reconcile_openings')
        .values({ opening_id: opening.uuid, import_id: importId, opened_at: opening.at })
        .onConflict((conflict) => conflict.column('opening_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) fresh.push(opening);
    }
    return fresh;
  }
}

function toImport(row: ImportRow): ReconcileImport {
  return {
    id: row.import_id,
    exportId: row.export_id,
    keyId: row.key_id,
    scope: row.scope,
    exportedAt: row.exported_at,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    items: Number(row.items),
    duplicates: Number(row.duplicates),
    openings: Number(row.openings),
    rejected: JSON.parse(row.rejected) as RejectedResource[],
  };
}

function toRow(item: StoredItem): Omit<ItemRow, 'sequence'> {
  return {
    item_id: item.id,
    import_id: item.importId,
    downtime_id: item.downtimeId,
    kind: item.kind,
    subject: item.subject,
    recorded_at: item.recordedAt,
    recorded_by: item.recordedBy,
    summary: item.summary,
    resources: JSON.stringify(item.resources),
    status: item.status,
    error: item.error,
    reviewed_by: item.reviewedBy,
    reviewed_at: item.reviewedAt,
    review_reason: item.reviewReason,
    chosen_patient_id: item.chosenPatientId,
    posted_at: item.postedAt,
    ehr_references: JSON.stringify(item.ehrReferences),
  };
}

function toItem(row: ItemRow): StoredItem {
  return {
    id: row.item_id,
    importId: row.import_id,
    kind: row.kind as ItemKind,
    downtimeId: row.downtime_id,
    subject: row.subject,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    summary: row.summary,
    resources: JSON.parse(row.resources) as FhirResource[],
    status: row.status as ItemStatus,
    error: row.error,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    reviewReason: row.review_reason,
    chosenPatientId: row.chosen_patient_id,
    postedAt: row.posted_at,
    ehrReferences: JSON.parse(row.ehr_references) as string[],
  };
}
