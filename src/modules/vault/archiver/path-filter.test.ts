import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathFilter } from './path-filter.js';

const matches = (pattern: string, path: string): boolean => new PathFilter([pattern]).matches(path);

describe('restic-style path patterns', () => {
  it.each([
    ['*.bin', '/data/x.bin', true],
    ['*.bin', '/data/x.bin.txt', false],
    ['cache', '/home/a/cache/file', true],
    ['/home/a', '/home/a/deep/file', true],
    ['/home/a', '/srv/home/a', false],
    ['home/a', '/srv/home/a', true],
    ['/home/**/tmp', '/home/x/y/z/tmp', true],
    ['/home/**/tmp', '/home/tmp', true],
    ['/home/**/tmp', '/var/tmp', false],
    ['foo?.log', '/a/foo1.log', true],
    ['[ab].txt', '/a/b.txt', true],
    ['[^ab].txt', '/a/b.txt', false],
    ['\\*literal', '/a/*literal', true],
    ['\\*literal', '/a/xliteral', false],
  ])('%s against %s is %s', (pattern, path, want) => {
    expect(matches(pattern, path)).toBe(want);
  });

  it('knows when a directory may contain matches of an anchored pattern', () => {
    const filter = new PathFilter(['/srv/records/2024']);
    expect(filter.childMayMatch('/srv')).toBe(true);
    expect(filter.childMayMatch('/srv/records')).toBe(true);
    expect(filter.childMayMatch('/home')).toBe(false);
  });

  it('rejects malformed patterns with a clear error', () => {
    expect(() => new PathFilter(['[abc'])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('never throws anything but a validation error on arbitrary patterns', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (pattern, path) => {
        try {
          new PathFilter([pattern]).matches(`/${path}`);
        } catch (err) {
          expect(err).toMatchObject({ code: 'VALIDATION_FAILED' });
        }
      }),
    );
  });
});
