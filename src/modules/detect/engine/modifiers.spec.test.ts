import { describe, expect, it } from 'vitest';
import { matcherFor, problemsFor } from './engine.testkit.js';

const b64 = (text: string, encoding: BufferEncoding = 'utf8'): string =>
  Buffer.from(text, encoding).toString('base64');

describe('generic modifiers', () => {
  it('contains, startswith, endswith', () => {
    const contains = matcherFor(`sel:\n  CommandLine|contains: ' -NoP '\ncondition: sel`);
    expect(contains({ CommandLine: 'powershell -nop -w hidden' })).toBe(true);
    expect(contains({ CommandLine: 'powershell -nope' })).toBe(false);
    const starts = matcherFor(`sel:\n  User|startswith: 'ADM_'\ncondition: sel`);
    expect(starts({ User: 'adm_jane' })).toBe(true);
    expect(starts({ User: 'x_adm_jane' })).toBe(false);
    const ends = matcherFor(`sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel`);
    expect(ends({ Image: 'C:\\Windows\\System32\\WHOAMI.exe' })).toBe(true);
    expect(ends({ Image: 'C:\\whoami.exe.bak' })).toBe(false);
  });

  it('keeps wildcards inside contains values', () => {
    const m = matcherFor(`sel:\n  CommandLine|contains: 'copy*\\\\sam'\ncondition: sel`);
    expect(m({ CommandLine: 'cmd /c copy \\\\?\\GLOBALROOT\\x\\SAM c:\\t' })).toBe(true);
    expect(m({ CommandLine: 'cmd /c \\SAM copy' })).toBe(false);
  });

  it('all: every value must match', () => {
    const m = matcherFor(`sel:\n  CommandLine|contains|all: ['/c', 'whoami']\ncondition: sel`);
    expect(m({ CommandLine: 'cmd /c whoami' })).toBe(true);
    expect(m({ CommandLine: 'cmd /c dir' })).toBe(false);
    expect(m({ CommandLine: ['cmd /c x', 'whoami'] })).toBe(true);
    expect(problemsFor(`sel:\n  A|contains|all: one\ncondition: sel`)[0]).toMatch(/at least two values/);
  });

  it('exists: true needs the field, false needs it absent; null counts as present', () => {
    const present = matcherFor(`sel:\n  EventID: 1\n  Hashes|exists: true\ncondition: sel`);
    expect(present({ EventID: 1, Hashes: 'x' })).toBe(true);
    expect(present({ EventID: 1, Hashes: '' })).toBe(true);
    expect(present({ EventID: 1, Hashes: null })).toBe(true);
    expect(present({ EventID: 1 })).toBe(false);
    const absent = matcherFor(`sel:\n  EventID: 1\n  Hashes|exists: false\ncondition: sel`);
    expect(absent({ EventID: 1 })).toBe(true);
    expect(absent({ EventID: 1, Hashes: 'x' })).toBe(false);
  });

  it('cased: compares with case', () => {
    const m = matcherFor(`sel:\n  CommandLine|contains|cased: ' -O '\ncondition: sel`);
    expect(m({ CommandLine: 'wget -O x' })).toBe(true);
    expect(m({ CommandLine: 'wget -o x' })).toBe(false);
    const exact = matcherFor(`sel:\n  Name|cased: Admin\ncondition: sel`);
    expect(exact({ Name: 'Admin' })).toBe(true);
    expect(exact({ Name: 'admin' })).toBe(false);
  });

  it('neq: the field is present and differs from every value', () => {
    const m = matcherFor(`sel:\n  EventID: 4624\n  LogonType|neq: [3, 10]\ncondition: sel`);
    expect(m({ EventID: 4624, LogonType: 2 })).toBe(true);
    expect(m({ EventID: 4624, LogonType: 3 })).toBe(false);
    expect(m({ EventID: 4624, LogonType: 10 })).toBe(false);
    expect(m({ EventID: 4624 })).toBe(false);
    const text = matcherFor(`sel:\n  User|neq: SYSTEM\ncondition: sel`);
    expect(text({ User: 'jane' })).toBe(true);
    expect(text({ User: 'system' })).toBe(false);
    expect(text({ User: ['jane', 'SYSTEM'] })).toBe(false);
  });
});

describe('string modifiers', () => {
  it('windash: any dash-like character may stand for another', () => {
    const m = matcherFor(`sel:\n  CommandLine|windash|contains: ' -encodedcommand '\ncondition: sel`);
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) {
      expect(m({ CommandLine: `powershell ${dash}EncodedCommand abc` }), dash).toBe(true);
    }
    expect(m({ CommandLine: 'powershell +encodedcommand abc' })).toBe(false);
    expect(m({ CommandLine: 'powershell encodedcommand abc' })).toBe(false);
    const after = matcherFor(`sel:\n  CommandLine|contains|windash: '-s'\ncondition: sel`);
    expect(after({ CommandLine: 'net /s' })).toBe(true);
  });

  it('re: case-sensitive by default, with i, m and s', () => {
    const plain = matcherFor(`sel:\n  CommandLine|re: '\\s-O\\s'\ncondition: sel`);
    expect(plain({ CommandLine: 'wget -O out' })).toBe(true);
    expect(plain({ CommandLine: 'wget -o out' })).toBe(false);
    const i = matcherFor(`sel:\n  CommandLine|re|i: 'ipconfig\\s+/all'\ncondition: sel`);
    expect(i({ CommandLine: 'IPCONFIG   /ALL' })).toBe(true);
    const m = matcherFor(`sel:\n  Text|re|m: '^second$'\ncondition: sel`);
    expect(m({ Text: 'first\nsecond\nthird' })).toBe(true);
    const notM = matcherFor(`sel:\n  Text|re: '^second$'\ncondition: sel`);
    expect(notM({ Text: 'first\nsecond\nthird' })).toBe(false);
    const s = matcherFor(`sel:\n  Text|re|s: 'a.b'\ncondition: sel`);
    expect(s({ Text: 'a\nb' })).toBe(true);
    const notS = matcherFor(`sel:\n  Text|re: 'a.b'\ncondition: sel`);
    expect(notS({ Text: 'a\nb' })).toBe(false);
  });

  it('re: reads a leading (?i) as the i flag', () => {
    const m = matcherFor(`sel:\n  Uri|re: '(?i)ipfs\\.io/'\ncondition: sel`);
    expect(m({ Uri: 'https://IPFS.IO/x' })).toBe(true);
  });

  it('re: refuses patterns with catastrophic backtracking, with the reason', () => {
    expect(problemsFor(`sel:\n  A|re: '(\\w+\\s?)+$'\ncondition: sel`)[0]).toMatch(
      /"A\|re": regular expression .* rejected: nested quantifiers/,
    );
  });

  it('base64 and base64offset', () => {
    const plain = matcherFor(`sel:\n  Payload|base64: 'http://'\ncondition: sel`);
    expect(plain({ Payload: b64('http://') })).toBe(true);
    const contains = matcherFor(`sel:\n  CommandLine|base64|contains: 'spinstall0.aspx'\ncondition: sel`);
    expect(contains({ CommandLine: `-e ${b64('spinstall0.aspx')}` })).toBe(true);
    const offset = matcherFor(`sel:\n  CommandLine|base64offset|contains: 'IEX (New-Object'\ncondition: sel`);
    for (const prefix of ['', 'a', 'ab', 'abc', 'xyzw']) {
      expect(
        offset({ CommandLine: `powershell -e ${b64(`${prefix}IEX (New-Object Net.WebClient)`)}` }),
        prefix,
      ).toBe(true);
    }
    expect(offset({ CommandLine: `powershell -e ${b64('something else entirely')}` })).toBe(false);
  });

  it('utf16le / wide, utf16be and utf16 before base64', () => {
    const le = matcherFor(`sel:\n  CommandLine|wide|base64offset|contains: 'ping'\ncondition: sel`);
    expect(le({ CommandLine: `powershell -enc ${b64('x; ping 1.2.3.4', 'utf16le')}` })).toBe(true);
    expect(le({ CommandLine: `powershell -enc ${b64('x; ping 1.2.3.4')}` })).toBe(false);
    const sameLe = matcherFor(`sel:\n  CommandLine|utf16le|base64: 'cmd'\ncondition: sel`);
    expect(sameLe({ CommandLine: b64('cmd', 'utf16le') })).toBe(true);
    const be = matcherFor(`sel:\n  Blob|utf16be|base64: 'cmd'\ncondition: sel`);
    expect(be({ Blob: Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64') })).toBe(true);
    const bom = matcherFor(`sel:\n  Blob|utf16|base64: 'cmd'\ncondition: sel`);
    expect(bom({ Blob: Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64') })).toBe(true);
  });

  it('utf16le alone matches the undecoded UTF-16 text', () => {
    const m = matcherFor(`sel:\n  Data|utf16le|contains: 'cmd'\ncondition: sel`);
    expect(m({ Data: 'xx c\u0000m\u0000d\u0000 yy' })).toBe(true);
    expect(m({ Data: 'cmd' })).toBe(false);
  });

  it('refuses encoding a value that holds wildcards', () => {
    expect(problemsFor(`sel:\n  A|base64: 'a*b'\ncondition: sel`)[0]).toMatch(
      /cannot encode a value with wildcards/,
    );
    expect(problemsFor(`sel:\n  A|contains|utf16le: 'a'\ncondition: sel`)[0]).toMatch(/cannot encode/);
    expect(problemsFor(`sel:\n  A|utf16le|wide: 'a'\ncondition: sel`)[0]).toMatch(/given twice/);
  });
});

describe('numeric and time modifiers', () => {
  it('lt, lte, gt, gte on numbers and numeric text', () => {
    const cases: [string, number, boolean][] = [
      ['lt', 9, true],
      ['lt', 10, false],
      ['lte', 10, true],
      ['lte', 11, false],
      ['gt', 11, true],
      ['gt', 10, false],
      ['gte', 10, true],
      ['gte', 9, false],
    ];
    for (const [op, value, expected] of cases) {
      const m = matcherFor(`sel:\n  Size|${op}: 10\ncondition: sel`);
      expect(m({ Size: value }), `${value} ${op} 10`).toBe(expected);
      expect(m({ Size: ` ${value} ` }), `'${value}' ${op} 10`).toBe(expected);
    }
    const gt = matcherFor(`sel:\n  Size|gt: 10\ncondition: sel`);
    expect(gt({ Size: 'big' })).toBe(false);
    expect(gt({ Size: '' })).toBe(false);
    expect(gt({})).toBe(false);
    expect(gt({ Size: [1, 20] })).toBe(true);
    expect(problemsFor(`sel:\n  Size|gt: big\ncondition: sel`)[0]).toMatch(/not a number/);
  });

  it('time parts of an ISO timestamp, as written', () => {
    const stamp = '2024-12-30T23:45:10.123+02:00';
    const expectations: [string, number][] = [
      ['minute', 45],
      ['hour', 23],
      ['day', 30],
      ['week', 1],
      ['month', 12],
      ['year', 2024],
    ];
    for (const [part, value] of expectations) {
      expect(matcherFor(`sel:\n  UtcTime|${part}: ${value}\ncondition: sel`)({ UtcTime: stamp }), part).toBe(
        true,
      );
      expect(
        matcherFor(`sel:\n  UtcTime|${part}: ${value === 1 ? 2 : value - 1}\ncondition: sel`)({
          UtcTime: stamp,
        }),
      ).toBe(false);
    }
  });

  it('time parts with comparisons, lists and neq', () => {
    const night = matcherFor(`sel:\n  UtcTime|hour|gte: 22\ncondition: sel`);
    expect(night({ UtcTime: '2024-05-01 22:10:00.000' })).toBe(true);
    expect(night({ UtcTime: '2024-05-01 08:10:00.000' })).toBe(false);
    expect(night({ UtcTime: 'not a time' })).toBe(false);
    const weekend = matcherFor(`sel:\n  Day|day: [1, 15]\ncondition: sel`);
    expect(weekend({ Day: '2024-05-15' })).toBe(true);
    const notMay = matcherFor(`sel:\n  T|month|neq: 5\ncondition: sel`);
    expect(notMay({ T: '2024-06-01T00:00:00Z' })).toBe(true);
    expect(notMay({ T: '2024-05-01T00:00:00Z' })).toBe(false);
    expect(notMay({})).toBe(false);
  });

  it('time parts of epoch numbers, in UTC', () => {
    const m = matcherFor(`sel:\n  Time|hour: 7\ncondition: sel`);
    expect(m({ Time: Date.UTC(2026, 2, 2, 7, 30) })).toBe(true);
    expect(m({ Time: Date.UTC(2026, 2, 2, 7, 30) / 1000 })).toBe(true);
    expect(m({ Time: Date.UTC(2026, 2, 2, 8, 30) })).toBe(false);
  });

  it('refuses time values out of range', () => {
    expect(problemsFor(`sel:\n  T|minute: 60\ncondition: sel`)[0]).toMatch(/not a valid minute/);
    expect(problemsFor(`sel:\n  T|month: 0\ncondition: sel`)[0]).toMatch(/not a valid month/);
  });
});

describe('cidr', () => {
  it('matches IPv4 and IPv6 networks, and nothing else', () => {
    const m = matcherFor(
      `sel:\n  DestinationIp|cidr:\n    - 10.0.0.0/8\n    - 192.168.0.0/16\n    - fe80::/10\n    - '::1/128'\ncondition: sel`,
    );
    expect(m({ DestinationIp: '10.1.2.3' })).toBe(true);
    expect(m({ DestinationIp: '192.168.200.1' })).toBe(true);
    expect(m({ DestinationIp: 'FE80::1234' })).toBe(true);
    expect(m({ DestinationIp: '::1' })).toBe(true);
    expect(m({ DestinationIp: '::ffff:10.0.0.1' })).toBe(true);
    expect(m({ DestinationIp: '11.1.2.3' })).toBe(false);
    expect(m({ DestinationIp: '2001:db8::1' })).toBe(false);
    expect(m({ DestinationIp: 'not-an-ip' })).toBe(false);
    expect(m({})).toBe(false);
  });

  it('negates with not in the condition and with neq', () => {
    const outside = matcherFor(
      `sel:\n  EventID: 3\ninternal:\n  DestinationIp|cidr: 10.0.0.0/8\ncondition: sel and not internal`,
    );
    expect(outside({ EventID: 3, DestinationIp: '8.8.8.8' })).toBe(true);
    expect(outside({ EventID: 3, DestinationIp: '10.8.8.8' })).toBe(false);
    const neq = matcherFor(`sel:\n  DestinationIp|cidr|neq: 10.0.0.0/8\ncondition: sel`);
    expect(neq({ DestinationIp: '8.8.8.8' })).toBe(true);
    expect(neq({ DestinationIp: '10.1.1.1' })).toBe(false);
  });
});

describe('expand', () => {
  const placeholders = { Admins: ['adm_*', 'Administrator'], DCs: ['dc01', 'dc02'], Empty: [] };

  it('replaces placeholders with every configured value', () => {
    const m = matcherFor(`sel:\n  User|expand: '%Admins%'\ncondition: sel`, { placeholders });
    expect(m({ User: 'ADM_jane' })).toBe(true);
    expect(m({ User: 'administrator' })).toBe(true);
    expect(m({ User: 'jane' })).toBe(false);
  });

  it('combines placeholders with other modifiers and with each other', () => {
    // Under expand, \% is a plain percent sign: a backslash before a placeholder is written \\.
    const m = matcherFor(`sel:\n  Target|contains|expand: '\\\\\\\\%DCs%\\\\%Admins%'\ncondition: sel`, {
      placeholders,
    });
    expect(m({ Target: 'x \\\\DC02\\adm_joe y' })).toBe(true);
    expect(m({ Target: 'x \\\\dc03\\adm_joe y' })).toBe(false);
  });

  it('keeps escaped percent signs and values without expand as they are', () => {
    const escaped = matcherFor(`sel:\n  P|expand: '\\%plain%DCs%'\ncondition: sel`, { placeholders });
    expect(escaped({ P: '%plaindc01' })).toBe(true);
    const literal = matcherFor(`sel:\n  P: '%DCs%'\ncondition: sel`, { placeholders });
    expect(literal({ P: '%dcs%' })).toBe(true);
    expect(literal({ P: 'dc01' })).toBe(false);
  });

  it('refuses the rule when a placeholder has no values', () => {
    expect(problemsFor(`sel:\n  User|expand: '%Nobody%'\ncondition: sel`, { placeholders })[0]).toBe(
      '"User|expand": placeholder %Nobody% has no configured values',
    );
    expect(problemsFor(`sel:\n  User|expand: '%Empty%'\ncondition: sel`, { placeholders })[0]).toMatch(
      /%Empty%/,
    );
    expect(problemsFor(`sel:\n  User|expand: '%Admins%'\ncondition: sel`)[0]).toMatch(/%Admins%/);
  });
});

describe('fieldref', () => {
  it('compares two fields of the same event, ignoring case', () => {
    const m = matcherFor(`sel:\n  Image|fieldref: ParentImage\ncondition: sel`);
    expect(m({ Image: 'C:\\a.exe', ParentImage: 'c:\\A.EXE' })).toBe(true);
    expect(m({ Image: 'C:\\a.exe', ParentImage: 'c:\\b.exe' })).toBe(false);
    expect(m({ Image: 'C:\\a.exe' })).toBe(false);
  });

  it('combines with neq, cased and the position modifiers', () => {
    const neq = matcherFor(`sel:\n  User|fieldref|neq: ParentUser\ncondition: sel`);
    expect(neq({ User: 'a', ParentUser: 'b' })).toBe(true);
    expect(neq({ User: 'a', ParentUser: 'A' })).toBe(false);
    const cased = matcherFor(`sel:\n  User|fieldref|cased: ParentUser\ncondition: sel`);
    expect(cased({ User: 'a', ParentUser: 'A' })).toBe(false);
    const contains = matcherFor(`sel:\n  CommandLine|fieldref|contains: Image\ncondition: sel`);
    expect(contains({ CommandLine: '"C:\\x.exe" -a', Image: 'c:\\x.exe' })).toBe(true);
    const ends = matcherFor(`sel:\n  TargetFilename|fieldref|endswith: Name\ncondition: sel`);
    expect(ends({ TargetFilename: 'C:\\dir\\file.txt', Name: 'FILE.txt' })).toBe(true);
  });
});
