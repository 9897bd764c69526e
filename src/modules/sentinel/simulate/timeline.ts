import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJournal } from './journal.js';
import { JOURNAL_FILE } from './marker.js';

/** When a simulation touched what, from its journal: for a benchmark's clock and counts. */
export interface SimulationTimeline {
  pid: number | null;
  startedAt: number | null;
  /** When the first file change was announced, immediately before its first write. */
  firstWriteAt: number | null;
  /** Files the simulator began changing, and of those, finished. */
  begun: number;
  finished: number;
  notes: number;
  /** Files and notes the simulator refused to touch (links, hard links). */
  skipped: number;
  ended: boolean;
  /** Original relative paths of every file begun. */
  files: string[];
}

export function simulationTimeline(target: string): SimulationTimeline {
  const path = join(target, JOURNAL_FILE);
  const { records } = existsSync(path) ? parseJournal(readFileSync(path, 'utf8')) : { records: [] };
  const timeline: SimulationTimeline = {
    pid: null,
    startedAt: null,
    firstWriteAt: null,
    begun: 0,
    finished: 0,
    notes: 0,
    skipped: 0,
    ended: false,
    files: [],
  };
  for (const record of records) {
    if (record.t === 'start') {
      timeline.pid = record.pid;
      timeline.startedAt = record.at;
    } else if (record.t === 'begin') {
      timeline.begun++;
      timeline.files.push(record.original);
      timeline.firstWriteAt = Math.min(timeline.firstWriteAt ?? record.at, record.at);
    } else if (record.t === 'done') timeline.finished++;
    else if (record.t === 'note') timeline.notes++;
    else if (record.t === 'skip') timeline.skipped++;
    else timeline.ended = true;
  }
  return timeline;
}
