import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from './cidr.js';

const inside = (network: string, address: string): boolean => {
  const cidr = parseCidr(network);
  const ip = parseIp(address);
  if (!cidr || !ip) throw new Error(`bad test input ${network} ${address}`);
  return cidrContains(cidr, ip);
};

describe('cidr', () => {
  it('matches IPv4 networks', () => {
    expect(inside('10.0.0.0/8', '10.255.1.2')).toBe(true);
    expect(inside('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(inside('192.168.1.0/24', '192.168.1.255')).toBe(true);
    expect(inside('192.168.1.0/24', '192.168.2.0')).toBe(false);
    expect(inside('0.0.0.0/0', '8.8.8.8')).toBe(true);
    expect(inside('1.2.3.4', '1.2.3.4')).toBe(true);
    expect(inside('1.2.3.4/32', '1.2.3.5')).toBe(false);
    expect(inside('172.16.0.0/12', '172.31.255.255')).toBe(true);
    expect(inside('172.16.0.0/12', '172.32.0.0')).toBe(false);
  });

  it('matches IPv6 networks, with :: and embedded IPv4', () => {
    expect(inside('fe80::/10', 'fe80::1')).toBe(true);
    expect(inside('fe80::/10', 'febf:ffff::1')).toBe(true);
    expect(inside('fe80::/10', 'fec0::1')).toBe(false);
    expect(inside('2001:db8::/32', '2001:DB8:0:0:1::1')).toBe(true);
    expect(inside('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(inside('::1/128', '::1')).toBe(true);
    expect(inside('64:ff9b::/96', '64:ff9b::192.0.2.33')).toBe(true);
    expect(inside('fe80::/64', 'fe80::1%eth0')).toBe(true);
  });

  it('treats IPv4-mapped IPv6 addresses as IPv4, and never mixes families otherwise', () => {
    expect(inside('10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true);
    expect(inside('::/0', '10.1.2.3')).toBe(false);
    expect(inside('0.0.0.0/0', '2001:db8::1')).toBe(false);
  });

  it('refuses malformed networks and addresses', () => {
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0/8',
      '256.0.0.0/8',
      '1.2.3.4/x',
      'fe80::/129',
      '1::2::3',
      'zz::/8',
      '',
    ]) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
    for (const bad of ['1.2.3', '1.2.3.4.5', '01.2.3.999', 'abc', ':::', '1:2:3:4:5:6:7:8:9']) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });

  it('agrees with a bitwise reference for random IPv4 networks', () => {
    fc.assert(
      fc.property(
        fc.nat(0xffffffff),
        fc.nat(0xffffffff),
        fc.integer({ min: 0, max: 32 }),
        (net, ip, prefix) => {
          const text = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
          const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
          const expected = (net & mask) >>> 0 === (ip & mask) >>> 0;
          expect(inside(`${text(net)}/${prefix}`, text(ip))).toBe(expected);
        },
      ),
    );
  });
});
