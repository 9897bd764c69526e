import type { Migration } from '../../../kernel/db/migrate.js';

/**
 * Downtime documentation on its way back into the EHR. Patient data lives only in
 * `continuity_reconcile_items` (summary, resources, review reason); imports and openings hold ids.
 */
export const reconcileMigrations: Migration[] = [
  {
    name: 'continuity/0002-reconcile',
    async up(db) {
      await db.schema
        .createTable('continuity_reconcile_imports')
        .addColumn('import_id', 'text', (c) => c.primaryKey())
        // One import per exported file: a second upload of the same file finds the first.
        .addColumn('export_id', 'text', (c) => c.notNull().unique())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text')
        .addColumn('exported_at', 'text')
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .addColumn('items', 'integer', (c) => c.notNull())
        .addColumn('duplicates', 'integer', (c) => c.notNull())
        .addColumn('openings', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('continuity_reconcile_items')
        .addColumn('item_id', 'text', (c) => c.primaryKey())
        .addColumn('import_id', 'text', (c) => c.notNull())
        // The resource's own uuid: a later export repeating it adds nothing.
        .addColumn('downtime_id', 'text', (c) => c.notNull().unique())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text')
        .addColumn('recorded_by', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('resources', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('reviewed_by', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('review_reason', 'text')
        .addColumn('chosen_patient_id', 'text')
        .addColumn('posted_at', 'text')
        .addColumn('ehr_references', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('continuity_reconcile_items_status')
        .on('continuity_reconcile_items')
        .columns(['status', 'sequence'])
        .execute();
      await db.schema
        .createIndex('continuity_reconcile_items_import')
        .on('continuity_reconcile_items')
        .column('import_id')
        .execute();
      await db.schema
        .createIndex('continuity_reconcile_items_subject')
        .on('continuity_reconcile_items')
        .column('subject')
        .execute();

      // Each viewer opening is audited once, however often the file carrying it is imported.
      await db.schema
        .createTable('continuity_reconcile_openings')
        .addColumn('opening_id', 'text', (c) => c.primaryKey())
        .addColumn('import_id', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
];
