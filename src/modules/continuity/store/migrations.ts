import type { Migration } from '../../../kernel/db/migrate.js';
import { reconcileMigrations } from '../reconcile/migrations.js';

/**
 * The continuity mirror: the source resources as received, each patient's projected kit record, the
 * census from ADT, the kits built and the devices that carry them. Patient data lives only in
 * `continuity_resources.body`, `continuity_patients.record` and `continuity_census.entry`.
 */
export const continuityMigrations: Migration[] = [
  {
    name: 'continuity/0001-mirror',
    async up(db) {
      await db.schema
        .createTable('continuity_resources')
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text')
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('continuity_resources_pk', ['resource_type', 'resource_id'])
        .execute();
      // Projection reads one patient's resources at a time.
      await db.schema
        .createIndex('continuity_resources_patient')
        .on('continuity_resources')
        .column('patient_id')
        .execute();

      await db.schema
        .createTable('continuity_patients')
        .addColumn('patient_id', 'text', (c) => c.primaryKey())
        .addColumn('mrn', 'text')
        .addColumn('unit', 'text')
        // The bed (or room) the census or the EHR places the patient in: a kit's bed list.
        .addColumn('bed', 'text')
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('data_as_of', 'text')
        .addColumn('projected_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('continuity_patients_unit')
        .on('continuity_patients')
        .column('unit')
        .execute();
      await db.schema
        .createIndex('continuity_patients_projected')
        .on('continuity_patients')
        .column('projected_at')
        .execute();
      await db.schema
        .createIndex('continuity_patients_mrn')
        .on('continuity_patients')
        .column('mrn')
        .execute();

      await db.schema
        .createTable('continuity_sources')
        .addColumn('source_id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('outcome', 'text')
        .addColumn('message', 'text')
        .addColumn('bookmark', 'text')
        // When a sync last delivered (ok or partial): what a kit's "data as of" counts from.
        .addColumn('last_success_at', 'text')
        .addColumn('resources', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejections', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();

      await db.schema
        .createTable('continuity_census')
        .addColumn('mrn', 'text', (c) => c.primaryKey())
        .addColumn('unit', 'text')
        .addColumn('room', 'text')
        .addColumn('bed', 'text')
        .addColumn('patient_class', 'text')
        .addColumn('admitted_at', 'text')
        .addColumn('last_event_at', 'text', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('continuity_census_unit').on('continuity_census').column('unit').execute();

      await db.schema
        .createTable('continuity_kits')
        .addColumn('kit_id', 'text', (c) => c.primaryKey())
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('base_kit_id', 'text')
        .addColumn('built_at', 'text', (c) => c.notNull())
        .addColumn('data_as_of', 'text', (c) => c.notNull())
        .addColumn('patients', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        // The sealed envelope itself (encrypted) and the ids of the patients it covers: in the
        // database, so every serving node hands out the same kits.
        .addColumn('envelope', 'text', (c) => c.notNull())
        .addColumn('patient_ids', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('continuity_kits_scope')
        .on('continuity_kits')
        .columns(['scope_key', 'built_at'])
        .execute();

      await db.schema
        .createTable('continuity_devices')
        .addColumn('device_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scope_key', 'text', (c) => c.notNull())
        // The device's 32-byte key wraps each kit's data key for it; it never leaves the server except
        // once, in the key file handed to the device at registration.
        .addColumn('device_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text')
        .addColumn('last_kit_id', 'text')
        .addColumn('last_data_as_of', 'text')
        .addColumn('stale_since', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('continuity_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  },
  ...reconcileMigrations,
];
