import type { LifelineError } from '../../../../kernel/errors.js';
import { viewerError } from '../errors.js';
import {
  emptyDocumentationState,
  subjectKey,
  type DocumentationEntry,
  type DocumentationState,
  type RecordOpening,
} from './entries.js';
import { DocumentationSeal } from './sealed-storage.js';
import { parseDocumentationState } from './state-parse.js';

const DEVICE_TAG_KEY = 'lifeline-viewer/device-tag/v1';
/** Crockford's base32 without the letters people misread (I, L, O, U). */
const TAG_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** This browser's tag (four characters, 2^20 values), made once and kept with the documentation. */
export function deviceTag(storage: KeyValueStorage): string {
  const known = storage.getItem(DEVICE_TAG_KEY);
  if (known !== null && /^[0-9A-Z]{4}$/.test(known)) return known;
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(4));
  const tag = Array.from(bytes, (byte) => TAG_ALPHABET[byte % 32]).join('');
  storage.setItem(DEVICE_TAG_KEY, tag);
  return tag;
}

/** The part of the Web Storage API the store uses, so tests can hand it a map. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LoadedStore {
  store: DocumentationStore;
  /** Set when earlier documentation could not be read; it was kept under this key, not deleted. */
  quarantinedAs: string | null;
  /**
   * Why it could not be read: sealed under another documentation key (or altered), or not
   * documentation this viewer can read. Null when nothing was quarantined.
   */
  unreadable: 'other-key' | 'malformed' | null;
}

function storageFailed(error: unknown, reason: string): LifelineError {
  return viewerError(
    'CONTINUITY_VIEWER_STORAGE_FAILED',
    'Browser storage refused the documentation',
    { reason },
    error,
  );
}

/**
 * Downtime documentation for one kit scope in browser storage, sealed (see sealed-storage.ts). It
 * outlives the page and every newer kit for the same scope, because documentation typed at 03:00
 * must still be there when the export is made at 09:00 from the 08:59 kit.
 *
 * The state in memory changes at once, so screens stay synchronous; every change is then sealed and
 * written in order. A change the browser cannot save is rolled back and reported through
 * `whenSaved`, never silently kept in memory only.
 */
export class DocumentationStore {
  /** The last state that reached storage: what a failed write rolls back to. */
  private saved: DocumentationState;
  /** Writes run one after another, so storage never holds an older state than an earlier write. */
  private queue: Promise<void> = Promise.resolve();
  private lastWrite: Promise<void> = Promise.resolve();
  /** Bumped by a failed write: changes queued on top of the failed one are rolled back with it. */
  private epoch = 0;

  private constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
    private readonly seal: DocumentationSeal,
    private current: DocumentationState,
  ) {
    this.saved = current;
  }

  /**
   * Reads the scope's documentation once, after unlock, with the kit's documentation key. Plain JSON
   * from viewers before sealing is read and written back sealed; anything unreadable is copied aside
   * under another key (never deleted) and the store starts empty.
   */
  static async open(
    storage: KeyValueStorage,
    key: string,
    documentationKeyPkcs8: string,
    now: Date,
  ): Promise<LoadedStore> {
    const seal = await DocumentationSeal.derive(documentationKeyPkcs8, key);
    const loaded = (state: DocumentationState): LoadedStore => ({
      store: new DocumentationStore(storage, key, seal, state),
      quarantinedAs: null,
      unreadable: null,
    });
    const text = storage.getItem(key);
    if (text === null) return loaded(emptyDocumentationState());
    const unsealed = await seal.unseal(text);
    if (unsealed.kind === 'opened') {
      const parsed = parseDocumentationState(unsealed.text);
      if (parsed) return loaded(parsed);
    } else if (unsealed.kind === 'not-sealed') {
      const legacy = parseDocumentationState(text);
      if (legacy) {
        const result = loaded(legacy);
        result.store.commit(legacy);
        // If the browser refuses, the plain copy stays as it was (nothing is lost) and the next
        // change that saves replaces it sealed; the viewer keeps working either way.
        await result.store.whenSaved().catch(() => undefined);
        return result;
      }
    }
    const quarantine = `${key}:unreadable:${now.toISOString()}`;
    storage.setItem(quarantine, text);
    return {
      store: new DocumentationStore(storage, key, seal, emptyDocumentationState()),
      quarantinedAs: quarantine,
      unreadable: unsealed.kind === 'other-key' ? 'other-key' : 'malformed',
    };
  }

  get state(): DocumentationState {
    return this.current;
  }

  add(entry: DocumentationEntry): void {
    this.commit({ ...this.current, entries: [...this.current.entries, entry] });
  }

  logOpening(opening: RecordOpening): void {
    this.commit({ ...this.current, openings: [...this.current.openings, opening] });
  }

  /** Removes an entry not yet exported; an admission others refer to must be undone last. */
  undo(entryId: string): DocumentationEntry {
    const entry = this.current.entries.find((candidate) => candidate.id === entryId);
    if (!entry)
      throw viewerError('CONTINUITY_VIEWER_UNDO_REFUSED', 'No such documentation entry', {
        reason: 'unknown',
      });
    if (entry.exportedIn !== null)
      throw viewerError('CONTINUITY_VIEWER_UNDO_REFUSED', 'The entry was exported already', {
        reason: 'exported',
      });
    if (entry.kind === 'admission') {
      const key = subjectKey({ kind: 'downtime', patientUuid: entry.patientUuid });
      const dependants = this.current.entries.filter(
        (other) => other.kind !== 'admission' && subjectKey(other.subject) === key,
      ).length;
      if (dependants > 0)
        throw viewerError('CONTINUITY_VIEWER_UNDO_REFUSED', 'Documentation refers to this admission', {
          reason: 'referenced',
          dependants,
        });
    }
    // The downtime id stays used: it may already be on a wristband or a paper form.
    this.commit({
      ...this.current,
      entries: this.current.entries.filter((candidate) => candidate !== entry),
    });
    return entry;
  }

  /** The first id from the kit's list not handed out before in this scope, now marked as used. */
  /**
   * The next downtime identifier without handing it out: the kit's next unused one with this
   * browser's own tag appended. Every laptop of a unit opens the same kit, so the kit's list alone
   * would let two of them give the same identifier to two different patients.
   */
  peekDowntimeId(available: readonly string[]): string | null {
    const used = this.current.usedDowntimeIds;
    const next = available.find((id) => !used.some((taken) => taken === id || taken.startsWith(`${id}-`)));
    return next === undefined ? null : `${next}-${deviceTag(this.storage)}`;
  }

  /** Hands out the next downtime identifier, once. */
  takeDowntimeId(available: readonly string[]): string {
    const next = this.peekDowntimeId(available);
    if (next === null)
      throw viewerError('CONTINUITY_VIEWER_NO_DOWNTIME_ID', 'Every downtime id of the kit is used', {
        available: available.length,
      });
    this.commit({ ...this.current, usedDowntimeIds: [...this.current.usedDowntimeIds, next] });
    return next;
  }

  /** Marks every entry not yet exported as carried by this export; they can no longer be undone. */
  markExported(exportId: string, at: string): void {
    const pending = this.current.entries.filter((entry) => entry.exportedIn === null).length;
    this.commit({
      ...this.current,
      entries: this.current.entries.map((entry) =>
        entry.exportedIn === null ? { ...entry, exportedIn: exportId } : entry,
      ),
      exports: [...this.current.exports, { id: exportId, at, entries: pending }],
    });
  }

  /**
   * Resolves once every change made so far is in browser storage; rejects with
   * CONTINUITY_VIEWER_STORAGE_FAILED when the last change was rolled back instead.
   */
  whenSaved(): Promise<void> {
    return this.lastWrite;
  }

  /** Resolves when no write is pending any more: the state in memory is then the stored one. */
  settled(): Promise<void> {
    return this.queue;
  }

  private commit(next: DocumentationState): void {
    this.current = next;
    const epoch = this.epoch;
    const write = this.queue.then(async () => {
      // Built on a change that could not be saved: keeping it would keep part of that change.
      if (epoch !== this.epoch) throw storageFailed(undefined, 'earlier-change-failed');
      try {
        this.storage.setItem(this.key, await this.seal.seal(JSON.stringify(next)));
      } catch (error) {
        this.epoch += 1;
        this.current = this.saved;
        throw storageFailed(error, 'refused');
      }
      this.saved = next;
    });
    // The queue goes on after a failure; the failure itself reaches whoever awaits whenSaved.
    this.queue = write.catch(() => undefined);
    this.lastWrite = write;
  }
}
