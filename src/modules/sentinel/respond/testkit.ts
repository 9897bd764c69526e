import type { StopContext } from './context.js';

export const isRoot = process.getuid?.() === 0;

export function contextFor(pid: number | null, share = '/srv/share'): StopContext {
  return {
    share,
    writer: { pid, executable: '/usr/bin/sleep', commandLine: 'sleep 30', user: 'root' },
    signals: [
      { kind: 'canary-touched', path: `${share}/!Budget.docx`, weight: 10, at: 1, detail: 'canary written' },
    ],
    files: [`${share}/!Budget.docx`],
    detectionId: 'det-0001',
  };
}
