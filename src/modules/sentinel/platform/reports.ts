import type { HealthAlertData } from '../../../kernel/bus/health.js';
import type { SecurityAlertData } from '../../../kernel/bus/security.js';
import type { SafeDetails } from '../../../kernel/errors.js';
import type { Detection, WatchCoverage } from '../types.js';
import { ENGINE_FILES_CAP, STORED_FILES } from './detection-store.js';

/** Published once a detection is stored; the writer was stopped (or the actions say why not). */
export const WRITER_STOPPED_EVENT = 'sentinel.writer.stopped';
/** Published when an operator lets a stopped writer go or kills it; the engine forgets the writer. */
export const WRITER_RELEASED_EVENT = 'sentinel.writer.released';
/** Asks the serving process, which holds the watches, to give every canary new contents. */
export const CANARY_RENEW_REQUESTED_EVENT = 'sentinel.canaries.renew.requested';

export const WRITER_STOPPED_RULE = 'lifeline-sentinel-writer-stopped';
export const COVERAGE_RULE = 'lifeline-sentinel-coverage-incomplete';
export const CANARY_RULE = 'lifeline-sentinel-canary-changed';
export const EVENTS_LOST_RULE = 'lifeline-sentinel-events-lost';

/** "1000" or "at least 1000": the engine keeps only the last 1000 files a writer changed. */
export function filesChanged(detection: Pick<Detection, 'files'>): string {
  const count = detection.files.length;
  return count >= ENGINE_FILES_CAP ? `at least ${count}` : String(count);
}

/** Data encrypted for impact: the ATT&CK tactic and technique of what the sentinel stops. */
const ATTACK_TAGS = ['attack.impact', 'attack.t1486'];

export interface WriterStoppedData {
  detectionId: string;
  share: string;
  pid: number | null;
  executable: string | null;
  score: number;
  files: number;
  /** The engine keeps the last 1000 files: then the writer changed at least `files`. */
  filesAtLeast: boolean;
  stopped: boolean;
}

export function writerStopped(detection: Detection): WriterStoppedData {
  return {
    detectionId: detection.id,
    share: detection.share,
    pid: detection.writer.pid,
    executable: detection.writer.executable,
    score: detection.score,
    files: detection.files.length,
    filesAtLeast: detection.files.length >= ENGINE_FILES_CAP,
    stopped: detection.actions.some(
      (action) => action.ok && (action.action === 'suspend' || action.action === 'kill'),
    ),
  };
}

export function detectionAlert(detection: Detection): SecurityAlertData {
  const writer = detection.writer;
  const who = writer.smbClient ? `client ${writer.smbClient.machine}` : `pid ${writer.pid ?? '?'}`;
  const acted =
    detection.actions.map((a) => `${a.action} ${a.ok ? 'ok' : 'failed'}`).join(', ') || 'no action';
  return {
    ruleId: WRITER_STOPPED_RULE,
    title: 'Ransomware sentinel: a writer was encrypting a file share',
    level: 'critical',
    module: 'sentinel',
    tags: ATTACK_TAGS,
    fields: {
      detection: detection.id,
      share: detection.share,
      pid: writer.pid,
      executable: writer.executable,
      user: writer.user,
      smb_machine: writer.smbClient?.machine ?? null,
      smb_address: writer.smbClient?.address ?? null,
      score: detection.score,
      files: detection.files.length,
      signals: [...new Set(detection.signals.map((s) => s.kind))].join(','),
    },
    summary: `${who} changed ${filesChanged(detection)} files on ${detection.share} like ransomware (score ${detection.score}); ${acted}`,
  };
}

export function coverageAlert(share: string, coverage: WatchCoverage): HealthAlertData {
  return {
    ruleId: COVERAGE_RULE,
    title: 'Ransomware sentinel cannot watch a whole share',
    level: 'high',
    module: 'sentinel',
    fields: { share, mode: coverage.mode, directories: coverage.directories },
    summary: `${share} is NOT watched: ${coverage.problem ?? 'coverage is incomplete'}`,
  };
}

/**
 * A folder made after start could not be watched. The alert names the share only: sub-folder names
 * may hold patient names, and the share's status holds the detail for those allowed to read it.
 */
export function unwatchedAlert(share: string, mode: WatchCoverage['mode']): HealthAlertData {
  return {
    ruleId: COVERAGE_RULE,
    title: 'Ransomware sentinel cannot watch a whole share',
    level: 'high',
    module: 'sentinel',
    fields: { share, mode },
    summary: `${share} is no longer watched whole: a new folder could not be watched (see the sentinel's status)`,
  };
}

/** The kernel dropped events: changes went unseen, so the canaries were checked at once. */
export function eventsLostAlert(share: string, canaryProblems: number): HealthAlertData {
  return {
    ruleId: EVENTS_LOST_RULE,
    title: 'Ransomware sentinel lost file events on a share',
    level: 'high',
    module: 'sentinel',
    fields: { share, canaries: canaryProblems },
    summary: `the kernel dropped file events on ${share}; its canaries were checked at once (${canaryProblems} missing or changed)`,
  };
}

export function canaryAlert(
  share: string,
  problems: ReadonlyArray<{ path: string; problem: string }>,
): HealthAlertData {
  return {
    ruleId: CANARY_RULE,
    title: 'Ransomware sentinel canaries missing or changed',
    level: 'high',
    module: 'sentinel',
    fields: { share, canaries: problems.length, first: problems[0]?.path ?? null },
    summary: `${problems.length} canaries on ${share} are missing or changed without a detection`,
  };
}

/** The audit record of a detection: who wrote, what was seen, what was done; paths, never content. */
export function detectionAuditDetails(detection: Detection): SafeDetails {
  return {
    share: detection.share,
    pid: detection.writer.pid,
    executable: detection.writer.executable,
    commandLine: detection.writer.commandLine,
    user: detection.writer.user,
    smbClient: detection.writer.smbClient?.machine ?? null,
    score: detection.score,
    signals: detection.signals.slice(0, 100).map((s) => `${s.kind} ${s.path}`),
    files: detection.files.slice(0, STORED_FILES),
    filesChanged: filesChanged(detection),
    actions: detection.actions.map((a) => `${a.action}: ${a.ok ? 'ok' : 'failed'} (${a.detail})`),
  };
}
