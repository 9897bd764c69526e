import type { Clock } from '../../../kernel/clock.js';
import { randomId, sha256Hex } from '../../../kernel/crypto/random.js';
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
  /**
   * Projects a scope's inpatients again before a full kit, so the time-bound sections (the MAR's next
   * 24 hours, recent vitals, upcoming appointments) are measured from now, not from the last change.
   */
  refresh?: (unit: string | null) => Promise<void>;
}

/**
 * A delta carries what was projected since its base was built, looking back this far more: a
 * projection stamped just before the base's build but committed after it read the mirror is sent
 * again rather than missed. Sending a record twice is harmless; the viewer keeps the newer.
 */
const DELTA_OVERLAP_MS = 60_000;

export type BuildOutcome = { built: KitRecord } | { skipped: 'downtime' | 'no-change' | 'no-recipient' };

/**
 * Builds kits: a full one holds every patient of the scope; a delta holds what changed since the
 * newest kit of the scope and names who left. In downtime mode nothing is built, so devices keep
 * the last kit made from verified data and nothing from a compromised source reaches them.
 */
export class KitBuilder {
  /** One build at a time per scope: a full kit and a delta of the same tick must not interleave. */
  private readonly building = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: KitBuilderDeps) {}

  async build(scope: KitScope, kind: 'full' | 'delta'): Promise<BuildOutcome> {
    const key = scopeKey(scope);
    const previous = this.building.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => this.buildNow(scope, kind));
    this.building.set(key, current);
    try {
      return await current;
    } finally {
      if (this.building.get(key) === current) this.building.delete(key);
    }
  }

  private async buildNow(scope: KitScope, kind: 'full' | 'delta'): Promise<BuildOutcome> {
    const { deps } = this;
    if ((await deps.settings.downtime()).active) return { skipped: 'downtime' };
    const key = scopeKey(scope);
    // A delta builds on the tip of the current chain: the newest full kit and the deltas that follow
    // it link by link, so a delta of an older chain can never become anyone's base.
    const base = kind === 'delta' ? (await deps.kits.chain(key)).at(-1) : undefined;
    if (kind === 'delta' && !base) return this.buildNow(scope, 'full');
    const unit = scope.kind === 'unit' ? scope.unit : null;
    if (!base) await deps.refresh?.(unit);
    const builtAt = deps.clock.now().toISOString();
    const currentIds = await deps.mirror.patientIds(unit);
    let patients: KitPatient[];
    let removed: string[] = [];
    if (base) {
      const since = new Date(Date.parse(base.builtAt) - DELTA_OVERLAP_MS).toISOString();
      patients = await deps.mirror.patientsProjectedAfter(unit, since);
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
      // Never the build time while there is data: a kit must not look fresher than what it holds.
      dataAsOf:
        (await deps.dataAsOf()) ?? (await deps.mirror.newestDataAsOf(unit)) ?? newest(patients) ?? builtAt,
      // Every occupied bed of the scope, in a delta too: the viewer takes the newest kit's list.
      units: unitsOf(await deps.mirror.unitBeds(unit)),
      patients: scope.kind === 'site' ? patients.map((patient) => compact(siteSummary(patient))) : patients,
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
      sha256: sha256Hex(envelope),
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

/**
 * The whole-site kit carries every patient the hospital knows; for those not lying in a bed it keeps
 * what a clinician needs to treat someone who walks in (problems, allergies, medication, immunizations,
 * code status, appointments, by name) and leaves out results, vital signs, procedures and the MAR,
 * which are most of the volume. Inpatients keep everything, as in their unit's kit.
 */
function siteSummary(patient: KitPatient): KitPatient {
  if (patient.location !== null) return patient;
  return {
    ...patient,
    // The names clinicians read stay; the terminology codes (a third of the volume) are for
    // reconciling, which works from the EHR's own records, not from the site kit.
    problems: patient.problems.map((problem) => ({ ...problem, code: { text: problem.code.text } })),
    allergies: patient.allergies.map((allergy) => ({
      ...allergy,
      substance: { text: allergy.substance.text },
    })),
    medications: patient.medications.map((medication) => ({
      ...medication,
      medication: { text: medication.medication.text },
    })),
    immunizations: patient.immunizations.map((immunization) => ({
      ...immunization,
      vaccine: { text: immunization.vaccine.text },
    })),
    results: [],
    vitals: [],
    procedures: [],
    mar: [],
  };
}

/**
 * Leaves out a record's empty sections and unknown facts; the kit reader puts them back. A site kit
 * holds 100,000 such records, and every byte is unpacked and parsed on a ward laptop.
 */
function compact(patient: KitPatient): KitPatient {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patient)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as unknown as KitPatient;
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
