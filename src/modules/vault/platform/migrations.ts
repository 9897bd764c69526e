import type { Migration } from '../../../kernel/db/migrate.js';

export const vaultMigrations: Migration[] = [
  {
    name: 'vault/0001-repositories-and-jobs',
    async up(db) {
      await db.schema
        .createTable('vault_repositories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('location', 'text', (c) => c.notNull())
        // A path to a file holding the password: the secret itself never enters the database.
        .addColumn('password_file', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('vault_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('repository_id', 'text', (c) => c.notNull().references('vault_repositories.id'))
        .addColumn('sources', 'text', (c) => c.notNull())
        .addColumn('excludes', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('schedule', 'text', (c) => c.notNull())
        .addColumn('retention', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('vault_job_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('job_id', 'text', (c) => c.notNull().references('vault_jobs.id').onDelete('cascade'))
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('snapshot_id', 'text')
        .addColumn('files', 'integer')
        .addColumn('bytes_read', 'bigint')
        .addColumn('bytes_stored', 'bigint')
        .addColumn('problems', 'integer')
        .addColumn('message', 'text')
        .execute();
      await db.schema
        .createIndex('vault_job_runs_job')
        .on('vault_job_runs')
        .columns(['job_id', 'started_at'])
        .execute();
    },
  },
];
