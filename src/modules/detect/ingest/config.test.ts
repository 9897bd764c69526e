import { describe, expect, it } from 'vitest';
import { ingestConfigSchema } from './config.js';

describe('ingest configuration', () => {
  it('has defaults for everything and no sources', () => {
    const config = ingestConfigSchema.parse({});
    expect(config).toMatchObject({
      queueCapacity: 50_000,
      maxFrameBytes: 65_536,
      syslog: { udp: [], tcp: [], tls: [], offsetMinutes: 0 },
      files: [],
      quarantine: { keepPerSource: 1000 },
    });
  });

  it('fills listener defaults and refuses a source name used twice', () => {
    const config = ingestConfigSchema.parse({
      syslog: { udp: [{ name: 'edge' }], tls: [{ name: 'dc', certFile: '/c.pem', keyFile: '/k.pem' }] },
      files: [{ name: 'auth', path: '/var/log/auth.log' }],
    });
    expect(config.syslog.udp[0]).toEqual({ name: 'edge', host: '0.0.0.0', port: 514 });
    expect(config.syslog.tls[0]?.port).toBe(6514);
    expect(config.files[0]).toMatchObject({ startAt: 'end', format: 'syslog' });
    const twice = ingestConfigSchema.safeParse({ syslog: { udp: [{ name: 'a' }], tcp: [{ name: 'a' }] } });
    expect(twice.success).toBe(false);
  });

  it('refuses a frame limit below what RFC 5425 requires and unsafe names', () => {
    expect(ingestConfigSchema.safeParse({ maxFrameBytes: 1024 }).success).toBe(false);
    expect(ingestConfigSchema.safeParse({ files: [{ name: '../x', path: '/x' }] }).success).toBe(false);
  });
});
