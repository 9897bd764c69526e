import { randomUUID } from 'node:crypto';
import { LifelineError } from '../../../../kernel/errors.js';
import { FHIR_ID, isFhirResource, isStorableType, type FhirResource } from '../fhir-types.js';
import { indexTerms } from './index-terms.js';
import { ehrError } from '../errors.js';

/**
 * One stored version of a resource. The JSON text is the resource as served (meta included): a string
 * is the most compact way to hold a million resources, and exports and reads send it without
 * re-serialising. Versions are immutable, so an export can keep a snapshot as an array of them.
 */
export interface StoredVersion {
  readonly type: string;
  readonly id: string;
  readonly versionId: number;
  /** Milliseconds since the epoch. */
  readonly lastUpdated: number;
  readonly json: string;
  readonly patientId: string | null;
  /** Search terms, see index-terms.ts. */
  readonly terms: string;
}

export interface EhrStoreOptions {
  clock?: () => Date;
  /** Ids for created resources; random UUIDs unless a deterministic source is wanted. */
  newId?: () => string;
}

/** A validated write, not yet applied; a transaction prepares all its writes before committing any. */
export interface PreparedWrite {
  readonly resource: FhirResource & { id: string };
  readonly created: boolean;
}

function invalid(reason: string, details: Record<string, string | number> = {}): LifelineError {
  return ehrError('CONTINUITY_EHR_INVALID_RESOURCE', reason, details);
}

/** An in-memory FHIR store: current versions only (no history), indexed by type, patient and identifier. */
export class EhrStore {
  private readonly byType = new Map<string, Map<string, StoredVersion>>();
  /** Patient id → `Type/id` keys of the resources in that patient's compartment. */
  private readonly byPatient = new Map<string, string[]>();
  /** `Type\nidentifier=system|value` → ids. */
  private readonly byIdentifier = new Map<string, string[]>();
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private lastWrite = 0;
  private fenceAt = 0;

  constructor(options: EhrStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? (() => randomUUID());
  }

  /**
   * Marks the current instant as a transaction time: everything written so far is at or before it,
   * everything written later strictly after, so an export's `_since` chain never loses a write.
   */
  fence(): number {
    this.fenceAt = Math.max(this.clock().getTime(), this.lastWrite, this.fenceAt);
    return this.fenceAt;
  }

  /** A fresh id for a new resource of the type, never one in use or in `taken`. */
  allocateId(type: string, taken: ReadonlySet<string> = new Set()): string {
    let id = this.newId();
    while (this.byType.get(type)?.has(id) || taken.has(id)) id = this.newId();
    if (!FHIR_ID.test(id)) throw invalid('The id source produced an invalid id');
    return id;
  }

  prepareCreate(resource: unknown): PreparedWrite {
    const checked = this.check(resource);
    return { resource: { ...checked, id: this.allocateId(checked.resourceType) }, created: true };
  }

  /** An update, or a create with the client's id when none exists (update-as-create). */
  prepareUpdate(resource: unknown): PreparedWrite {
    const checked = this.check(resource);
    const id = checked.id;
    if (typeof id !== 'string' || !FHIR_ID.test(id)) throw invalid('An update needs a valid resource id');
    return { resource: { ...checked, id }, created: !this.byType.get(checked.resourceType)?.has(id) };
  }

  /** Applies prepared writes in one step with one timestamp; nothing here can fail part-way. */
  commit(writes: readonly PreparedWrite[]): StoredVersion[] {
    const at = Math.max(this.clock().getTime(), this.lastWrite, this.fenceAt + 1);
    this.lastWrite = at;
    const lastUpdated = new Date(at).toISOString();
    return writes.map(({ resource }) => {
      const { resourceType: type, id, meta, ...rest } = resource;
      const typeMap = this.typeMap(type);
      const previous = typeMap.get(id);
      const versionId = (previous?.versionId ?? 0) + 1;
      const stored: FhirResource = {
        resourceType: type,
        id,
        meta: { ...meta, versionId: String(versionId), lastUpdated },
        ...rest,
      };
      const { patientId, terms, identifiers } = indexTerms(stored);
      const version: StoredVersion = {
        type,
        id,
        versionId,
        lastUpdated: at,
        json: JSON.stringify(stored),
        patientId,
        terms,
      };
      typeMap.set(id, version);
      this.reindex(previous, version, identifiers);
      return version;
    });
  }

  create(resource: unknown): StoredVersion {
    return this.commit([this.prepareCreate(resource)])[0]!;
  }

  update(resource: unknown): StoredVersion {
    return this.commit([this.prepareUpdate(resource)])[0]!;
  }

  read(type: string, id: string): FhirResource | null {
    const version = this.version(type, id);
    return version ? (JSON.parse(version.json) as FhirResource) : null;
  }

  version(type: string, id: string): StoredVersion | null {
    return this.byType.get(type)?.get(id) ?? null;
  }

  /** Current versions of one type in insertion order. */
  versions(type: string): IterableIterator<StoredVersion> {
    return (this.byType.get(type) ?? new Map<string, StoredVersion>()).values();
  }

  types(): string[] {
    return [...this.byType.keys()].filter((type) => (this.byType.get(type)?.size ?? 0) > 0).sort();
  }

  count(type?: string): number {
    if (type !== undefined) return this.byType.get(type)?.size ?? 0;
    let total = 0;
    for (const map of this.byType.values()) total += map.size;
    return total;
  }

  /** The patient's compartment (the Patient itself included), in write order. */
  compartment(patientId: string): StoredVersion[] {
    const keys = this.byPatient.get(patientId) ?? [];
    const found: StoredVersion[] = [];
    for (const key of keys) {
      const slash = key.indexOf('/');
      const version = this.version(key.slice(0, slash), key.slice(slash + 1));
      if (version) found.push(version);
    }
    return found;
  }

  /** Exact identifier match: `system|value`, `|value` (no system) or `value` (any system). */
  withIdentifier(type: string, token: string): StoredVersion[] {
    const ids = this.byIdentifier.get(`${type}\nidentifier=${token}`) ?? [];
    return ids
      .map((id) => this.version(type, id))
      .filter((version): version is StoredVersion => version !== null);
  }

  private check(resource: unknown): FhirResource {
    if (!isFhirResource(resource)) throw invalid('The body is not a FHIR resource');
    if (!isStorableType(resource.resourceType)) {
      throw invalid('The resource type is not a storable FHIR R4 type', {
        resourceType: resource.resourceType.slice(0, 64),
      });
    }
    if (resource.meta !== undefined && (typeof resource.meta !== 'object' || resource.meta === null)) {
      throw invalid('meta must be an object', { resourceType: resource.resourceType });
    }
    return resource;
  }

  private typeMap(type: string): Map<string, StoredVersion> {
    let map = this.byType.get(type);
    if (!map) {
      map = new Map();
      this.byType.set(type, map);
    }
    return map;
  }

  private reindex(previous: StoredVersion | undefined, next: StoredVersion, identifiers: string[]): void {
    const key = `${next.type}/${next.id}`;
    if (previous?.patientId !== next.patientId) {
      if (previous?.patientId) removeFrom(this.byPatient, previous.patientId, key);
      if (next.patientId) addTo(this.byPatient, next.patientId, key);
    }
    const before = previous ? identifierLines(previous.terms) : [];
    for (const line of before)
      if (!identifiers.includes(line)) removeFrom(this.byIdentifier, `${next.type}\n${line}`, next.id);
    for (const line of identifiers)
      if (!before.includes(line)) addTo(this.byIdentifier, `${next.type}\n${line}`, next.id);
  }
}

function identifierLines(terms: string): string[] {
  return terms.split('\n').filter((line) => line.startsWith('identifier='));
}

function addTo(index: Map<string, string[]>, key: string, value: string): void {
  const list = index.get(key);
  if (!list) index.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function removeFrom(index: Map<string, string[]>, key: string, value: string): void {
  const list = index.get(key);
  if (!list) return;
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) index.delete(key);
}
