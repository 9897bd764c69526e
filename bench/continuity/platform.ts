/**
 * The Lifeline platform as `lifeline serve` opens it, with the continuity module only, on a SQLite file
 * in the benchmark's work folder: real migrations, stores, kit builder, audit log and HTTP API.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createLogger, type Logger } from '../../src/kernel/log/logger.js';
import type { ContinuityPlatform, KitScope } from '../../src/modules/continuity/index.js';
import { buildApp } from '../../src/server/app.js';
import { lifelineConfigSchema } from '../../src/server/config.js';
import { continuityModule } from '../../src/server/modules.js';
import { openPlatform, type Platform } from '../../src/server/platform.js';

export const HOSPITAL = 'AZ Benchmark';
export const PASSPHRASE = 'benchmark downtime passphrase 2026';
export const BENCH_WHO = { actor: 'system:bench', sourceIp: null };

export interface BenchPlatform {
  platform: Platform;
  continuity: ContinuityPlatform;
  /** The kit data folder: passphrases, keys. */
  dataDir: string;
  /** Gives a unit kits, the way a site without a configuration file does: a dropped passphrase file. */
  addUnitPassphrase(unit: string): void;
  logger: Logger;
  /** Serves the HTTP API on loopback; returns its base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Opens (and migrates) the platform on `<dir>/lifeline.db`; reopening the same folder keeps its data. */
export async function openBenchPlatform(dir: string): Promise<BenchPlatform> {
  const dataDir = join(dir, 'continuity');
  const passphrases = join(dataDir, 'passphrases');
  mkdirSync(passphrases, { recursive: true, mode: 0o700 });
  const sitePassphrase = join(passphrases, 'site.pass');
  writeFileSync(sitePassphrase, `${PASSPHRASE}\n`, { mode: 0o600 });
  const config = lifelineConfigSchema.parse({
    database: { url: `sqlite:${join(dir, 'lifeline.db')}` },
    log: { level: 'warn' },
    server: { rateLimit: { max: 1_000_000 } },
    continuity: {
      hospital: HOSPITAL,
      dataDir,
      site: { passphraseFile: sitePassphrase },
    },
  });
  // Warnings and errors go to stderr: stdout carries the results.
  const logger = createLogger(config.log, process.stderr);
  let continuity: ContinuityPlatform | undefined;
  const platform = await openPlatform(config, {
    logger,
    modules: [continuityModule({ expose: (mounted) => (continuity = mounted) })],
  });
  if (continuity === undefined) throw new Error('the continuity module did not mount');
  let app: FastifyInstance | undefined;
  return {
    platform,
    continuity,
    dataDir,
    logger,
    addUnitPassphrase(unit: string) {
      const file = join(passphrases, `unit-${encodeURIComponent(unit)}.pass`);
      writeFileSync(file, `${PASSPHRASE}\n`, { mode: 0o600 });
    },
    async listen() {
      app = await buildApp(platform.services, { moduleRoutes: platform.moduleRoutes });
      return app.listen({ host: '127.0.0.1', port: 0 });
    },
    async close() {
      await app?.close();
      await platform.close();
    },
  };
}

export function unitScope(unit: string): KitScope {
  return { kind: 'unit', unit };
}

export function siteScope(): KitScope {
  return { kind: 'site', site: HOSPITAL };
}
