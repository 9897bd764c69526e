import type { Kysely } from 'kysely';

/** Downtime mode as the platform records it: who switched it, when, and why. */
export interface DowntimeState {
  active: boolean;
  since: string | null;
  by: string | null;
  reason: string | null;
  /** The incident that asked for it, when it came through the bus. */
  incidentId: string | null;
}

const DOWNTIME_KEY = 'downtime';
const OFF: DowntimeState = { active: false, since: null, by: null, reason: null, incidentId: null };

export class SettingsStore {
  constructor(private readonly db: Kysely<any>) {}

  async downtime(): Promise<DowntimeState> {
    const row = (await this.db
      .selectFrom('continuity_settings')
      .select(['value'])
      .where('key', '=', DOWNTIME_KEY)
      .executeTakeFirst()) as { value: string } | undefined;
    return row ? { ...OFF, ...(JSON.parse(row.value) as Partial<DowntimeState>) } : OFF;
  }

  async setDowntime(state: DowntimeState, actor: string, at: string): Promise<void> {
    const value = JSON.stringify(state);
    await this.db
      .insertInto('continuity_settings')
      .values({ key: DOWNTIME_KEY, value, updated_at: at, updated_by: actor })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({ value, updated_at: at, updated_by: actor }),
      )
      .execute();
  }
}
