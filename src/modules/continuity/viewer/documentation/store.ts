import { viewerError } from '../errors.js';
import {
  emptyDocumentationState,
  subjectKey,
  type DocumentationEntry,
  type DocumentationState,
  type RecordOpening,
} from './entries.js';
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
}

/**
 * Downtime documentation for one kit scope in browser storage. It outlives the page and every newer
 * kit for the same scope, because documentation typed at 03:00 must still be there when the export
 * is made at 09:00 from the 08:59 kit. Every change is written through at once; a change the browser
 * cannot save is rolled back and reported, never silently kept in memory only.
 */
export class DocumentationStore {
  private constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
    private current: DocumentationState,
  ) {}

  static open(storage: KeyValueStorage, key: string, now: Date): LoadedStore {
    const text = storage.getItem(key);
    if (text === null)
      return { store: new DocumentationStore(storage, key, emptyDocumentationState()), quarantinedAs: null };
    const parsed = parseDocumentationState(text);
    if (parsed) return { store: new DocumentationStore(storage, key, parsed), quarantinedAs: null };
    const quarantine = `${key}:unreadable:${now.toISOString()}`;
    storage.setItem(quarantine, text);
    return {
      store: new DocumentationStore(storage, key, emptyDocumentationState()),
      quarantinedAs: quarantine,
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

  private commit(next: DocumentationState): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(next));
    } catch (error) {
      throw viewerError(
        'CONTINUITY_VIEWER_STORAGE_FAILED',
        'Browser storage refused the documentation',
        {},
        error,
      );
    }
    this.current = next;
  }
}
