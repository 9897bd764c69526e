import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { join } from 'node:path';
import type { AuditLog } from '../../kernel/audit/log.js';
import type { EventBus } from '../../kernel/bus/types.js';
import type { Clock } from '../../kernel/clock.js';
import { LifelineError, isLifelineError } from '../../kernel/errors.js';
import './errors.js';
import type { Logger } from '../../kernel/log/logger.js';
import { CensusService } from './census/census-service.js';
import type { ContinuityConfig, FhirSourceConfig } from './config.js';
import type { Who } from './devices/device-service.js';
import { KitBuilder, type BuildOutcome } from './kits/builder.js';
import { scopeKey, unitOfPassphraseFile } from './kits/scope.js';
import { ingestResources, type SourceItem } from './mirror/ingest.js';
import { projectPatients, withReferencedMedications } from './mirror/projector.js';
import { ipsDocument, type FhirResource } from './fhir/index.js';
import { pullSource } from './platform/source-runner.js';
import type { ContinuityStores } from './platform/stores.js';
import type { CensusEvent, KitScope, RejectedResource } from './types.js';

export interface ImportOutcome {
  resources: number;
  rejected: RejectedResource[];
  patients: number;
  /** Patients whose records could not be projected (ids only). */
  unprojected: string[];
}

/** Units named by `unit-<name>.pass` files; the demo and config-less sites use them. */
async function droppedUnits(dir: string | undefined): Promise<string[]> {
  if (dir === undefined) return [];
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.flatMap((name) => {
    const unit = unitOfPassphraseFile(name);
    return unit === undefined ? [] : [unit];
  });
}

export const DOWNTIME_CHANGED_EVENT = 'continuity.downtime.changed';

/**
 * The continuity module's operations: feeding the mirror (imports, source syncs, ADT), building kits
 * for every scope, and downtime mode. Routes, the CLI and scheduled jobs all come through here, so
 * each change is audited in one place.
 */
export class ContinuityService {
  readonly census: CensusService;

  constructor(
    private readonly deps: {
      /** The database the stores use; census changes run in transactions of their own. */
      db: Kysely<any>;
      config: ContinuityConfig;
      stores: ContinuityStores;
      builder: KitBuilder;
      audit: AuditLog;
      bus: EventBus;
      clock: Clock;
      logger: Logger;
      /** Units with a passphrase file here get kits without being configured. */
      passphraseDir?: string;
      /** Told which units an applied ADT event touched, so their kits can follow within seconds. */
      onCensusChange?: (units: string[]) => void;
    },
  ) {
    this.census = new CensusService(deps.db);
  }

  /** Imports resources from a file or an upload (a FHIR Bundle or NDJSON) as source `sourceId`. */
  async importItems(sourceId: string, items: AsyncIterable<SourceItem> | Iterable<SourceItem>, who: Who) {
    const outcome = await this.feed(sourceId, 'import', items, async () => ({
      bookmark: null,
      rejections: [],
    }));
    await this.deps.audit.append({
      actor: who.actor,
      action: 'continuity.import',
      target: sourceId,
      outcome: 'success',
      details: {
        resources: outcome.resources,
        rejected: outcome.rejected.length,
        patients: outcome.patients,
      },
      sourceIp: who.sourceIp,
    });
    return outcome;
  }

  /** Sources added while running (the demo hospital's EHR), beside the configured ones. */
  private readonly runtimeSources: FhirSourceConfig[] = [];

  addRuntimeSource(source: FhirSourceConfig): void {
    const index = this.runtimeSources.findIndex((known) => known.id === source.id);
    if (index >= 0) this.runtimeSources.splice(index, 1, source);
    else this.runtimeSources.push(source);
  }

  sources(): FhirSourceConfig[] {
    return [...this.deps.config.sources, ...this.runtimeSources];
  }

  /** Pulls one source (a delta from its bookmark) into the mirror. */
  async syncSource(sourceId: string, who: Who): Promise<ImportOutcome> {
    const source = this.sources().find((candidate) => candidate.id === sourceId);
    if (!source) throw new LifelineError('NOT_FOUND', 'No such source', { sourceId });
    const status = await this.deps.stores.sources.get(sourceId);
    try {
      const pull = await pullSource(source, status?.bookmark ?? null);
      const outcome = await this.feed(sourceId, source.mode, pull.items, async () => pull.finish());
      await this.auditSync(who, sourceId, 'success', {
        resources: outcome.resources,
        rejected: outcome.rejected.length,
      });
      return outcome;
    } catch (err) {
      const code = isLifelineError(err) ? err.code : 'INTERNAL';
      await this.deps.stores.sources.finished(sourceId, {
        at: this.deps.clock.now().toISOString(),
        outcome: 'failed',
        message: isLifelineError(err) ? err.message : 'The source could not be read',
        resources: 0,
        rejections: [],
      });
      await this.auditSync(who, sourceId, 'failure', { code });
      throw err;
    }
  }

  /** Applies one ADT event to the census and the affected patient's kit record. */
  async applyAdt(event: CensusEvent): Promise<boolean> {
    const now = this.deps.clock.now();
    const outcome = await this.census.apply(event, now);
    if (outcome.applied && outcome.patientId !== null) {
      await projectPatients(this.deps.stores.mirror, [outcome.patientId], {
        clock: this.deps.clock,
        census: this.census.lookup,
      });
    }
    if (outcome.applied) {
      const units = [event.location?.unit, event.priorLocation?.unit].filter((unit) => unit !== undefined);
      this.deps.onCensusChange?.(units);
    }
    return outcome.applied;
  }

  /**
   * A transfer pack: the patient's International Patient Summary as a FHIR document Bundle, for the
   * hospital that takes the patient over. Found by mirror id or MRN; the hand-out is audited.
   */
  async transferPack(
    ref: { patientId?: string | undefined; mrn?: string | undefined },
    who: Who,
  ): Promise<FhirResource> {
    const { mirror } = this.deps.stores;
    const patientId =
      ref.patientId ?? (ref.mrn === undefined ? undefined : await mirror.patientIdByMrn(ref.mrn));
    const resources =
      patientId === undefined ? [] : ((await mirror.resourcesOfPatient(patientId)) as FhirResource[]);
    if (patientId === undefined || !resources.some((r) => r.resourceType === 'Patient')) {
      throw new LifelineError('NOT_FOUND', 'No EHR record of that patient is in the mirror');
    }
    const bundle = ipsDocument(await withReferencedMedications(mirror, resources), {
      now: this.deps.clock.now(),
      authorDisplay: this.deps.config.hospital,
    });
    await this.deps.audit.append({
      actor: who.actor,
      action: 'continuity.transfer.pack',
      target: patientId,
      outcome: 'success',
      sourceIp: who.sourceIp,
    });
    return bundle;
  }

  /** Projects a unit's (or, with null, every unit's) inpatients again, measured from now. */
  async refreshInpatients(unit: string | null): Promise<void> {
    // Records projected in the last minute are current enough: the site kit, built right after the
    // units in the same tick, does not project every inpatient a second time.
    const recent = new Date(this.deps.clock.now().getTime() - 60_000).toISOString();
    const ids = await this.deps.stores.mirror.inpatientIds(unit, recent);
    await projectPatients(this.deps.stores.mirror, ids, {
      clock: this.deps.clock,
      census: this.census.lookup,
    });
  }

  /** The scopes kits are built for: configured units, units with devices, and the site when set. */
  async scopes(): Promise<KitScope[]> {
    const units = new Set(this.deps.config.units.map((unit) => unit.name));
    for (const unit of await droppedUnits(this.deps.passphraseDir)) units.add(unit);
    for (const device of await this.deps.stores.devices.list()) {
      if (device.scopeKey.startsWith('unit:') && device.revokedAt === null)
        units.add(device.scopeKey.slice(5));
    }
    const scopes: KitScope[] = [...units].sort().map((unit) => ({ kind: 'unit', unit }));
    const siteFile =
      this.deps.passphraseDir === undefined ? false : existsSync(join(this.deps.passphraseDir, 'site.pass'));
    if (this.deps.config.site || siteFile) scopes.push({ kind: 'site', site: this.deps.config.hospital });
    return scopes;
  }

  async buildKit(scope: KitScope, kind: 'full' | 'delta', who: Who): Promise<BuildOutcome> {
    const outcome = await this.deps.builder.build(scope, kind);
    if ('built' in outcome) {
      await this.deps.audit.append({
        actor: who.actor,
        action: 'continuity.kit.build',
        target: outcome.built.kitId,
        outcome: 'success',
        details: { scope: scopeKey(scope), kind: outcome.built.kind, patients: outcome.built.patients },
        sourceIp: who.sourceIp,
      });
    }
    return outcome;
  }

  async buildAll(kind: 'full' | 'delta', who: Who): Promise<BuildOutcome[]> {
    const outcomes: BuildOutcome[] = [];
    for (const scope of await this.scopes()) {
      try {
        outcomes.push(await this.buildKit(scope, kind, who));
      } catch (err) {
        // One scope's trouble (an unreadable passphrase file) must not starve the others.
        this.deps.logger.error(
          { scope: scopeKey(scope), code: isLifelineError(err) ? err.code : 'INTERNAL' },
          'kit build failed',
        );
      }
    }
    return outcomes;
  }

  async setDowntime(active: boolean, reason: string | null, who: Who, incidentId: string | null = null) {
    const at = this.deps.clock.now().toISOString();
    const current = await this.deps.stores.settings.downtime();
    if (current.active === active) return current;
    const state = active
      ? { active: true, since: at, by: who.actor, reason, incidentId }
      : { active: false, since: null, by: null, reason: null, incidentId: null };
    await this.deps.stores.settings.setDowntime(state, who.actor, at);
    await this.deps.audit.append({
      actor: who.actor,
      action: active ? 'continuity.downtime.start' : 'continuity.downtime.end',
      target: 'continuity',
      outcome: 'success',
      details: { ...(reason ? { reason } : {}), ...(incidentId ? { incidentId } : {}) },
      sourceIp: who.sourceIp,
    });
    await this.deps.bus.publish(DOWNTIME_CHANGED_EVENT, { active, at, by: who.actor, incidentId });
    return state;
  }

  private async feed(
    sourceId: string,
    kind: string,
    items: AsyncIterable<SourceItem> | Iterable<SourceItem>,
    finish: () => Promise<{ bookmark: string | null; rejections: RejectedResource[] }>,
  ): Promise<ImportOutcome> {
    const { stores, clock } = this.deps;
    await stores.sources.started(sourceId, kind, clock.now().toISOString());
    const ingested = await ingestResources(stores.mirror, sourceId, items);
    const reported = await finish();
    const projected = await projectPatients(stores.mirror, ingested.patientIds, {
      clock,
      census: this.census.lookup,
    });
    const rejected = [...ingested.rejections, ...reported.rejections];
    await stores.sources.finished(sourceId, {
      at: clock.now().toISOString(),
      outcome: rejected.length > 0 || projected.failed.length > 0 ? 'partial' : 'ok',
      message:
        projected.failed.length > 0 ? `${projected.failed.length} patients could not be projected` : null,
      ...(reported.bookmark !== null ? { bookmark: reported.bookmark } : {}),
      resources: ingested.resources,
      rejections: rejected,
    });
    return {
      resources: ingested.resources,
      rejected,
      patients: projected.projected,
      unprojected: projected.failed,
    };
  }

  private async auditSync(
    who: Who,
    sourceId: string,
    outcome: 'success' | 'failure',
    details: Record<string, string | number>,
  ) {
    await this.deps.audit.append({
      actor: who.actor,
      action: 'continuity.source.sync',
      target: sourceId,
      outcome,
      details,
      sourceIp: who.sourceIp,
    });
  }
}
