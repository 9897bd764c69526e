import type { Migration } from '../../kernel/db/migrate.js';

/**
 * The hospital's departments. Real sites fill this table from their own structure; the demo seed
 * fills it for AZ Demo Ziekenhuis. Modules refer to a department by its text id. The statements are
 * idempotent so that a database where the table already exists migrates cleanly.
 */
export const demoMigrations: Migration[] = [
  {
    name: 'server/0002-departments',
    async up(db) {
      await db.schema
        .createTable('departments')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('beds', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('location', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('departments_site_code')
        .ifNotExists()
        .on('departments')
        .columns(['site', 'code'])
        .unique()
        .execute();
    },
  },
];
