import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../../../kernel/log/logger.js';

/** Where a tail stopped in one file: the file's identity, and the byte after its last committed line. */
export interface FileOffset {
  readonly dev: number;
  readonly ino: number;
  readonly offset: number;
}

interface OffsetsFile {
  version: 1;
  files: Record<string, FileOffset>;
}

function isOffset(value: unknown): value is FileOffset {
  const v = value as Partial<FileOffset> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    [v.dev, v.ino, v.offset].every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)
  );
}

/**
 * The offsets file shared by all tails, so a restart resumes where processing stopped. Written
 * atomically (temporary file, then rename); an unreadable file is reported and started afresh.
 */
export class OffsetStore {
  private files = new Map<string, FileOffset>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly saveDelayMs: number,
    private readonly logger: Logger | undefined,
  ) {}

  static async open(
    path: string,
    options: { saveDelayMs?: number; logger?: Logger } = {},
  ): Promise<OffsetStore> {
    const store = new OffsetStore(path, options.saveDelayMs ?? 1000, options.logger);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        options.logger?.warn({ code: (error as NodeJS.ErrnoException).code }, 'file tail offsets unreadable');
      }
      return store;
    }
    try {
      const parsed = JSON.parse(text) as Partial<OffsetsFile>;
      for (const [file, offset] of Object.entries(parsed.files ?? {})) {
        if (isOffset(offset))
          store.files.set(file, { dev: offset.dev, ino: offset.ino, offset: offset.offset });
      }
    } catch {
      options.logger?.warn('file tail offsets file is damaged; tails start afresh');
    }
    return store;
  }

  get(file: string): FileOffset | undefined {
    return this.files.get(file);
  }

  set(file: string, offset: FileOffset): void {
    this.files.set(file, offset);
    this.dirty = true;
    if (!this.timer && this.saveDelayMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.save();
      }, this.saveDelayMs);
      this.timer.unref();
    }
  }

  /** Writes the offsets if they changed; saves run one at a time. */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const body: OffsetsFile = { version: 1, files: Object.fromEntries(this.files) };
      const temporary = `${this.path}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(this.path), { recursive: true });
        await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`);
        await rename(temporary, this.path);
      } catch (error) {
        this.dirty = true;
        this.logger?.warn({ code: (error as NodeJS.ErrnoException).code }, 'file tail offsets not saved');
      }
    });
    return this.saving;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }
}
