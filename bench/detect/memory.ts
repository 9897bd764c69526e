/** Resident memory of this process, from the kernel's own accounting (Linux /proc). */
import { readFileSync, writeFileSync } from 'node:fs';

function statusKb(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : NaN;
}

/** The high-water mark: the most this process has held at once since it started. */
export function peakRssKb(): number {
  return statusKb('VmHWM');
}

/**
 * Starts the high-water mark again from the current RSS (Linux ≥ 4.0), so that a later phase's peak
 * is its own; false when the kernel refuses.
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Samples VmRSS every `everyMs` while the process works; the timer does not keep it alive. Run with
 * `--expose-gc` and it also records the heap in use right after a full collection: RSS includes
 * whatever the allocator keeps, the collected heap is what the program still holds.
 */
export class RssSampler {
  readonly samples: number[] = [];
  readonly heapAfterGcKb: number[] = [];
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  constructor(everyMs: number) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  /** Takes a last sample; later calls do nothing. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    this.samples.push(statusKb('VmRSS'));
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      this.heapAfterGcKb.push(Math.round(process.memoryUsage().heapUsed / 1024));
    }
  }
}
