import {
  type DetectionRecord,
  type DetectionSummary,
  type SentinelConfig,
  type SentinelPlatform,
  type SentinelPlatformDeps,
  sentinelPlatform,
} from '../../modules/sentinel/index.js';
import type { Detection } from '../../modules/sentinel/index.js';
import type { Services } from '../../server/services.js';

/** The sentinel module over an open platform, for commands that act on it once or watch in the foreground. */
export function sentinelOf(
  services: Services,
  overrides: { config?: SentinelConfig; observer?: SentinelPlatformDeps['observer'] } = {},
): SentinelPlatform {
  return sentinelPlatform({
    ...services,
    config: overrides.config ?? services.config.sentinel,
    ...(overrides.observer ? { observer: overrides.observer } : {}),
  });
}

/**
 * Canaries inside `dir` on shares some process watches now (a live lease), read from the database: a
 * restore leaves them alone, since only the watching process may write them (it replaces them).
 */
export async function watchedCanaries(services: Services, dir: string): Promise<Set<string>> {
  const stores = sentinelOf(services).stores;
  const now = services.clock.now().toISOString();
  const inside = (path: string, root: string) => path === root || path.startsWith(`${root}/`);
  const watched = (await stores.leases.list())
    .filter((lease) => lease.expiresAt > now)
    .map((lease) => lease.share)
    .filter((share) => inside(dir, share) || inside(share, dir));
  const skip = new Set<string>();
  for (const share of watched)
    for (const canary of await stores.shares.canaries(share))
      if (inside(canary.path, dir)) skip.add(canary.path);
  return skip;
}

/** One line per detection: when, id, share, writer, score, files and what was done. */
export function detectionLine(detection: DetectionSummary | DetectionRecord | Detection): string {
  const at =
    typeof detection.detectedAt === 'number'
      ? new Date(detection.detectedAt).toISOString()
      : detection.detectedAt;
  const writer = detection.writer;
  const who = [
    `pid ${writer.pid ?? '?'}`,
    writer.executable ?? 'unknown executable',
    writer.user ? `(${writer.user})` : null,
    writer.smbClient
      ? `from ${writer.smbClient.machine}${writer.smbClient.address ? ` ${writer.smbClient.address}` : ''}`
      : null,
  ]
    .filter(Boolean)
    .join(' ');
  const count = 'filesTotal' in detection ? detection.filesTotal : detection.files.length;
  // The engine keeps the last 1000 files a writer changed: as many means at least as many.
  const atLeast = 'filesAtLeast' in detection ? detection.filesAtLeast : count >= 1000;
  const files = atLeast ? `at least ${count}` : String(count);
  const actions =
    detection.actions.map((a) => `${a.action} ${a.ok ? 'ok' : 'FAILED'}`).join(', ') || 'no action';
  const status = 'status' in detection ? ` [${detection.status}]` : '';
  return `${at} ${detection.id} ${detection.share}: ${who}, score ${detection.score}, ${files} files; ${actions}${status}`;
}
