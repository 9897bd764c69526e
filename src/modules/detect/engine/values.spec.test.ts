import { describe, expect, it } from 'vitest';
import { matcherFor, problemsFor } from './engine.testkit.js';

describe('detection values', () => {
  it('compares case-insensitively by default', () => {
    const m = matcherFor(`sel:\n  Image: 'C:\\Windows\\System32\\whoami.exe'\ncondition: sel`);
    expect(m({ Image: 'c:\\windows\\system32\\WHOAMI.EXE' })).toBe(true);
    expect(m({ Image: 'c:\\windows\\system32\\whoami.exe2' })).toBe(false);
    expect(m({ Image: 'x c:\\windows\\system32\\whoami.exe' })).toBe(false);
  });

  it('reads * as any run and ? as exactly one character', () => {
    // In a Sigma value \\* is a backslash and a wildcard; \* alone would be a plain star.
    const m = matcherFor(`sel:\n  Image: 'prog?.exe'\n  Path: 'C:\\\\*\\bin\\\\*.dll'\ncondition: sel`);
    expect(m({ Image: 'progA.exe', Path: 'c:\\x\\y\\bin\\a.dll' })).toBe(true);
    expect(m({ Image: 'prog.exe', Path: 'c:\\x\\bin\\a.dll' })).toBe(false);
    expect(m({ Image: 'progAB.exe', Path: 'c:\\x\\bin\\a.dll' })).toBe(false);
    expect(m({ Image: 'prog1.exe', Path: 'c:\\bin\\a.dll' })).toBe(false);
  });

  it('treats escaped wildcards as plain characters', () => {
    const path = matcherFor(`sel:\n  Path: 'C:\\*\\bin'\ncondition: sel`);
    expect(path({ Path: 'C:*\\bin' })).toBe(true);
    expect(path({ Path: 'C:\\x\\bin' })).toBe(false);
    const star = matcherFor(`sel:\n  Title: 'a\\*b'\ncondition: sel`);
    expect(star({ Title: 'a*b' })).toBe(true);
    expect(star({ Title: 'axxb' })).toBe(false);
    const question = matcherFor(`sel:\n  Title: 'what\\?'\ncondition: sel`);
    expect(question({ Title: 'what?' })).toBe(true);
    expect(question({ Title: 'whatX' })).toBe(false);
  });

  it('reads \\\\* as a backslash followed by a wildcard', () => {
    const m = matcherFor(`sel:\n  Path: 'C:\\Temp\\\\*'\ncondition: sel`);
    expect(m({ Path: 'C:\\Temp\\anything' })).toBe(true);
    expect(m({ Path: 'C:\\Temp' })).toBe(false);
  });

  it('reads \\\\\\* as a backslash followed by a plain star', () => {
    const m = matcherFor(`sel:\n  Path: 'a\\\\\\*'\ncondition: sel`);
    expect(m({ Path: 'a\\*' })).toBe(true);
    expect(m({ Path: 'a\\b' })).toBe(false);
  });

  it('ORs the values of a list, and ANDs the fields of a map', () => {
    const m = matcherFor(`sel:\n  EventID: [4624, 4625]\n  LogonType: 3\ncondition: sel`);
    expect(m({ EventID: 4625, LogonType: 3 })).toBe(true);
    expect(m({ EventID: 4624, LogonType: '3' })).toBe(true);
    expect(m({ EventID: 4626, LogonType: 3 })).toBe(false);
    expect(m({ EventID: 4624, LogonType: 2 })).toBe(false);
    expect(m({ EventID: 4624 })).toBe(false);
  });

  it('ORs the maps of a list', () => {
    const m = matcherFor(`sel:\n  - Image|endswith: '\\a.exe'\n  - Description: Test\ncondition: sel`);
    expect(m({ Image: 'c:\\a.exe' })).toBe(true);
    expect(m({ Description: 'test' })).toBe(true);
    expect(m({ Image: 'c:\\b.exe', Description: 'other' })).toBe(false);
  });

  it('compares numbers and booleans by their text', () => {
    const m = matcherFor(`sel:\n  EventID: 1\n  Elevated: true\ncondition: sel`);
    expect(m({ EventID: 1, Elevated: true })).toBe(true);
    expect(m({ EventID: '1', Elevated: 'True' })).toBe(true);
    expect(m({ EventID: 11, Elevated: true })).toBe(false);
    expect(m({ EventID: 1, Elevated: false })).toBe(false);
  });

  it('matches null when the field is absent or null, and not when it has a value', () => {
    const m = matcherFor(`sel:\n  EventID: 4738\nempty:\n  PasswordLastSet: null\ncondition: sel and empty`);
    expect(m({ EventID: 4738 })).toBe(true);
    expect(m({ EventID: 4738, PasswordLastSet: null })).toBe(true);
    expect(m({ EventID: 4738, PasswordLastSet: '' })).toBe(false);
    expect(m({ EventID: 4738, PasswordLastSet: '2024-01-01' })).toBe(false);
    const notNull = matcherFor(
      `sel:\n  EventID: 4738\nempty:\n  PasswordLastSet: null\ncondition: sel and not empty`,
    );
    expect(notNull({ EventID: 4738, PasswordLastSet: 'x' })).toBe(true);
    expect(notNull({ EventID: 4738 })).toBe(false);
  });

  it("matches '' only on an empty value", () => {
    const m = matcherFor(`sel:\n  CommandLine: ''\ncondition: sel`);
    expect(m({ CommandLine: '' })).toBe(true);
    expect(m({ CommandLine: ' ' })).toBe(false);
    expect(m({})).toBe(false);
    expect(m({ CommandLine: null })).toBe(false);
  });

  it('refuses null inside a list, as the specification asks', () => {
    expect(problemsFor(`sel:\n  Field: ['', null]\ncondition: sel`)[0]).toMatch(
      /null cannot be part of a list/,
    );
  });

  it('matches a list-valued event field when any item matches', () => {
    const m = matcherFor(`sel:\n  Tags|contains: admin\ncondition: sel`);
    expect(m({ Tags: ['user', 'Domain Admins'] })).toBe(true);
    expect(m({ Tags: ['user', null, 3] })).toBe(false);
    expect(m({ Tags: [] })).toBe(false);
  });

  it('searches keywords in every string value, anywhere inside it', () => {
    const m = matcherFor(`keywords:\n  - 'event::clear'\n  - 'EVENT::drop'\ncondition: keywords`);
    expect(m({ CommandLine: 'mimikatz # event::Drop', Image: 'x' })).toBe(true);
    expect(m({ Other: ['a', 'prefix event::clear suffix'] })).toBe(true);
    expect(m({ CommandLine: 'event:clear' })).toBe(false);
    expect(m({ Count: 5 })).toBe(false);
  });

  it('does not find keywords in numbers', () => {
    const m = matcherFor(`keywords:\n  - '4688'\ncondition: keywords`);
    expect(m({ EventID: 4688 })).toBe(false);
    expect(m({ Message: 'event 4688' })).toBe(true);
  });

  it('ANDs keywords under |all, each found in any field', () => {
    const m = matcherFor(
      `keywords:\n  '|all':\n    - 'OabVirtualDirectory'\n    - ' -ExternalUrl '\ncondition: keywords`,
    );
    expect(m({ Payload: 'Set-OabVirtualDirectory -ExternalUrl http://x' })).toBe(true);
    expect(m({ A: 'Set-OabVirtualDirectory', B: 'x -externalurl y' })).toBe(true);
    expect(m({ Payload: 'Set-OabVirtualDirectory' })).toBe(false);
  });

  it('honours wildcards inside keywords', () => {
    const m = matcherFor(`keywords:\n  - 'pass*word'\ncondition: keywords`);
    expect(m({ Message: 'the PASS for the word' })).toBe(true);
    expect(m({ Message: 'word pass' })).toBe(false);
  });

  it('reads a single keyword written as a plain value', () => {
    const m = matcherFor(`keywords: 'jexboss'\ncondition: keywords`);
    expect(m({ Message: 'JexBoss exploit' })).toBe(true);
  });

  it('does not mistake inherited object properties for fields', () => {
    const m = matcherFor(`sel:\n  constructor|exists: true\ncondition: sel`);
    expect(m({})).toBe(false);
    expect(m({ constructor: 'x' })).toBe(true);
  });
});
