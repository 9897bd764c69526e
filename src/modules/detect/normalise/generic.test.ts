import { describe, expect, it } from 'vitest';

import { NORMALISE_LIMITS } from './limits.js';
import { normaliseJson, normaliseObject } from './normalise-json.js';

describe('generic JSON', () => {
  it('flattens nested objects to dotted names and keeps arrays of scalars', () => {
    const result = normaliseJson(
      '{"src":{"ip":"10.0.0.5","port":443},"tags":["a","b"],"ok":true,"n":null,"ratio":0.5}',
    );
    expect(result).toEqual({
      ok: true,
      fields: { 'src.ip': '10.0.0.5', 'src.port': 443, tags: ['a', 'b'], ok: true, n: null, ratio: 0.5 },
    });
  });

  it('spreads arrays of objects into lists under the array name', () => {
    const result = normaliseObject({
      dns: {
        answers: [
          { type: 'A', data: '1.2.3.4' },
          { type: 'AAAA', data: '::1' },
        ],
      },
    });
    expect(result.ok && result.fields).toEqual({
      'dns.answers.type': ['A', 'AAAA'],
      'dns.answers.data': ['1.2.3.4', '::1'],
    });
  });

  it('flattens nested arrays of scalars into one list', () => {
    const result = normaliseObject({ m: [[1, 2], [3], 'x'] });
    expect(result.ok && result.fields).toEqual({ m: [1, 2, 3, 'x'] });
  });

  it('takes the time from a well-known key, ISO text or epoch', () => {
    expect(normaliseJson('{"@timestamp":"2025-11-03T08:00:00+01:00"}')).toMatchObject({
      time: '2025-11-03T07:00:00.000Z',
    });
    expect(normaliseJson('{"ts":1700000000.25}')).toMatchObject({ time: '2023-11-14T22:13:20.250Z' });
    expect(normaliseJson('{"timestamp":1700000000250}')).toMatchObject({ time: '2023-11-14T22:13:20.250Z' });
    const none = normaliseJson('{"time":"soon"}');
    expect(none.ok && 'time' in none).toBe(false);
  });

  it('keeps a first value when a dotted key and a nested path collide', () => {
    const result = normaliseJson('{"a.b":1,"a":{"b":2}}');
    expect(result.ok && result.fields).toEqual({ 'a.b': 1 });
  });

  it('stores a __proto__ key as a field and leaves the prototype alone', () => {
    const result = normaliseJson('{"__proto__":{"polluted":"yes"},"constructor":"c"}');
    if (!result.ok) throw new Error(result.reason);
    expect(Object.getPrototypeOf(result.fields)).toBe(Object.prototype);
    expect(Object.hasOwn(result.fields, '__proto__.polluted')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cuts long strings, drops parts deeper than the limit and stops at the field limit', () => {
    const long = 'x'.repeat(NORMALISE_LIMITS.maxStringChars + 10);
    const cut = normaliseObject({ s: long });
    expect(cut.ok && (cut.fields.s as string).length).toBe(NORMALISE_LIMITS.maxStringChars);

    let deep: unknown = 'bottom';
    for (let i = 0; i < NORMALISE_LIMITS.maxDepth + 5; i += 1) deep = { d: deep };
    const shallow = normaliseObject({ top: 1, deep });
    expect(shallow.ok && shallow.fields).toEqual({ top: 1 });

    const wide = Object.fromEntries(
      Array.from({ length: NORMALISE_LIMITS.maxFields + 50 }, (_, i) => [`k${i}`, i]),
    );
    const capped = normaliseObject(wide);
    expect(capped.ok && Object.keys(capped.fields)).toHaveLength(NORMALISE_LIMITS.maxFields);

    const longList = normaliseObject({ list: Array.from({ length: 1000 }, (_, i) => i) });
    expect(longList.ok && longList.fields.list).toHaveLength(NORMALISE_LIMITS.maxArrayItems);
  });

  it('refuses what is not a JSON object, with reasons that quote nothing', () => {
    expect(normaliseJson('[1,2]')).toEqual({ ok: false, reason: 'JSON value is not an object' });
    expect(normaliseJson('"secret patient name"')).toEqual({
      ok: false,
      reason: 'JSON value is not an object',
    });
    expect(normaliseJson('{"name":"Jane Doe"')).toEqual({ ok: false, reason: 'not valid JSON' });
    expect(normaliseJson(' '.repeat(NORMALISE_LIMITS.maxInputChars + 1))).toEqual({
      ok: false,
      reason: 'JSON document too large',
    });
  });

  it('survives values JSON cannot carry when given an already-parsed object', () => {
    const hostile = {
      big: 10n,
      when: new Date('2025-01-01T00:00:00Z'),
      nan: Number.NaN,
      fn: () => 1,
      get boom(): never {
        throw new Error('getter');
      },
    };
    expect(normaliseObject(hostile)).toEqual({ ok: false, reason: 'event could not be read' });
    const { boom: _boom, ...rest } = Object.getOwnPropertyDescriptors(hostile);
    const safe = normaliseObject(Object.defineProperties({}, rest));
    expect(safe.ok && safe.fields).toEqual({ big: '10', when: '2025-01-01T00:00:00.000Z' });
  });
});
