import { gunzipSync, gzipSync } from 'node:zlib';
import type { JetStreamClient, KV } from 'nats';
import { stateBucket, type StreamLayout } from './settings.js';

/** Where a partition's correlation state was last saved; the revision guards the next save. */
export interface Checkpoint {
  /** The saved snapshot (plain JSON), or null when the partition has never been saved. */
  readonly state: unknown;
  readonly revision: number;
}

export type SaveResult = 'saved' | 'conflict' | 'too-large';

/**
 * Correlation state per partition, kept in a KV bucket so that a partition moving to another worker
 * (a crash, a rebalance) takes its open windows along. Saves are compare-and-set on the revision the
 * owner last read or wrote: a worker that lost its partition without noticing cannot overwrite what
 * the new owner saved.
 */
export class PartitionCheckpoints {
  private constructor(
    private readonly kv: KV,
    private readonly maxBytes: number,
  ) {}

  static async open(
    js: JetStreamClient,
    layout: StreamLayout,
    maxBytes: number,
  ): Promise<PartitionCheckpoints> {
    const kv = await js.views.kv(stateBucket(layout), { history: 1 });
    return new PartitionCheckpoints(kv, maxBytes);
  }

  async load(partition: number): Promise<Checkpoint> {
    const entry = await this.kv.get(this.key(partition));
    if (entry === null) return { state: null, revision: 0 };
    if (entry.operation !== 'PUT' || entry.value.length === 0)
      return { state: null, revision: entry.revision };
    try {
      return {
        state: JSON.parse(gunzipSync(entry.value).toString('utf8')) as unknown,
        revision: entry.revision,
      };
    } catch {
      // Not ours or damaged: the caller restores from it and finds it unreadable.
      return { state: { unreadable: true }, revision: entry.revision };
    }
  }

  /** Saves over `revision`; returns the new revision, or why it did not save. */
  async save(
    partition: number,
    state: unknown,
    revision: number,
  ): Promise<{ result: SaveResult; revision: number }> {
    const bytes = gzipSync(JSON.stringify(state));
    if (bytes.length > this.maxBytes) return { result: 'too-large', revision };
    try {
      // Revision 0 means "nothing saved yet": the put then requires the key to be absent.
      const next = await this.kv.put(this.key(partition), bytes, { previousSeq: revision });
      return { result: 'saved', revision: next };
    } catch (err) {
      if (isWrongSequence(err)) return { result: 'conflict', revision };
      throw err;
    }
  }

  private key(partition: number): string {
    return `s.${partition}`;
  }
}

function isWrongSequence(err: unknown): boolean {
  const apiError = (err as { api_error?: { err_code?: unknown } } | null)?.api_error;
  // 10071: wrong last sequence for the subject.
  return apiError?.err_code === 10071;
}
