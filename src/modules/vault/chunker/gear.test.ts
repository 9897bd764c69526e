import { describe, expect, it } from 'vitest';
import { isLifelineError } from '../../../kernel/errors.js';
import { createGearTable } from './gear.js';

const key = (fill: number) => Buffer.alloc(32, fill);

describe('createGearTable', () => {
  it('gives the same table for the same key and another for another key', () => {
    expect(createGearTable(key(1))).toEqual(createGearTable(key(1)));
    const a = createGearTable(key(1));
    const b = createGearTable(key(2));
    const same = a.filter((v, i) => v === b[i]).length;
    expect(same).toBeLessThan(3);
  });

  it('fills 256 well-spread 32-bit values', () => {
    const table = createGearTable(key(7));
    expect(table).toHaveLength(256);
    expect(new Set(table).size).toBeGreaterThan(250);
    // Each bit is set in roughly half the entries; a broken derivation (zeros, bytes only) is not.
    for (let bit = 0; bit < 32; bit++) {
      const set = table.filter((v) => (v >>> bit) & 1).length;
      expect(set).toBeGreaterThan(80);
      expect(set).toBeLessThan(176);
    }
  });

  it('refuses a key shorter than 32 bytes', () => {
    let caught: unknown;
    try {
      createGearTable(Buffer.alloc(16, 1));
    } catch (err) {
      caught = err;
    }
    expect(isLifelineError(caught) && caught.code).toBe('VALIDATION_FAILED');
  });
});
