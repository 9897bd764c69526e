import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { limitReached, parseLimit, readWatchLimit, watchLimits } from './limits.js';

describe('watch limits', () => {
  it('accepts a tree that fits with room to grow', () => {
    expect(watchLimits(10_000, 'inotify', 192_536)).toEqual({ ok: true });
  });

  it('names the sysctl, the current value and a value to set when directories exceed the limit', () => {
    const result = watchLimits(250_000, 'inotify', 192_536);
    expect(result.ok).toBe(false);
    expect(result.problem).toContain('250000 directories');
    expect(result.problem).toContain('it is 192536');
    const suggested = Number(/sysctl fs\.inotify\.max_user_watches=(\d+)/.exec(result.problem ?? '')?.[1]);
    expect(suggested).toBeGreaterThanOrEqual(250_000 + 25_000);
  });

  it('speaks of fanotify marks in fanotify mode', () => {
    expect(watchLimits(300_000, 'fanotify', 205_039).problem).toMatch(
      /sysctl fs\.fanotify\.max_user_marks=\d+/,
    );
  });

  it('keeps room for new folders: a tree just under the limit is refused', () => {
    expect(watchLimits(192_000, 'inotify', 192_536).ok).toBe(false);
  });

  it('says which sysctl to raise when the kernel refuses a watch later', () => {
    expect(limitReached('inotify', 500, 512)).toMatch(
      /after 500 directories .*sysctl fs\.inotify\.max_user_watches=\d+/,
    );
  });

  it('reads the live limit of this kernel', () => {
    expect(readWatchLimit('inotify')).toBeGreaterThan(0);
  });

  it('parses only what the kernel prints', () => {
    expect(parseLimit('192536\n')).toBe(192_536);
    expect(parseLimit('-1')).toBeNull();
    expect(parseLimit('')).toBeNull();
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = parseLimit(text);
        expect(value === null || (Number.isSafeInteger(value) && value >= 0)).toBe(true);
      }),
    );
    fc.assert(fc.property(fc.nat(), (n) => parseLimit(`${n}\n`) === n));
  });
});
