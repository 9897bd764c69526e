import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDocumentationState } from './entries.js';
import { admission, medication, note, opening, sampleState, vitals } from './documentation.testkit.js';
import { parseDocumentationState } from './state-parse.js';
import { DocumentationStore, type KeyValueStorage } from './store.js';

const KEY = 'lifeline-viewer/documentation/v1/AZ Test/unit:ICU';
const now = new Date('2026-11-26T08:00:00Z');

function memoryStorage(): KeyValueStorage & { map: Map<string, string>; full: boolean } {
  const map = new Map<string, string>();
  const storage = {
    map,
    full: false,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (storage.full) throw new DOMException('quota', 'QuotaExceededError');
      map.set(key, value);
    },
  };
  return storage;
}

describe('DocumentationStore', () => {
  it('keeps entries and openings across a reload', () => {
    const storage = memoryStorage();
    const { store } = DocumentationStore.open(storage, KEY, now);
    store.add(vitals);
    store.logOpening(opening);
    const reopened = DocumentationStore.open(storage, KEY, now);
    expect(reopened.quarantinedAs).toBeNull();
    expect(reopened.store.state.entries).toEqual([vitals]);
    expect(reopened.store.state.openings).toEqual([opening]);
  });

  it('undoes an entry until it is exported, then refuses', () => {
    const { store } = DocumentationStore.open(memoryStorage(), KEY, now);
    store.add(vitals);
    store.add(note);
    expect(store.undo(vitals.id)).toEqual(vitals);
    expect(store.state.entries).toEqual([note]);
    store.markExported('export-1', now.toISOString());
    expect(store.state.exports).toEqual([{ id: 'export-1', at: now.toISOString(), entries: 1 }]);
    expect(() => store.undo(note.id)).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_VIEWER_UNDO_REFUSED', details: { reason: 'exported' } }),
    );
    expect(() => store.undo('unknown')).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_VIEWER_UNDO_REFUSED' }),
    );
  });

  it('refuses to undo an admission that other documentation refers to', () => {
    const { store } = DocumentationStore.open(memoryStorage(), KEY, now);
    store.add(admission);
    store.add(note);
    expect(() => store.undo(admission.id)).toThrow(
      expect.objectContaining({ details: { reason: 'referenced', dependants: 1 } }),
    );
    store.undo(note.id);
    store.undo(admission.id);
    expect(store.state.entries).toEqual([]);
  });

  it('hands out each downtime id once, even after the admission is undone', () => {
    const { store } = DocumentationStore.open(memoryStorage(), KEY, now);
    const ids = ['DT-1', 'DT-2'];
    const first = store.takeDowntimeId(ids);
    expect(first).toMatch(/^DT-1-[0-9A-Z]{4}$/);
    expect(store.takeDowntimeId(ids)).toBe(`DT-2-${first.slice(-4)}`);
    expect(() => store.takeDowntimeId(ids)).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_VIEWER_NO_DOWNTIME_ID' }),
    );
  });

  it('gives two laptops opening the same kit different downtime ids', () => {
    const ids = ['DT-1', 'DT-2'];
    const taken = new Set<string>();
    for (let laptop = 0; laptop < 20; laptop++) {
      const { store } = DocumentationStore.open(memoryStorage(), KEY, now);
      taken.add(store.takeDowntimeId(ids));
    }
    // 20 browsers, 2^20 tags each: a repeat here would mean the tag is not random.
    expect(taken.size).toBe(20);
  });

  it('rolls back a change the browser cannot save and says so', () => {
    const storage = memoryStorage();
    const { store } = DocumentationStore.open(storage, KEY, now);
    store.add(vitals);
    storage.full = true;
    expect(() => store.add(medication)).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_VIEWER_STORAGE_FAILED' }),
    );
    expect(store.state.entries).toEqual([vitals]);
  });

  it('keeps unreadable stored documentation aside instead of deleting it', () => {
    const storage = memoryStorage();
    storage.map.set(KEY, '{"version":1,"entries":[{"kind":"vitals"}]}');
    const { store, quarantinedAs } = DocumentationStore.open(storage, KEY, now);
    expect(store.state).toEqual(emptyDocumentationState());
    expect(quarantinedAs).toBe(`${KEY}:unreadable:2026-11-26T08:00:00.000Z`);
    expect(storage.map.get(quarantinedAs!)).toBe('{"version":1,"entries":[{"kind":"vitals"}]}');
  });
});

describe('parseDocumentationState', () => {
  it('reads back what the store writes', () => {
    const state = sampleState();
    expect(parseDocumentationState(JSON.stringify(state))).toEqual(state);
  });

  it('refuses anything of another shape', () => {
    expect(parseDocumentationState('not json')).toBeNull();
    expect(parseDocumentationState('{"version":2}')).toBeNull();
    const wrongReading = {
      ...sampleState(),
      entries: [{ ...vitals, readings: [{ vital: 'heart-rate', uuid: 'x', value: '88' }] }],
    };
    expect(parseDocumentationState(JSON.stringify(wrongReading))).toBeNull();
    const wrongSubject = { ...sampleState(), openings: [{ ...opening, subject: { kind: 'kit' } }] };
    expect(parseDocumentationState(JSON.stringify(wrongSubject))).toBeNull();
  });

  it('never throws on arbitrary text or JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) =>
            JSON.stringify({
              version: 1,
              entries: [value],
              openings: [],
              usedDowntimeIds: [],
              exports: [],
            }),
          ),
        ),
        (text) => {
          const parsed = parseDocumentationState(text);
          if (parsed !== null) expect(parsed.version).toBe(1);
        },
      ),
    );
  });

  it('refuses a state in which any entry lacks any of its fields', () => {
    const entries = [vitals, medication, note, admission];
    fc.assert(
      fc.property(fc.nat(entries.length - 1), fc.nat(), (which, fieldPick) => {
        const entry = entries[which]!;
        const fields = Object.keys(entry);
        const field = fields[fieldPick % fields.length]!;
        const { [field]: _dropped, ...incomplete } = entry as unknown as Record<string, unknown>;
        const state = { ...sampleState(), entries: [incomplete] };
        expect(parseDocumentationState(JSON.stringify(state))).toBeNull();
      }),
    );
  });
});
