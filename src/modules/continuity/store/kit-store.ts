import type { Kysely } from 'kysely';

/** A kit the server built: where its file is, what it covers, and how fresh its data is. */
export interface KitRecord {
  kitId: string;
  /** `unit:<name>` or `site`. */
  scopeKey: string;
  kind: 'full' | 'delta';
  baseKitId: string | null;
  builtAt: string;
  dataAsOf: string;
  patients: number;
  bytes: number;
  sha256: string;
}

interface KitRow {
  kit_id: string;
  scope_key: string;
  kind: string;
  base_kit_id: string | null;
  built_at: string;
  data_as_of: string;
  patients: number | string;
  bytes: number | string;
  sha256: string;
}

/** Every column but the envelope and patient ids, which are read only when needed. */
const SUMMARY = [
  'kit_id',
  'scope_key',
  'kind',
  'base_kit_id',
  'built_at',
  'data_as_of',
  'patients',
  'bytes',
  'sha256',
] as const;

export class KitStore {
  constructor(private readonly db: Kysely<any>) {}

  async add(kit: KitRecord, envelope: string, patientIds: readonly string[]): Promise<void> {
    await this.db
      .insertInto('continuity_kits')
      .values({ ...toRow(kit), envelope, patient_ids: JSON.stringify(patientIds) })
      .execute();
  }

  async envelope(kitId: string): Promise<string> {
    const row = await this.db
      .selectFrom('continuity_kits')
      .select(['envelope'])
      .where('kit_id', '=', kitId)
      .executeTakeFirstOrThrow();
    return row.envelope;
  }

  async patientIds(kitId: string): Promise<string[]> {
    const row = await this.db
      .selectFrom('continuity_kits')
      .select(['patient_ids'])
      .where('kit_id', '=', kitId)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.patient_ids) as string[];
  }

  async get(kitId: string): Promise<KitRecord | undefined> {
    const row = (await this.db
      .selectFrom('continuity_kits')
      .select([...SUMMARY])
      .where('kit_id', '=', kitId)
      .executeTakeFirst()) as KitRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Newest first. */
  async list(
    options: { scopeKey?: string; kind?: 'full' | 'delta'; limit?: number } = {},
  ): Promise<KitRecord[]> {
    let query = this.db
      .selectFrom('continuity_kits')
      .select([...SUMMARY])
      .orderBy('built_at', 'desc')
      .orderBy('kit_id', 'desc')
      .limit(options.limit ?? 100);
    if (options.scopeKey !== undefined) query = query.where('scope_key', '=', options.scopeKey);
    if (options.kind !== undefined) query = query.where('kind', '=', options.kind);
    return ((await query.execute()) as KitRow[]).map(fromRow);
  }

  async latest(scopeKey: string, kind?: 'full' | 'delta'): Promise<KitRecord | undefined> {
    return (await this.list({ scopeKey, ...(kind ? { kind } : {}), limit: 1 }))[0];
  }

  /** The newest full kit of a scope and every delta built on it since, oldest delta first. */
  async chain(scopeKey: string): Promise<KitRecord[]> {
    const full = await this.latest(scopeKey, 'full');
    if (!full) return [];
    const deltas = (await this.db
      .selectFrom('continuity_kits')
      .select([...SUMMARY])
      .where('scope_key', '=', scopeKey)
      .where('kind', '=', 'delta')
      .where('built_at', '>=', full.builtAt)
      .orderBy('built_at')
      .orderBy('kit_id')
      .execute()) as KitRow[];
    const chain = [full];
    // Deltas name their base, so a chain is followed link by link rather than trusted by time alone.
    for (const delta of deltas.map(fromRow)) {
      if (delta.baseKitId === chain.at(-1)?.kitId) chain.push(delta);
    }
    return chain;
  }

  /** Whether any kit of the scope still kept here carried the patient. */
  async held(scopeKey: string, patientId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('continuity_kits')
      .select(['kit_id'])
      .where('scope_key', '=', scopeKey)
      // Patient ids are FHIR ids ([A-Za-z0-9.-]): no LIKE wildcard can hide in one.
      .where('patient_ids', 'like', `%${JSON.stringify(patientId)}%`)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async remove(kitIds: readonly string[]): Promise<void> {
    if (kitIds.length === 0) return;
    await this.db.deleteFrom('continuity_kits').where('kit_id', 'in', kitIds).execute();
  }
}

function toRow(kit: KitRecord): KitRow {
  return {
    kit_id: kit.kitId,
    scope_key: kit.scopeKey,
    kind: kit.kind,
    base_kit_id: kit.baseKitId,
    built_at: kit.builtAt,
    data_as_of: kit.dataAsOf,
    patients: kit.patients,
    bytes: kit.bytes,
    sha256: kit.sha256,
  };
}

function fromRow(row: KitRow): KitRecord {
  return {
    kitId: row.kit_id,
    scopeKey: row.scope_key,
    kind: row.kind === 'delta' ? 'delta' : 'full',
    baseKitId: row.base_kit_id,
    builtAt: row.built_at,
    dataAsOf: row.data_as_of,
    patients: Number(row.patients),
    bytes: Number(row.bytes),
    sha256: row.sha256,
  };
}
