import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDocumentationState } from './entries.js';
import {
  admission,
  DOCUMENTATION_KEY,
  medication,
  memoryStorage,
  note,
  opening,
  sampleState,
  STORAGE_KEY as KEY,
  vitals,
} from './documentation.testkit.js';
import { parseDocumentationState } from './state-parse.js';
import { DocumentationStore, type KeyValueStorage } from './store.js';

const now = new Date('2026-11-26T08:00:00Z');
const open = (storage: KeyValueStorage) => DocumentationStore.open(storage, KEY, DOCUMENTATION_KEY, now);
const storageFailed = expect.objectContaining({ code: 'CONTINUITY_VIEWER_STORAGE_FAILED' });

describe('DocumentationStore', () => {
  it('keeps entries and openings across a reload', async () => {
    const storage = memoryStorage();
    const { store } = await open(storage);
    store.add(vitals);
    store.logOpening(opening);
    await store.whenSaved();
    const reopened = await open(storage);
    expect(reopened.quarantinedAs).toBeNull();
    expect(reopened.store.state.entries).toEqual([vitals]);
    expect(reopened.store.state.openings).toEqual([opening]);
  });

  it('changes the state at once and writes every change in order', async () => {
    const storage = memoryStorage();
    const { store } = await open(storage);
    store.add(vitals);
    store.add(note);
    store.undo(vitals.id);
    store.add(medication);
    // Nothing awaited yet: screens see the change at once.
    expect(store.state.entries).toEqual([note, medication]);
    await store.whenSaved();
    expect((await open(storage)).store.state.entries).toEqual([note, medication]);
  });

  it('undoes an entry until it is exported, then refuses', async () => {
    const { store } = await open(memoryStorage());
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
    await store.whenSaved();
  });

  it('refuses to undo an admission that other documentation refers to', async () => {
    const { store } = await open(memoryStorage());
    store.add(admission);
    store.add(note);
    expect(() => store.undo(admission.id)).toThrow(
      expect.objectContaining({ details: { reason: 'referenced', dependants: 1 } }),
    );
    store.undo(note.id);
    store.undo(admission.id);
    expect(store.state.entries).toEqual([]);
    await store.whenSaved();
  });

  it('hands out each downtime id once, even after the admission is undone', async () => {
    const storage = memoryStorage();
    const { store } = await open(storage);
    const ids = ['DT-1', 'DT-2'];
    const first = store.takeDowntimeId(ids);
    expect(first).toMatch(/^DT-1-[0-9A-Z]{4}$/);
    expect(store.takeDowntimeId(ids)).toBe(`DT-2-${first.slice(-4)}`);
    expect(() => store.takeDowntimeId(ids)).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_VIEWER_NO_DOWNTIME_ID' }),
    );
    await store.whenSaved();
    expect((await open(storage)).store.peekDowntimeId(ids)).toBeNull();
  });

  it('gives two laptops opening the same kit different downtime ids', async () => {
    const ids = ['DT-1', 'DT-2'];
    const taken = new Set<string>();
    for (let laptop = 0; laptop < 20; laptop++) {
      const { store } = await open(memoryStorage());
      taken.add(store.takeDowntimeId(ids));
    }
    // 20 browsers, 2^20 tags each: a repeat here would mean the tag is not random.
    expect(taken.size).toBe(20);
  });

  it('rolls back a change the browser cannot save and says so', async () => {
    const storage = memoryStorage();
    const { store } = await open(storage);
    store.add(vitals);
    await store.whenSaved();
    storage.full = true;
    store.add(medication);
    await expect(store.whenSaved()).rejects.toThrow(storageFailed);
    expect(store.state.entries).toEqual([vitals]);
    storage.full = false;
    expect((await open(storage)).store.state.entries).toEqual([vitals]);
  });

  it('rolls back the changes queued on top of one that failed, then saves again', async () => {
    const storage = memoryStorage();
    const { store } = await open(storage);
    store.add(vitals);
    await store.whenSaved();
    storage.refuse = 1;
    store.add(medication);
    store.logOpening(opening);
    await expect(store.whenSaved()).rejects.toThrow(storageFailed);
    expect(store.state.entries).toEqual([vitals]);
    expect(store.state.openings).toEqual([]);
    store.add(note);
    await store.whenSaved();
    const reopened = (await open(storage)).store.state;
    expect(reopened.entries).toEqual([vitals, note]);
    expect(reopened.openings).toEqual([]);
  });

  it('keeps unreadable stored documentation aside instead of deleting it', async () => {
    const storage = memoryStorage();
    storage.map.set(KEY, '{"version":1,"entries":[{"kind":"vitals"}]}');
    const { store, quarantinedAs, unreadable } = await open(storage);
    expect(store.state).toEqual(emptyDocumentationState());
    expect(unreadable).toBe('malformed');
    expect(quarantinedAs).toBe(`${KEY}:unreadable:2026-11-26T08:00:00.000Z`);
    expect(storage.map.get(quarantinedAs ?? '')).toBe('{"version":1,"entries":[{"kind":"vitals"}]}');
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
