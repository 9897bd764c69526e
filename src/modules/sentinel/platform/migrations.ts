import type { Migration } from '../../../kernel/db/migrate.js';

/**
 * The sentinel's state: each share's watch coverage, the canaries placed in it (by hash, so a
 * restart knows them), and every detection with what the sentinel saw and did. No file content is
 * stored anywhere: paths, hashes, scores and process facts only.
 */
export const sentinelMigrations: Migration[] = [
  {
    name: 'sentinel/0001-shares-canaries-detections',
    async up(db) {
      await db.schema
        .createTable('sentinel_shares')
        .addColumn('path', 'text', (c) => c.primaryKey())
        .addColumn('mode', 'text', (c) => c.notNull())
        // 1 only when every directory under the share is watched; never claimed otherwise.
        .addColumn('complete', 'integer', (c) => c.notNull())
        .addColumn('problem', 'text')
        .addColumn('directories', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('canaries_verified_at', 'text')
        .addColumn('canaries_renewed_at', 'text')
        // When the files present at start were fingerprinted; null while that still goes on.
        .addColumn('baseline_at', 'text')
        // The last time the kernel dropped events on this share (the canaries were checked at once).
        .addColumn('events_lost_at', 'text')
        .execute();

      // One watching process per share: two would each take the other's canary renewal for an attack.
      await db.schema
        .createTable('sentinel_leases')
        .addColumn('share', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('node', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('acquired_at', 'text', (c) => c.notNull())
        // Renewed by the holder on a timer; once past, another process may take the share over.
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sentinel_canaries')
        .addColumn('path', 'text', (c) => c.primaryKey())
        .addColumn('share', 'text', (c) => c.notNull())
        .addColumn('directory', 'text', (c) => c.notNull())
        .addColumn('position', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('placed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sentinel_canaries_share')
        .on('sentinel_canaries')
        .column('share')
        .execute();

      await db.schema
        .createTable('sentinel_detections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('share', 'text', (c) => c.notNull())
        .addColumn('writer_pid', 'integer')
        // Start time of the writer (clock ticks since boot): a later signal goes to this process only.
        .addColumn('writer_start_ticks', 'bigint')
        .addColumn('writer_exe', 'text')
        .addColumn('writer_cmdline', 'text')
        .addColumn('writer_user', 'text')
        // JSON { machine, address, user } of the Samba client session, when there is one.
        .addColumn('writer_smb_client', 'text')
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('signals', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        // How many files the engine reported; it keeps only the last 1000, so 1000 means "at least".
        .addColumn('files_total', 'integer', (c) => c.notNull())
        .addColumn('first_signal_at', 'text', (c) => c.notNull())
        .addColumn('detected_at', 'text', (c) => c.notNull())
        .addColumn('actions', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_at', 'text')
        .execute();
      await db.schema
        .createIndex('sentinel_detections_detected')
        .on('sentinel_detections')
        .column('detected_at')
        .execute();
    },
  },
];
