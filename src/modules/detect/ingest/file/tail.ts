import { type FileHandle, open, stat } from 'node:fs/promises';
import type { Logger } from '../../../../kernel/log/logger.js';
import type { IngestHub } from '../hub/hub.js';
import type { IngestInput } from '../hub/offer.js';
import type { Decoder } from '../types.js';
import { LineSplitter } from './line-splitter.js';
import type { OffsetStore } from './offsets.js';

export interface FileTailOptions {
  /** The source name events carry. */
  readonly name: string;
  readonly path: string;
  readonly hub: IngestHub;
  readonly offsets: OffsetStore;
  /** Where to begin in a file never read before; a file that appears later is read from its start. */
  readonly startAt?: 'end' | 'beginning';
  readonly pollIntervalMs?: number;
  readonly maxLineBytes?: number;
  readonly readChunkBytes?: number;
  /** How lines of this file are read (syslog text, JSON lines…); the hub's `file` decoder otherwise. */
  readonly decode?: Decoder;
  readonly logger?: Logger;
}

interface OpenFile {
  readonly handle: FileHandle;
  readonly dev: number;
  readonly ino: number;
  position: number;
}

async function identity(path: string): Promise<{ dev: number; ino: number; size: number } | undefined> {
  try {
    const s = await stat(path);
    return { dev: s.dev, ino: s.ino, size: s.size };
  } catch {
    return undefined;
  }
}

/**
 * Follows a growing log file through rotation: rename-and-create (the old file is read to its end,
 * then the new one from its start) and copytruncate (reading restarts at 0). Offsets are committed
 * only once the hub has processed the lines, so a restart neither skips nor repeats them.
 */
export class FileTail {
  private input: IngestInput | undefined;
  private file: OpenFile | undefined;
  private readonly splitter: LineSplitter;
  private readonly abort = new AbortController();
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private firstOpen = true;
  private droppedAtStart = 0;
  private stopped = false;

  constructor(private readonly options: FileTailOptions) {
    this.splitter = new LineSplitter(options.maxLineBytes ?? 64 * 1024);
  }

  async start(): Promise<void> {
    this.input = this.options.hub.register(
      { kind: 'file', name: this.options.name, address: this.options.path },
      this.options.decode ? { decode: this.options.decode } : {},
    );
    this.droppedAtStart = this.input.dropped;
    // The first pass may wait for a full hub; starting does not.
    void this.poll().then(() => this.schedule());
  }

  /** One pass: read what was added, notice rotation. Passes never overlap. */
  poll(): Promise<void> {
    this.running = this.running
      .then(() => this.pollOnce())
      .catch((error: unknown) => {
        this.options.logger?.warn(
          { source: this.options.name, code: (error as NodeJS.ErrnoException).code },
          'file tail read failed',
        );
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
    await this.file?.handle.close();
    this.file = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll().then(() => this.schedule());
    }, this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
  }

  private async pollOnce(): Promise<void> {
    if (this.stopped) return;
    if (!this.file) this.file = await this.openFile();
    const file = this.file;
    if (!file) return;
    await this.readToEnd(file);
    const now = await identity(this.options.path);
    if (!now) return; // moved away and not yet recreated: the old file was read to its end
    if (now.dev !== file.dev || now.ino !== file.ino) {
      await this.readToEnd(file); // lines written before the writer switched files
      await this.deliver(this.splitter.flush(), file, file.position);
      await file.handle.close();
      this.file = await this.openFile();
      if (this.file) await this.readToEnd(this.file);
    } else if (now.size < file.position) {
      file.position = 0; // copytruncate: the file starts over in place
      await this.readToEnd(file);
    }
  }

  private async openFile(): Promise<OpenFile | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.options.path, 'r');
    } catch {
      this.firstOpen = false; // when it appears, all of it is new
      return undefined;
    }
    const s = await handle.stat();
    const saved = this.options.offsets.get(this.options.path);
    let position: number;
    if (saved && saved.dev === s.dev && saved.ino === s.ino && saved.offset <= s.size)
      position = saved.offset;
    else if (saved || !this.firstOpen)
      position = 0; // rotated or truncated since: a new file
    else position = this.options.startAt === 'beginning' ? 0 : s.size;
    this.firstOpen = false;
    return { handle, dev: s.dev, ino: s.ino, position };
  }

  private async readToEnd(file: OpenFile): Promise<void> {
    const size = this.options.readChunkBytes ?? 64 * 1024;
    const buffer = Buffer.allocUnsafe(size);
    while (!this.stopped) {
      const { bytesRead } = await file.handle.read(buffer, 0, size, file.position);
      if (bytesRead === 0) return;
      file.position += bytesRead;
      const { lines, tooLong } = this.splitter.push(buffer.subarray(0, bytesRead));
      for (let i = 0; i < tooLong; i++) this.input?.reject('line too long');
      if (!(await this.deliver(lines, file, file.position - this.splitter.pendingBytes))) return;
    }
  }

  /** Queues lines and commits `offset` once they are processed; false when reading must stop. */
  private async deliver(lines: string[], file: OpenFile, offset: number): Promise<boolean> {
    const input = this.input;
    if (!input) return false;
    const result = input.offer(lines, { overflow: 'keep' });
    // The hub is closing and could not take them: leave the offset, so a restart reads them again.
    if (result.dropped > 0) return false;
    const { dev, ino } = file;
    void this.options.hub.settled(result.lastSeq).then(() => {
      // Once any of this file's events was dropped, later offsets would skip it: a restart reads
      // from the last offset before the loss instead (at least once, never lost).
      if (input.dropped === this.droppedAtStart)
        this.options.offsets.set(this.options.path, { dev, ino, offset });
    });
    if (result.full) await this.options.hub.whenWritable(this.abort.signal);
    return !this.stopped;
  }
}
