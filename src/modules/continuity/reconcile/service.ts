import type { Kysely } from 'kysely';
import type { AuditLog } from '../../../kernel/audit/log.js';
import type { Clock } from '../../../kernel/clock.js';
import { isLifelineError } from '../../../kernel/errors.js';
import type { FhirSourceConfig } from '../config.js';
import type { Who } from '../devices/device-service.js';
import type { CensusStore } from '../store/census-store.js';
import type { MirrorStore } from '../store/mirror-store.js';
import { reconcileError } from './errors.js';
import { PatientDirectory } from './match/directory.js';
import { Resolver } from './match/resolve.js';
import { readExport } from './parse/export.js';
import { planPost } from './post/plan.js';
import { postGroup } from './post/poster.js';
import { type PostTarget, targetOfSource } from './post/target.js';
import { ReconcileStore } from './store.js';
import { type ImportResult, recordExport } from './intake.js';
import type { ItemStatus, ItemView, ReconcileImport, StoredItem } from './types.js';
import { itemViews } from './view.js';
import { type TrustedDocumentationKey, verifyExport } from './verify.js';

export interface ReconcileDeps {
  db: Kysely<any>;
  mirror: MirrorStore;
  census: CensusStore;
  /** Every documentation key the server ever put in a kit. */
  trust: () => Promise<TrustedDocumentationKey[]>;
  audit: AuditLog;
  clock: Clock;
  /** Whether a kit of the scope carried the patient; without it, the scope is not checked. */
  heldInScope?: (scopeKey: string, patientId: string) => Promise<boolean>;
  /** The FHIR sources (configured, then added at run time); posts go to the first unless a target is given. */
  sources: () => readonly FhirSourceConfig[];
}

export type { ImportResult };

export interface PostResult {
  posted: number;
  failed: number;
  items: ItemView[];
}

/**
 * Reconciliation of downtime documentation: signed bundles from the offline viewer are taken in as
 * items, matched to the EHR's patients, reviewed, and posted to the EHR. Every change is audited
 * with ids only; the documentation itself stays in the reconcile tables.
 */
export class ReconcileService {
  readonly store: ReconcileStore;
  private readonly targets = new Map<string, Promise<PostTarget>>();
  private posting: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ReconcileDeps) {
    this.store = new ReconcileStore(deps.db);
  }

  /** Verifies and takes in a signed bundle; the same export again returns its first import. */
  async importBundle(bundle: unknown, who: Who): Promise<ImportResult> {
    let parsed;
    let signer;
    try {
      signer = await verifyExport(bundle, await this.deps.trust());
      parsed = readExport(bundle);
    } catch (error) {
      await this.deps.audit.append({
        actor: who.actor,
        action: 'continuity.reconcile.import',
        target: null,
        outcome: 'failure',
        details: { code: isLifelineError(error) ? error.code : 'INTERNAL' },
        sourceIp: who.sourceIp,
      });
      throw error;
    }
    const record = () =>
      recordExport(
        { store: this.store, audit: this.deps.audit },
        { parsed, signer, who, at: this.deps.clock.now().toISOString() },
      );
    try {
      return await record();
    } catch (error) {
      // The same file uploaded twice at once: the other upload recorded the export first.
      if (await this.store.importByExport(parsed.exportId)) return record();
      throw error;
    }
  }

  async imports(): Promise<ReconcileImport[]> {
    return this.store.imports();
  }

  async items(
    filter: { status?: ItemStatus | undefined; importId?: string | undefined } = {},
  ): Promise<ItemView[]> {
    const items = await this.store.items({
      ...(filter.status ? { statuses: [filter.status] } : {}),
      ...(filter.importId ? { importId: filter.importId } : {}),
    });
    return this.views(items);
  }

  async item(itemId: string): Promise<ItemView> {
    const [view] = await this.views([await this.require(itemId)]);
    return view!;
  }

  /** Approves an item, with the reviewer's choice of patient when the match needs one. */
  async approve(itemId: string, choice: { patientId?: string | undefined }, who: Who): Promise<ItemView> {
    const item = await this.require(itemId);
    if (item.status === 'posted')
      throw reconcileError('CONTINUITY_RECONCILE_ITEM_FINAL', undefined, { itemId });
    const { directory, resolver } = this.lookups();
    if (choice.patientId !== undefined) {
      if (!(await directory.patient(choice.patientId)))
        throw reconcileError('CONTINUITY_RECONCILE_PATIENT_UNKNOWN', undefined, { itemId });
    } else {
      const { match } = await resolver.resolve(item);
      if (match === 'unmatched' || match === 'ambiguous')
        throw reconcileError('CONTINUITY_RECONCILE_PATIENT_REQUIRED', undefined, { itemId, match });
    }
    await this.review(item, who, 'continuity.reconcile.approve', {
      status: 'approved',
      error: null,
      reviewReason: null,
      chosenPatientId: choice.patientId ?? item.chosenPatientId,
    });
    return this.item(itemId);
  }

  async reject(itemId: string, reason: string, who: Who): Promise<ItemView> {
    const item = await this.require(itemId);
    if (item.status === 'posted')
      throw reconcileError('CONTINUITY_RECONCILE_ITEM_FINAL', undefined, { itemId });
    await this.review(item, who, 'continuity.reconcile.reject', {
      status: 'rejected',
      error: null,
      reviewReason: reason,
    });
    return this.item(itemId);
  }

  /**
   * Posts every approved item (and every failed one again), one FHIR transaction per patient. Posts
   * run one at a time; each item is marked posted only once the EHR confirmed it.
   */
  post(who: Who, options: { target?: PostTarget } = {}): Promise<PostResult> {
    const run = this.posting.then(() => this.postNow(who, options));
    this.posting = run.catch(() => undefined);
    return run;
  }

  private async postNow(who: Who, options: { target?: PostTarget }): Promise<PostResult> {
    const batch = await this.store.items({ statuses: ['approved', 'failed'] });
    if (batch.length === 0) return { posted: 0, failed: 0, items: [] };
    const target = options.target ?? (await this.defaultTarget());
    const { resolver } = this.lookups();
    const plan = await planPost(batch, resolver);
    const byId = new Map(batch.map((item) => [item.id, item]));
    let posted = 0;
    let failed = 0;
    for (const { item, error } of plan.held) {
      failed += 1;
      await this.record(item, who, { posted: false, error });
    }
    for (const group of plan.groups) {
      for (const outcome of await postGroup(target, group)) {
        const item = byId.get(outcome.itemId)!;
        if (!outcome.posted) {
          failed += 1;
          await this.record(item, who, { posted: false, error: outcome.error });
          continue;
        }
        posted += 1;
        const own =
          item.kind === 'admission' && group.creates?.id !== item.id && group.patient.startsWith('Patient/');
        await this.record(item, who, {
          posted: true,
          references: own ? [group.patient, ...outcome.references] : outcome.references,
        });
      }
    }
    const after = await Promise.all(batch.map((item) => this.store.item(item.id)));
    return {
      posted,
      failed,
      items: await this.views(after.filter((item): item is StoredItem => item !== undefined)),
    };
  }

  private async record(
    item: StoredItem,
    who: Who,
    outcome: { posted: true; references: string[] } | { posted: false; error: string },
  ): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    await this.store.transaction(async (store, trx) => {
      await store.update(
        item.id,
        outcome.posted
          ? { status: 'posted', error: null, postedAt: at, ehrReferences: outcome.references }
          : { status: 'failed', error: outcome.error },
      );
      await this.deps.audit.append(
        {
          actor: who.actor,
          action: 'continuity.reconcile.post',
          target: item.id,
          outcome: outcome.posted ? 'success' : 'failure',
          details: {
            importId: item.importId,
            kind: item.kind,
            ...(outcome.posted ? { ehr: outcome.references } : {}),
          },
          sourceIp: who.sourceIp,
        },
        trx,
      );
    });
  }

  private async review(
    item: StoredItem,
    who: Who,
    action: string,
    change: Parameters<ReconcileStore['update']>[1],
  ): Promise<void> {
    await this.store.transaction(async (store, trx) => {
      await store.update(item.id, {
        ...change,
        reviewedBy: who.actor,
        reviewedAt: this.deps.clock.now().toISOString(),
      });
      await this.deps.audit.append(
        {
          actor: who.actor,
          action,
          target: item.id,
          outcome: 'success',
          details: {
            importId: item.importId,
            kind: item.kind,
            ...(change.chosenPatientId ? { patientId: change.chosenPatientId } : {}),
          },
          sourceIp: who.sourceIp,
        },
        trx,
      );
    });
  }

  private async views(items: readonly StoredItem[]): Promise<ItemView[]> {
    return itemViews(items, this.lookups());
  }

  private lookups() {
    const directory = new PatientDirectory(this.deps);
    const resolver = new Resolver(directory, (downtimeId) => this.store.itemByDowntimeId(downtimeId));
    const scopes = new Map<string, Promise<string | null>>();
    const inSignersScope = async (item: StoredItem, patientId: string): Promise<boolean> => {
      const { heldInScope } = this.deps;
      if (!heldInScope) return true;
      let scope = scopes.get(item.importId);
      if (!scope) {
        scope = this.store.importById(item.importId).then((found) => found?.scope ?? null);
        scopes.set(item.importId, scope);
      }
      const scopeKey = await scope;
      // A key of no known unit, or a site key, may document anyone.
      return scopeKey === null || scopeKey === 'site' || heldInScope(scopeKey, patientId);
    };
    return { directory, resolver, inSignersScope };
  }

  private async require(itemId: string): Promise<StoredItem> {
    const item = await this.store.item(itemId);
    if (!item) throw reconcileError('CONTINUITY_RECONCILE_ITEM_NOT_FOUND', undefined, { itemId });
    return item;
  }

  private defaultTarget(): Promise<PostTarget> {
    const source = this.deps.sources()[0];
    if (!source) return Promise.reject(reconcileError('CONTINUITY_RECONCILE_NO_TARGET'));
    let target = this.targets.get(source.id);
    if (!target) {
      target = targetOfSource(source);
      this.targets.set(source.id, target);
      target.catch(() => this.targets.delete(source.id));
    }
    return target;
  }
}
