import { describe, expect, it } from 'vitest';
import { brief, load, match, rule } from './correlation.testkit.js';
import { CorrelationEngine } from './engine.js';

const a = rule('r-a', 'recon_cmd_a');
const b = rule('r-b', 'recon_cmd_b');
const c = rule('r-c', 'recon_cmd_c');

function temporal(type: 'temporal' | 'temporal_ordered', extra = ''): CorrelationEngine {
  const text = `title: Recon\nname: recon\ncorrelation: { type: ${type}, rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c], group-by: [ComputerName, User], timespan: 5m ${extra} }`;
  return new CorrelationEngine(load([text], [a, b, c]));
}

const on = (r: typeof a, seconds: number, User = 'alice') => match(r, seconds, { ComputerName: 'ws1', User });

describe('temporal', () => {
  it('fires when every rule has matched in the group within the timespan, in any order', () => {
    const engine = temporal('temporal');
    expect(engine.observe(on(c, 0))).toEqual([]);
    expect(engine.observe(on(a, 10))).toEqual([]);
    expect(engine.observe(on(a, 20))).toEqual([]);
    const fired = engine.observe(on(b, 300));
    expect(fired.map(brief)).toEqual([
      { rule: 'recon', group: { ComputerName: 'ws1', User: 'alice' }, value: 3 },
    ]);
    expect(fired[0]!.events.at(-1)?.raw).toBe('r-b@300');
  });

  it('does not fire when one rule is missing, outside the timespan, or in another group', () => {
    const engine = temporal('temporal');
    expect(engine.observe(on(a, 0))).toEqual([]);
    expect(engine.observe(on(b, 1, 'bob'))).toEqual([]);
    expect(engine.observe(on(b, 2))).toEqual([]);
    expect(engine.observe(on(c, 300.5))).toEqual([]);
    expect(engine.observe(on(a, 301))).toHaveLength(1);
  });

  it('fires on fewer rules when the condition asks for fewer', () => {
    const engine = temporal('temporal', ', condition: { gte: 2 }');
    expect(engine.observe(on(a, 0))).toEqual([]);
    expect(engine.observe(on(a, 1))).toEqual([]);
    expect(engine.observe(on(c, 2)).map((m) => m.value)).toEqual([2]);
  });
});

describe('temporal_ordered', () => {
  it('fires when the rules matched in the listed order', () => {
    const engine = temporal('temporal_ordered');
    expect([engine.observe(on(a, 0)), engine.observe(on(b, 1))]).toEqual([[], []]);
    expect(engine.observe(on(c, 2)).map((m) => m.value)).toEqual([3]);
  });

  it('does not fire when they matched out of order', () => {
    const engine = temporal('temporal_ordered');
    expect([engine.observe(on(a, 0)), engine.observe(on(c, 1)), engine.observe(on(b, 2))]).toEqual([
      [],
      [],
      [],
    ]);
    expect(engine.observe(on(c, 3))).toHaveLength(1);
  });

  it('orders by event time, not arrival, and takes equal times as simultaneous', () => {
    const engine = temporal('temporal_ordered');
    expect([engine.observe(on(c, 2)), engine.observe(on(a, 0))]).toEqual([[], []]);
    expect(engine.observe(on(b, 1))).toHaveLength(1);
    const same = temporal('temporal_ordered');
    expect([same.observe(on(b, 5)), same.observe(on(a, 5))]).toEqual([[], []]);
    expect(same.observe(on(c, 6))).toHaveLength(1);
  });

  it('fires once the ordered prefix meets a lower condition', () => {
    const engine = temporal('temporal_ordered', ', condition: { gte: 2 }');
    expect(engine.observe(on(b, 0))).toEqual([]);
    expect(engine.observe(on(a, 1))).toEqual([]);
    expect(engine.observe(on(b, 2)).map((m) => m.value)).toEqual([2]);
  });
});

describe('aliases', () => {
  const internalError = rule('r-500', 'internal_error');
  const connection = rule('r-conn', 'new_network_connection');
  const text = `
title: Error then connection back
name: error_then_connection
correlation:
  type: temporal
  rules: [internal_error, new_network_connection]
  group-by: [internal_ip, remote_ip]
  timespan: 10s
  aliases:
    internal_ip: { internal_error: destination.ip, new_network_connection: source.ip }
    remote_ip: { internal_error: source.ip, new_network_connection: destination.ip }
`;

  it('groups events whose different fields carry the same value', () => {
    const engine = new CorrelationEngine(load([text], [internalError, connection]));
    const error = match(internalError, 0, { 'source.ip': '203.0.113.9', 'destination.ip': '10.0.0.5' });
    expect(engine.observe(error)).toEqual([]);
    const back = match(connection, 4, { 'source.ip': '10.0.0.5', 'destination.ip': '203.0.113.9' });
    expect(engine.observe(back).map(brief)).toEqual([
      {
        rule: 'error_then_connection',
        group: { internal_ip: '10.0.0.5', remote_ip: '203.0.113.9' },
        value: 2,
      },
    ]);
  });

  it('keeps different address pairs apart', () => {
    const engine = new CorrelationEngine(load([text], [internalError, connection]));
    engine.observe(match(internalError, 0, { 'source.ip': '203.0.113.9', 'destination.ip': '10.0.0.5' }));
    const unrelated = match(connection, 1, { 'source.ip': '10.0.0.5', 'destination.ip': '198.51.100.1' });
    expect(engine.observe(unrelated)).toEqual([]);
    const sameDirection = match(connection, 2, { 'source.ip': '203.0.113.9', 'destination.ip': '10.0.0.5' });
    expect(engine.observe(sameDirection)).toEqual([]);
  });

  it('reads a group-by name itself for a rule the alias does not map', () => {
    const partial = `title: t\nname: p\ncorrelation: { type: temporal, rules: [internal_error, new_network_connection], group-by: [ip], timespan: 10s, aliases: { ip: { internal_error: destination.ip } } }`;
    const engine = new CorrelationEngine(load([partial], [internalError, connection]));
    engine.observe(match(internalError, 0, { 'destination.ip': '10.0.0.5' }));
    expect(engine.observe(match(connection, 1, { ip: '10.0.0.5' }))).toHaveLength(1);
  });
});
