import type { Migration } from '../../../../kernel/db/migrate.js';

export const ingestMigrations: Migration[] = [
  {
    name: 'detect-ingest/0001-quarantine',
    async up(db) {
      await db.schema
        .createTable('detect_quarantine')
        // Time-ordered hex: newest first is `order by id desc`, on both engines.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('line', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('detect_quarantine_source')
        .on('detect_quarantine')
        .columns(['source', 'id'])
        .execute();
    },
  },
];
