import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goModeFromUnix, GoMode, unixPermFromGo } from './go-mode.js';
import { goQuoteName, goUnquoteName } from './go-quote.js';
import { formatGoTime, nsToUtimeSeconds, parseGoTime } from './go-time.js';
import { decodeTree, encodeTree, type Node } from './model.js';

describe('Go FileMode conversion', () => {
  it('maps Unix types and special bits onto the bits restic stores', () => {
    expect(goModeFromUnix(0o040755)).toBe(2 ** 31 + 0o755);
    expect(goModeFromUnix(0o120777)).toBe(2 ** 27 + 0o777);
    expect(goModeFromUnix(0o100644)).toBe(0o644);
    expect(goModeFromUnix(0o104755)).toBe(GoMode.setuid + 0o755);
    expect(goModeFromUnix(0o043775)).toBe(GoMode.dir + GoMode.setgid + GoMode.sticky + 0o775);
    expect(goModeFromUnix(0o020620)).toBe(GoMode.device + GoMode.charDevice + 0o620);
    expect(goModeFromUnix(0o010600)).toBe(GoMode.namedPipe + 0o600);
  });

  it('gives back the chmod bits for every permission and special-bit combination', () => {
    fc.assert(
      fc.property(fc.nat(0o7777), fc.constantFrom(0o100000, 0o040000, 0o010000), (perm, type) => {
        expect(unixPermFromGo(goModeFromUnix(type | perm))).toBe(perm);
      }),
    );
  });
});

describe('RFC 3339 times', () => {
  it('formats like Go: trailing zeros dropped, Z for UTC', () => {
    expect(formatGoTime(1_700_000_000_000_000_000n)).toMatch(/^2023-11-14T\d{2}:13:20(Z|[+-]\d{2}:\d{2})$/);
    expect(formatGoTime(1_700_000_000_120_000_000n)).toMatch(/:20\.12(Z|[+-])/);
    expect(parseGoTime('2023-11-14T23:13:20.000000001+01:00')).toBe(1_700_000_000_000_000_001n);
    expect(parseGoTime('0001-01-01T00:00:00Z')).toBe(-62_135_596_800_000_000_000n);
  });

  it('round-trips any nanosecond time between year 1 and 9999', () => {
    fc.assert(
      fc.property(fc.bigInt(-62_135_596_800_000_000_000n, 253_402_300_799_000_000_000n), (ns) => {
        expect(parseGoTime(formatGoTime(ns))).toBe(ns);
      }),
    );
  });

  it('hands utimes a double that truncates to within half a microsecond', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 4_000_000_000_000_000_000n), (ns) => {
        // libuv truncates seconds × 1e6 to whole microseconds.
        const restored = BigInt(Math.floor(nsToUtimeSeconds(ns) * 1e6)) * 1000n;
        const delta = restored > ns ? restored - ns : ns - restored;
        expect(delta <= 500n).toBe(true);
      }),
    );
  });

  it('rejects malformed timestamps', () => {
    expect(() => parseGoTime('yesterday')).toThrow(/malformed/);
  });
});

describe('Go-quoted names', () => {
  it('escapes as strconv.Quote does', () => {
    expect(goQuoteName('a"b\\c')).toBe('a\\"b\\\\c');
    expect(goQuoteName('tab\there\n')).toBe('tab\\there\\n');
    expect(goQuoteName('\x01\x7f')).toBe('\\x01\\x7f');
    expect(goQuoteName('ünïcode ✓')).toBe('ünïcode ✓');
    expect(goQuoteName('\u200b')).toBe('\\u200b');
    expect(goUnquoteName('\\xc3\\xbc')).toBe('ü');
    expect(goUnquoteName('\\101')).toBe('A');
    expect(goUnquoteName('bad"quote')).toBeNull();
    expect(goUnquoteName('trailing\\')).toBeNull();
  });

  it('round-trips every string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (s) => {
        expect(goUnquoteName(goQuoteName(s))).toBe(s);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(goUnquoteName(goQuoteName(s))).toBe(Buffer.from(s, 'utf8').toString('utf8'));
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        goUnquoteName(s);
      }),
    );
  });
});

describe('tree encoding', () => {
  const file: Node = {
    name: 'b"',
    type: 'file',
    mode: 0o644,
    mtime: 'T',
    atime: 'T',
    ctime: 'T',
    uid: 0,
    gid: 0,
    size: 0,
    content: [],
  };

  it('writes restic field order, omits empty fields, sorts by bytes and ends with a newline', () => {
    const dir: Node = {
      name: 'a',
      type: 'dir',
      mode: GoMode.dir + 0o755,
      mtime: 'T',
      atime: 'T',
      ctime: 'T',
      uid: 0,
      gid: 0,
      user: '',
      content: null,
      subtree: 'f'.repeat(64),
    };
    const text = encodeTree({ nodes: [file, dir] }).toString();
    expect(text.endsWith(']}\n')).toBe(true);
    expect(text).toBe(
      '{"nodes":[{"name":"a","type":"dir","mode":2147484141,"mtime":"T","atime":"T","ctime":"T","uid":0,"gid":0,"content":null,"subtree":"' +
        'f'.repeat(64) +
        '"},{"name":"b\\\\\\"","type":"file","mode":420,"mtime":"T","atime":"T","ctime":"T","uid":0,"gid":0,"content":[]}]}\n',
    );
    expect(decodeTree(Buffer.from(text)).nodes.map((n) => n.name)).toEqual(['a', 'b"']);
  });

  it('sorts names byte-wise like Go, not by UTF-16 units', () => {
    const names = ['\u{1F600}', '\uFB01', 'z'];
    const text = encodeTree({ nodes: names.map((name) => ({ ...file, name })) });
    expect(decodeTree(text).nodes.map((n) => n.name)).toEqual(['z', '\uFB01', '\u{1F600}']);
  });

  it('rejects malformed trees with VAULT_DATA_CORRUPT and never crashes on garbage', () => {
    expect(() => decodeTree(Buffer.from('{"nodes":[{"name":1}]}'))).toThrow(
      expect.objectContaining({ code: 'VAULT_DATA_CORRUPT' }),
    );
    fc.assert(
      fc.property(fc.json(), (json) => {
        try {
          decodeTree(Buffer.from(json));
        } catch (err) {
          expect(err).toMatchObject({ code: 'VAULT_DATA_CORRUPT' });
        }
      }),
    );
  });
});
