import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifelineError } from '../errors.js';
import { loadConfig } from './load.js';
import { platformConfigSchema } from './schema.js';

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lifeline-cfg-')), 'lifeline.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): LifelineError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LifelineError) return error;
    throw error;
  }
  throw new Error('expected a LifelineError');
}

describe('configuration', () => {
  it('has defaults for an embedded single-machine start', () => {
    const config = loadConfig(platformConfigSchema, { env: {} });
    expect(config.server.port).toBe(8080);
    expect(config.database.url).toBe('sqlite:./data/lifeline.db');
    expect(config.bus.natsUrl).toBeUndefined();
    expect(config.auth.lockoutThreshold).toBe(5);
  });

  it('reads the file, then lets LIFELINE_* variables win', () => {
    const file = yamlFile('server:\n  port: 9000\n  host: 127.0.0.1\nauth:\n  sessionIdleMinutes: 10\n');
    const config = loadConfig(platformConfigSchema, {
      file,
      env: {
        LIFELINE_SERVER_PORT: '9100',
        LIFELINE_DATABASE_URL: 'postgres://u:p@db/lifeline',
        LIFELINE_NATS_URL: 'nats://n:4222',
      },
    });
    expect(config.server).toMatchObject({ port: 9100, host: '127.0.0.1' });
    expect(config.auth.sessionIdleMinutes).toBe(10);
    expect(config.database.url).toBe('postgres://u:p@db/lifeline');
    expect(config.bus.natsUrl).toBe('nats://n:4222');
  });

  it('stops with one line naming the key and where the value came from', () => {
    const error = errorOf(() => loadConfig(platformConfigSchema, { env: { LIFELINE_SERVER_PORT: 'abc' } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('server.port');
    expect(error.message).toContain('LIFELINE_SERVER_PORT');
    expect(error.message).not.toContain('\n');
  });

  it('names an unknown key in the file instead of ignoring a typo', () => {
    const error = errorOf(() =>
      loadConfig(platformConfigSchema, { file: yamlFile('server:\n  prot: 1\n'), env: {} }),
    );
    expect(error.message).toContain('server.prot');
  });

  it('explains a file that is not YAML or not a mapping, or missing', () => {
    expect(
      errorOf(() => loadConfig(platformConfigSchema, { file: yamlFile('a: [1,\n'), env: {} })).message,
    ).toMatch(/not valid YAML/);
    expect(
      errorOf(() => loadConfig(platformConfigSchema, { file: yamlFile('- 1\n'), env: {} })).message,
    ).toMatch(/mapping/);
    expect(
      errorOf(() => loadConfig(platformConfigSchema, { file: '/nonexistent/lifeline.yaml', env: {} }))
        .message,
    ).toMatch(/cannot be read/);
  });

  it('refuses a database URL of an unknown kind', () => {
    const error = errorOf(() =>
      loadConfig(platformConfigSchema, { env: { LIFELINE_DATABASE_URL: 'mysql://x' } }),
    );
    expect(error.details.key).toBe('database.url');
  });

  it('either loads or fails with CONFIG_INVALID for any file content', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          loadConfig(platformConfigSchema, { file: yamlFile(text), env: {} });
        } catch (error) {
          expect(error).toBeInstanceOf(LifelineError);
          expect((error as LifelineError).code).toBe('CONFIG_INVALID');
        }
      }),
      { numRuns: 150 },
    );
  });
});
