import { createHash } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.js';
import { randomId } from '../../../kernel/crypto/random.js';
import { sealKit, type KitRecipient } from '../kit/index.js';
import type { DeviceStore } from '../store/device-store.js';
import type { KitRecord, KitStore } from '../store/kit-store.js';
import type { MirrorStore } from '../store/mirror-store.js';
import type { SettingsStore } from '../store/settings-store.js';
import type { KitPatient, KitPayload, KitScope, KitUnit } from '../types.js';
import { downtimeIdentifiers } from './downtime-ids.js';
import type { KeyRing } from './key-ring.js';
import { scopeKey } from './scope.js';

export interface KitBuilderDeps {
  mirror: MirrorStore;
  kits: KitStore;
  devices: DeviceStore;
  settings: SettingsStore;
  keys: KeyRing;
  clock: Clock;
  hospital: string;
  iterations: number;
  keep: number;
  /** The passphrase that unlocks a scope's kits, or undefined when the scope has none configured. */
  passphrase: (scope: KitScope) => Promise<string | undefined>;
  /** When the sources last delivered complete data; null when unknown. */
  dataAsOf: () => Promise<string | null>;
}

export type BuildOutcome = { built: KitRecord } | { skipped: 'downtime' | 'no-change' | 'no-recipient' };

/**
 * Builds kits: a full one holds every patient of the scope; a delta holds what changed since the
 * newest kit of the scope and names who left. In downtime mode nothing is built, so devices keep
 * the last kit made from verified data and nothing from a compromised source reaches them.
 */
export class KitBuilder {
  constructor(private readonly deps: KitBuilderDeps) {}

  async build(scope: KitScope, kind: 'full' | 'delta'): Promise<BuildOutcome> {
    const { deps } = this;
    if ((await deps.settings.downtime()).active) return { skipped: 'downtime' };
    const key = scopeKey(scope);
    const base = kind === 'delta' ? await deps.kits.latest(key) : undefined;
    if (kind === 'delta' && !base) return this.build(scope, 'full');
    const unit = scope.kind === 'unit' ? scope.unit : null;
    const builtAt = deps.clock.now().toISOString();
    const currentIds = await deps.mirror.patientIds(unit);
    let patients: KitPatient[];
    let removed: string[] = [];
    if (base) {
      patients = await deps.mirror.patientsProjectedAfter(unit, base.builtAt);
      const present = new Set(currentIds);
      removed = (await this.patientIdsOf(base)).filter((id) => !present.has(id));
      if (patients.length === 0 && removed.length === 0) return { skipped: 'no-change' };
    } else {
      patients = [];
      for await (const patient of deps.mirror.patients({ unit })) patients.push(patient);
    }
    const recipients = await this.recipients(scope);
    if (recipients.length === 0) return { skipped: 'no-recipient' };
    const kitId = `kit-${randomId()}`;
    const documentationKey = await deps.keys.documentationKey(key, builtAt);
    const payload: KitPayload = {
      format: 'lifeline-kit/1',
      kitId,
      kind: base ? 'delta' : 'full',
      baseKitId: base?.kitId ?? null,
      scope,
      hospital: deps.hospital,
      builtAt,
      dataAsOf: (await deps.dataAsOf()) ?? newest(patients) ?? builtAt,
      // Every occupied bed of the scope, in a delta too: the viewer takes the newest kit's list.
      units: unitsOf(await deps.mirror.unitBeds(unit)),
      patients,
      removedPatientIds: removed,
      downtimeIds: downtimeIdentifiers(key),
      documentationKey: { keyId: documentationKey.keyId, privateKeyPkcs8: documentationKey.privateKeyPkcs8 },
    };
    const envelope = await sealKit(payload, { signer: await deps.keys.kitSigner(), recipients });
    const record: KitRecord = {
      kitId,
      scopeKey: key,
      kind: payload.kind,
      baseKitId: payload.baseKitId,
      builtAt,
      dataAsOf: payload.dataAsOf,
      patients: patients.length,
      bytes: Buffer.byteLength(envelope),
      sha256: createHash('sha256').update(envelope).digest('hex'),
    };
    await deps.kits.add(record, envelope, currentIds);
    await this.prune(key);
    return { built: record };
  }

  /** The envelopes of the scope's newest chain (full kit, then its deltas), for a device or a file. */
  async chainEnvelopes(key: string): Promise<{ kits: KitRecord[]; envelopes: string[] }> {
    const kits = await this.deps.kits.chain(key);
    const envelopes = await Promise.all(kits.map((kit) => this.deps.kits.envelope(kit.kitId)));
    return { kits, envelopes };
  }

  private async recipients(scope: KitScope): Promise<KitRecipient[]> {
    const recipients: KitRecipient[] = [];
    const passphrase = await this.deps.passphrase(scope);
    if (passphrase !== undefined) {
      recipients.push({ kind: 'passphrase', passphrase, iterations: this.deps.iterations });
    }
    for (const device of await this.deps.devices.keysOfScope(scopeKey(scope))) {
      recipients.push({ kind: 'device', deviceKey: { deviceId: device.deviceId, key: device.key } });
    }
    return recipients;
  }

  private async patientIdsOf(kit: KitRecord): Promise<string[]> {
    return this.deps.kits.patientIds(kit.kitId);
  }

  /** Keeps the newest kits of a scope, never cutting the current chain. */
  private async prune(key: string): Promise<void> {
    const all = await this.deps.kits.list({ scopeKey: key, limit: 10_000 });
    const chain = new Set((await this.deps.kits.chain(key)).map((kit) => kit.kitId));
    const old = all.slice(this.deps.keep).filter((kit) => !chain.has(kit.kitId));
    await this.deps.kits.remove(old.map((kit) => kit.kitId));
  }
}

function newest(patients: readonly KitPatient[]): string | null {
  let best: string | null = null;
  for (const patient of patients) {
    if (patient.updatedAt !== null && (best === null || patient.updatedAt > best)) best = patient.updatedAt;
  }
  return best;
}

/** The occupied beds of each unit, as the viewer matches them against a patient's `location.bed`. */
function unitsOf(beds: readonly { unit: string; bed: string }[]): KitUnit[] {
  const byUnit = new Map<string, string[]>();
  for (const { unit, bed } of beds) byUnit.set(unit, [...(byUnit.get(unit) ?? []), bed]);
  return [...byUnit.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => ({
      name,
      beds: list.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    }));
}
