import { SingleBar } from 'cli-progress';
import type { CliContext } from '../context.js';

export interface ProgressSample {
  files: number;
  bytes: number;
  totalBytes?: number | undefined;
  currentPath: string;
}

export interface ProgressReporter {
  update(sample: ProgressSample): void;
  stop(): void;
}

const JSON_INTERVAL_MS = 1000;

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

/**
 * A live bar (files, bytes, rate, ETA) in a terminal; one JSON line a second otherwise, so that a
 * scheduler or a pipeline can follow a long backup without parsing a bar.
 */
export function progressReporter(ctx: CliContext, verb: string, json: boolean): ProgressReporter {
  const started = Date.now();
  const terminal = Boolean((ctx.io.stdout as { isTTY?: boolean }).isTTY) && !json;
  if (terminal) {
    const bar = new SingleBar({
      format: `${verb} [{bar}] {percentage}% | {files} files | {done}/{total} MiB | {rate} MiB/s | ETA {eta_formatted}`,
      hideCursor: true,
      stream: ctx.io.stdout as NodeJS.WritableStream,
    });
    bar.start(1, 0, { files: 0, done: '0.0', total: '?', rate: '0.0' });
    return {
      update(sample) {
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        bar.setTotal(Math.max(sample.totalBytes ?? sample.bytes, 1));
        bar.update(sample.bytes, {
          files: sample.files,
          done: megabytes(sample.bytes),
          total: sample.totalBytes === undefined ? '?' : megabytes(sample.totalBytes),
          rate: megabytes(sample.bytes / seconds),
        });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(sample) {
      if (!json || Date.now() - last < JSON_INTERVAL_MS) return;
      last = Date.now();
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      ctx.out(
        JSON.stringify({
          type: 'progress',
          files: sample.files,
          bytes: sample.bytes,
          totalBytes: sample.totalBytes ?? null,
          bytesPerSecond: Math.round(sample.bytes / seconds),
        }),
      );
    },
    stop: () => undefined,
  };
}
