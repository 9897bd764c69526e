import type { Kysely } from 'kysely';

/** A downtime device (laptop, workstation) that keeps the latest kits of one scope. */
export interface DeviceRecord {
  deviceId: string;
  name: string;
  scopeKey: string;
  createdAt: string;
  createdBy: string;
  lastSeenAt: string | null;
  lastKitId: string | null;
  /** The data time of the newest kit the device holds: its freshness is counted from here. */
  lastDataAsOf: string | null;
  /** Set when the device was first found stale, so one staleness raises one alert. */
  staleSince: string | null;
  revokedAt: string | null;
}

interface DeviceRow {
  device_id: string;
  name: string;
  scope_key: string;
  device_key: string;
  created_at: string;
  created_by: string;
  last_seen_at: string | null;
  last_kit_id: string | null;
  last_data_as_of: string | null;
  stale_since: string | null;
  revoked_at: string | null;
}

export class DeviceStore {
  constructor(private readonly db: Kysely<any>) {}

  async add(device: DeviceRecord, deviceKey: string): Promise<void> {
    await this.db
      .insertInto('continuity_devices')
      .values({
        device_id: device.deviceId,
        name: device.name,
        scope_key: device.scopeKey,
        device_key: deviceKey,
        created_at: device.createdAt,
        created_by: device.createdBy,
        last_seen_at: device.lastSeenAt,
        last_kit_id: device.lastKitId,
        last_data_as_of: device.lastDataAsOf,
        stale_since: device.staleSince,
        revoked_at: device.revokedAt,
      })
      .execute();
  }

  async get(deviceId: string): Promise<DeviceRecord | undefined> {
    const row = await this.row(deviceId);
    return row ? fromRow(row) : undefined;
  }

  /** The device key (base64url), for wrapping kit keys; undefined for unknown or revoked devices. */
  async activeKey(deviceId: string): Promise<string | undefined> {
    const row = await this.row(deviceId);
    return row && row.revoked_at === null ? row.device_key : undefined;
  }

  async list(): Promise<DeviceRecord[]> {
    const rows = (await this.db
      .selectFrom('continuity_devices')
      .selectAll()
      .orderBy('scope_key')
      .orderBy('name')
      .execute()) as DeviceRow[];
    return rows.map(fromRow);
  }

  /** Active devices of a scope with their keys: the device recipients of that scope's kits. */
  async keysOfScope(scopeKey: string): Promise<{ deviceId: string; key: string }[]> {
    const rows = (await this.db
      .selectFrom('continuity_devices')
      .select(['device_id', 'device_key'])
      .where('scope_key', '=', scopeKey)
      .where('revoked_at', 'is', null)
      .orderBy('device_id')
      .execute()) as Pick<DeviceRow, 'device_id' | 'device_key'>[];
    return rows.map((row) => ({ deviceId: row.device_id, key: row.device_key }));
  }

  async recordSync(deviceId: string, sync: { at: string; kitId: string; dataAsOf: string }): Promise<void> {
    await this.db
      .updateTable('continuity_devices')
      .set({
        last_seen_at: sync.at,
        last_kit_id: sync.kitId,
        last_data_as_of: sync.dataAsOf,
        stale_since: null,
      })
      .where('device_id', '=', deviceId)
      .execute();
  }

  async markStale(deviceId: string, at: string): Promise<void> {
    await this.db
      .updateTable('continuity_devices')
      .set({ stale_since: at })
      .where('device_id', '=', deviceId)
      .where('stale_since', 'is', null)
      .execute();
  }

  async revoke(deviceId: string, at: string): Promise<void> {
    await this.db
      .updateTable('continuity_devices')
      .set({ revoked_at: at })
      .where('device_id', '=', deviceId)
      .execute();
  }

  private async row(deviceId: string): Promise<DeviceRow | undefined> {
    return (await this.db
      .selectFrom('continuity_devices')
      .selectAll()
      .where('device_id', '=', deviceId)
      .executeTakeFirst()) as DeviceRow | undefined;
  }
}

function fromRow(row: DeviceRow): DeviceRecord {
  return {
    deviceId: row.device_id,
    name: row.name,
    scopeKey: row.scope_key,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastSeenAt: row.last_seen_at,
    lastKitId: row.last_kit_id,
    lastDataAsOf: row.last_data_as_of,
    staleSince: row.stale_since,
    revokedAt: row.revoked_at,
  };
}
