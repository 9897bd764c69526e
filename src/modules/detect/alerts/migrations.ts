import type { Migration } from '../../../kernel/db/migrate.js';

export const alertMigrations: Migration[] = [
  {
    name: 'detect/0001-alerts',
    async up(db) {
      await db.schema
        .createTable('detect_alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('rule_title', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('attack', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('assignee', 'text')
        .addColumn('close_reason', 'text')
        .addColumn('false_positive', 'integer', (c) => c.notNull())
        .addColumn('dedup_key', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        // Bumped by every change; numbers the alert's history rows in order.
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('correlation', 'text')
        // The matched event with its raw line: evidence, possibly personal data. Stored, never logged.
        .addColumn('event', 'text', (c) => c.notNull())
        .execute();
      // Dedup looks up the latest open alert of a rule and key.
      await db.schema
        .createIndex('detect_alerts_dedup')
        .on('detect_alerts')
        .columns(['rule_id', 'dedup_key', 'last_seen'])
        .execute();
      // The list pages newest first; stats and the time filters read ranges of first_seen.
      await db.schema
        .createIndex('detect_alerts_first_seen')
        .on('detect_alerts')
        .columns(['first_seen', 'id'])
        .execute();
      await db.schema
        .createIndex('detect_alerts_status')
        .on('detect_alerts')
        .columns(['status', 'first_seen'])
        .execute();
      await db.schema
        .createIndex('detect_alerts_level')
        .on('detect_alerts')
        .columns(['level', 'first_seen'])
        .execute();
      await db.schema
        .createIndex('detect_alerts_assignee')
        .on('detect_alerts')
        .columns(['assignee', 'first_seen'])
        .execute();

      await db.schema
        .createTable('detect_alert_history')
        .addColumn('alert_id', 'text', (c) => c.notNull().references('detect_alerts.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addPrimaryKeyConstraint('detect_alert_history_pk', ['alert_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('detect_alert_history_action')
        .on('detect_alert_history')
        .columns(['alert_id', 'action', 'seq'])
        .execute();

      await db.schema
        .createTable('detect_filters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('detect_filters_rule').on('detect_filters').columns(['rule_id']).execute();
      await db.schema
        .createIndex('detect_filters_alert')
        .on('detect_filters')
        .columns(['alert_id'])
        .execute();
    },
  },
];
