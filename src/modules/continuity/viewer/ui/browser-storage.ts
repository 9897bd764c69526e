import type { KeyValueStorage } from '../documentation/store.js';

/**
 * localStorage when the browser lets a file:// page use it, else a memory stand-in, so the viewer
 * still works (and says that documentation will not survive closing the page).
 */
export function browserStorage(): { storage: KeyValueStorage; available: boolean } {
  try {
    const storage = window.localStorage;
    const probe = 'lifeline-viewer/probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return { storage, available: true };
  } catch {
    const memory = new Map<string, string>();
    return {
      storage: {
        getItem: (key) => memory.get(key) ?? null,
        setItem: (key, value) => void memory.set(key, value),
      },
      available: false,
    };
  }
}
