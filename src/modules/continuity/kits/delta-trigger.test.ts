import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeltaTrigger } from './delta-trigger.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('DeltaTrigger', () => {
  it('builds each touched unit once after the changes settle, and nothing after close', async () => {
    vi.useFakeTimers();
    const built: string[] = [];
    const trigger = new DeltaTrigger(async (unit) => {
      built.push(unit);
    }, 5_000);
    trigger.touch(['ICU']);
    await vi.advanceTimersByTimeAsync(2_000);
    trigger.touch(['ICU', 'CCU']);
    expect(built).toEqual([]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(built).toEqual(['ICU']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(built).toEqual(['ICU', 'CCU']);
    trigger.touch(['ICU']);
    trigger.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(built).toEqual(['ICU', 'CCU']);
  });

  it('keeps going when one build fails', async () => {
    vi.useFakeTimers();
    const built: string[] = [];
    const trigger = new DeltaTrigger(async (unit) => {
      if (unit === 'ER') throw new Error('passphrase file missing');
      built.push(unit);
    }, 1_000);
    trigger.touch(['ER', 'ICU']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(built).toEqual(['ICU']);
    trigger.touch(['ER']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(built).toEqual(['ICU']);
  });
});
