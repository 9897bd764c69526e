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
  const files = 'filesTotal' in detection ? detection.filesTotal : detection.files.length;
  const actions =
    detection.actions.map((a) => `${a.action} ${a.ok ? 'ok' : 'FAILED'}`).join(', ') || 'no action';
  const status = 'status' in detection ? ` [${detection.status}]` : '';
  return `${at} ${detection.id} ${detection.share}: ${who}, score ${detection.score}, ${files} files; ${actions}${status}`;
}
