import { describe, expect, it } from 'vitest';
import {
  admission,
  DOCUMENTATION_KEY,
  memoryStorage,
  note,
  opening,
  OTHER_DOCUMENTATION_KEY,
  sampleState,
  STORAGE_KEY as KEY,
  vitals,
} from './documentation.testkit.js';
import { emptyDocumentationState } from './entries.js';
import { DocumentationStore, deviceTag, type KeyValueStorage } from './store.js';

const now = new Date('2026-11-26T08:00:00Z');
const open = (storage: KeyValueStorage, documentationKey = DOCUMENTATION_KEY, key = KEY) =>
  DocumentationStore.open(storage, key, documentationKey, now);

/**
 * What a patient could be recognised by, or the documentation read from, in the fixtures. Only
 * strings long enough never to turn up by chance in random base64url.
 */
const REVEALING = [
  admission.family,
  admission.given,
  admission.downtimeId,
  admission.birthDate ?? '',
  note.text,
  'Patiënt',
  'RN Smet',
  'Dr Maes',
  'readings',
  'entries',
  'openings',
  '"version"',
  vitals.id,
  opening.kitId,
];

async function sealedWith(documentationKey: string) {
  const storage = memoryStorage();
  const { store } = await open(storage, documentationKey);
  store.add(admission);
  store.add(note);
  store.add(vitals);
  store.logOpening(opening);
  await store.whenSaved();
  return storage;
}

function envelope(text: string | undefined): { v: number; iv: string; ct: string } {
  return JSON.parse(text ?? 'null') as { v: number; iv: string; ct: string };
}

describe('documentation at rest', () => {
  it('stores a sealed envelope with no patient data and no plain JSON of the entries', async () => {
    const storage = await sealedWith(DOCUMENTATION_KEY);
    const stored = storage.map.get(KEY) ?? '';
    const sealed = envelope(stored);
    expect(Object.keys(sealed).sort()).toEqual(['ct', 'iv', 'v']);
    expect(sealed.v).toBe(1);
    expect(sealed.iv).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(sealed.ct).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const text of REVEALING) expect(stored, text).not.toContain(text);
    for (const text of storage.map.values())
      for (const revealing of REVEALING) expect(text).not.toContain(revealing);
  });

  it('seals every change under a fresh IV', async () => {
    const storage = memoryStorage();
    const { store } = await open(storage);
    const ivs = new Set<string>();
    for (const entry of [vitals, note, vitals, note]) {
      store.add(entry);
      await store.whenSaved();
      ivs.add(envelope(storage.map.get(KEY)).iv);
    }
    expect(ivs.size).toBe(4);
  });

  it('reads it back with the same documentation key, as from a newer kit of the scope', async () => {
    const storage = await sealedWith(DOCUMENTATION_KEY);
    const reopened = await open(storage);
    expect(reopened.quarantinedAs).toBeNull();
    expect(reopened.store.state.entries).toEqual([admission, note, vitals]);
    expect(reopened.store.state.openings).toEqual([opening]);
  });

  it('cannot be read with another documentation key, and keeps the data', async () => {
    const storage = await sealedWith(DOCUMENTATION_KEY);
    const sealed = storage.map.get(KEY);
    const other = await open(storage, OTHER_DOCUMENTATION_KEY);
    expect(other.unreadable).toBe('other-key');
    expect(other.store.state).toEqual(emptyDocumentationState());
    expect(other.quarantinedAs).toBe(`${KEY}:unreadable:2026-11-26T08:00:00.000Z`);
    expect(storage.map.get(other.quarantinedAs ?? '')).toBe(sealed);
    // Opening alone writes nothing: the right key still reads it where it was.
    expect(storage.map.get(KEY)).toBe(sealed);
    expect((await open(storage)).store.state.entries).toEqual([admission, note, vitals]);
  });

  it('does not open under another scope, even with the same documentation key', async () => {
    const storage = await sealedWith(DOCUMENTATION_KEY);
    const ward = 'lifeline-viewer/documentation/v1/AZ Test/unit:Ward 3';
    storage.map.set(ward, storage.map.get(KEY) ?? '');
    const copied = await open(storage, DOCUMENTATION_KEY, ward);
    expect(copied.unreadable).toBe('other-key');
    expect(copied.store.state.entries).toEqual([]);
  });

  it('refuses an altered envelope, and keeps it aside', async () => {
    const storage = await sealedWith(DOCUMENTATION_KEY);
    const sealed = envelope(storage.map.get(KEY));
    const flipped = `${sealed.ct.slice(0, 10)}${sealed.ct[10] === 'A' ? 'B' : 'A'}${sealed.ct.slice(11)}`;
    storage.map.set(KEY, JSON.stringify({ ...sealed, ct: flipped }));
    expect((await open(storage)).unreadable).toBe('other-key');
    storage.map.set(KEY, JSON.stringify({ ...sealed, v: 2 }));
    const newer = await open(storage);
    expect(newer.unreadable).toBe('malformed');
    expect(storage.map.get(newer.quarantinedAs ?? '')).toBe(JSON.stringify({ ...sealed, v: 2 }));
  });

  it('migrates plain documentation from before sealing', async () => {
    const storage = memoryStorage();
    storage.map.set(KEY, JSON.stringify(sampleState()));
    const migrated = await open(storage);
    expect(migrated.quarantinedAs).toBeNull();
    expect(migrated.store.state).toEqual(sampleState());
    const stored = storage.map.get(KEY) ?? '';
    expect(envelope(stored).v).toBe(1);
    for (const text of REVEALING) expect(stored, text).not.toContain(text);
    expect((await open(storage)).store.state).toEqual(sampleState());
  });

  it('keeps plain documentation readable when the browser refuses the migration', async () => {
    const storage = memoryStorage();
    const plain = JSON.stringify(sampleState());
    storage.map.set(KEY, plain);
    storage.full = true;
    const { store, quarantinedAs } = await open(storage);
    expect(quarantinedAs).toBeNull();
    expect(store.state).toEqual(sampleState());
    expect(storage.map.get(KEY)).toBe(plain);
    storage.full = false;
    store.add({ ...vitals, id: '00000000-0000-4000-8000-000000000099' });
    await store.whenSaved();
    expect(envelope(storage.map.get(KEY)).v).toBe(1);
  });

  it('keeps the device tag plain, beside the sealed documentation', async () => {
    const storage = memoryStorage();
    const { store } = await open(storage);
    const id = store.takeDowntimeId(['DT-1']);
    await store.whenSaved();
    expect(id).toBe(`DT-1-${deviceTag(storage)}`);
    expect(storage.map.get('lifeline-viewer/device-tag/v1')).toMatch(/^[0-9A-Z]{4}$/);
  });
});
