import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEDUP_FIELDS, alertsConfigSchema, readSecret } from './config.js';
import { createNotifiers } from './notify/create.js';

const dir = mkdtempSync(join(tmpdir(), 'lifeline-alerts-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('detect.alerts configuration', () => {
  it('defaults to a 15-minute window on host, user and program, and no notifiers', () => {
    const config = alertsConfigSchema.parse({});
    expect(config.dedup).toEqual({ windowMinutes: 15, fields: DEFAULT_DEDUP_FIELDS, fieldsByRule: {} });
    expect(config.notifiers).toEqual([]);
    expect(config.retry).toEqual({ attempts: 5, initialDelayMs: 2000, maxDelayMs: 300_000 });
  });

  it('fills notifier defaults and refuses wrong or duplicate entries', () => {
    const config = alertsConfigSchema.parse({
      notifiers: [
        { name: 'siem', type: 'syslog', host: 'siem.hospital.example' },
        {
          name: 'soc',
          type: 'email',
          host: 'relay',
          from: 'lifeline@hospital.example',
          to: ['soc@hospital.example'],
        },
      ],
    });
    expect(config.notifiers[0]).toMatchObject({
      port: 514,
      transport: 'udp',
      facility: 'local0',
      minLevel: 'high',
    });
    expect(config.notifiers[1]).toMatchObject({ port: 25, tls: 'starttls' });
    const bad = [
      { notifiers: [{ name: 'x', type: 'webhook', url: 'ftp://example.org', secret: { env: 'S' } }] },
      {
        notifiers: [
          { name: 'x', type: 'webhook', url: 'https://example.org', secret: { env: 'S', file: '/f' } },
        ],
      },
      { notifiers: [{ name: 'x', type: 'pager' }] },
      { notifiers: [1, 2].map(() => ({ name: 'same', type: 'syslog', host: 'h' })) },
      { dedup: { windowMinutes: -1 } },
    ];
    for (const input of bad) expect(alertsConfigSchema.safeParse(input).success).toBe(false);
  });

  it('reads secrets from a file or the environment, naming only the key when it cannot', () => {
    const file = join(dir, 'hook-secret');
    writeFileSync(file, 'from-file\nignored second line');
    expect(readSecret({ file }, 'k')).toBe('from-file');
    expect(readSecret({ env: 'HOOK_SECRET' }, 'k', { HOOK_SECRET: 'from-env' })).toBe('from-env');
    expect(() => readSecret({ env: 'HOOK_SECRET' }, 'detect.alerts.notifiers.0.secret', {})).toThrowError(
      expect.objectContaining({
        code: 'DETECT_NOTIFIER_SECRET',
        details: { key: 'detect.alerts.notifiers.0.secret' },
      }),
    );
    expect(() => readSecret({ file: join(dir, 'missing') }, 'k')).toThrowError(
      expect.objectContaining({ code: 'DETECT_NOTIFIER_SECRET' }),
    );
  });

  it('builds the enabled notifiers with their secrets', () => {
    const config = alertsConfigSchema.parse({
      notifiers: [
        {
          name: 'hook',
          type: 'webhook',
          url: 'https://soar.example/in',
          secret: { env: 'HOOK' },
          minLevel: 'medium',
        },
        { name: 'off', type: 'syslog', host: 'h', enabled: false },
        {
          name: 'mail',
          type: 'email',
          host: 'relay',
          from: 'a@b.example',
          to: ['c@d.example'],
          auth: { user: 'u', password: { env: 'MAILPW' } },
        },
      ],
    });
    const notifiers = createNotifiers(config.notifiers, { HOOK: 's', MAILPW: 'p' });
    expect(notifiers.map((n) => [n.name, n.kind, n.minLevel])).toEqual([
      ['hook', 'webhook', 'medium'],
      ['mail', 'email', 'high'],
    ]);
    expect(() => createNotifiers(config.notifiers, { HOOK: 's' })).toThrowError(
      expect.objectContaining({ details: { key: 'detect.alerts.notifiers.2.auth.password' } }),
    );
  });
});
