import { sambaClientOf } from '../respond/index.js';
import type { Detection, Writer } from '../types.js';
import { describeWriter, findOpeners } from '../watch/index.js';

/** The last files a writer changed are the ones it most likely still holds open (inotify mode). */
const OPENER_PROBES = 8;

/**
 * Who the detected writer is: the pid the watcher saw or, without one (inotify), the one process
 * holding the changed files open for writing. The start time seen at detection is kept, so a later
 * signal never reaches another process that reused the pid.
 */
export async function identify(detection: Detection): Promise<Writer> {
  const pid = detection.writer.pid ?? soleWriterOf(detection.files);
  if (pid === null) return detection.writer;
  const writer = describeWriter(pid);
  if (detection.writer.startTicks !== undefined) writer.startTicks = detection.writer.startTicks;
  if (!writer.executable?.endsWith('/smbd')) return writer;
  const smbClient = await sambaClientOf(pid);
  return smbClient ? { ...writer, smbClient } : writer;
}

/** Only one candidate is a finding; two processes writing the same files leave the writer unknown. */
function soleWriterOf(files: readonly string[]): number | null {
  const pids = new Set<number>();
  for (const path of files.slice(-OPENER_PROBES)) {
    for (const pid of findOpeners(path, { writable: true })) if (pid !== process.pid) pids.add(pid);
  }
  const [only] = pids;
  return pids.size === 1 && only !== undefined ? only : null;
}
