import type { Migration } from '../db/migrate.js';

export const schedulerMigrations: Migration[] = [
  {
    name: 'kernel/0002-scheduler-run',
    async up(db) {
      // The primary key is the lease: whichever process inserts (job, scheduled_for) first runs the tick.
      await db.schema
        .createTable('scheduler_run')
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('scheduled_for', 'text', (c) => c.notNull())
        .addColumn('node', 'text', (c) => c.notNull())
        .addColumn('triggered_by', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('scheduler_run_pk', ['job', 'scheduled_for'])
        .execute();
      await db.schema
        .createIndex('scheduler_run_outcome')
        .on('scheduler_run')
        .columns(['outcome', 'started_at'])
        .execute();
      await db.schema
        .createIndex('scheduler_run_scheduled_for')
        .on('scheduler_run')
        .column('scheduled_for')
        .execute();
    },
  },
];
