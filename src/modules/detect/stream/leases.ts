import type { JetStreamClient, KV } from 'nats';
import { leaseBucket, type StreamLayout } from './settings.js';

export interface LeaseSettings {
  /** This worker's name in the lease table; unique per process. */
  readonly workerId: string;
  /**
   * How long a lease outlives its holder's last renewal. A crashed worker's partitions move after at
   * most this long; renewals happen every third of it.
   */
  readonly ttlMs: number;
}

const encoder = new TextEncoder();

/**
 * Who owns which correlation partition, kept in a NATS KV bucket whose entries expire after the TTL.
 * Taking a lease is an atomic create (it fails while another worker holds it), keeping it an update
 * at the revision this worker last wrote, so a worker that lost its lease finds out at its next
 * renewal instead of overwriting the new owner's. Workers also announce themselves (`w.<id>`) so each
 * can compute its fair share of partitions.
 */
export class PartitionLeases {
  private readonly revisions = new Map<number, number>();

  private constructor(
    private readonly kv: KV,
    private readonly settings: LeaseSettings,
  ) {}

  static async open(
    js: JetStreamClient,
    layout: StreamLayout,
    settings: LeaseSettings,
  ): Promise<PartitionLeases> {
    const kv = await js.views.kv(leaseBucket(layout), { ttl: settings.ttlMs, history: 1 });
    return new PartitionLeases(kv, settings);
  }

  owned(): number[] {
    return [...this.revisions.keys()].sort((a, b) => a - b);
  }

  owns(partition: number): boolean {
    return this.revisions.has(partition);
  }

  /** Says this worker is alive; its entry expires with the TTL when it stops saying so. */
  async announce(): Promise<void> {
    await this.kv.put(`w.${this.settings.workerId}`, encoder.encode(new Date().toISOString()));
  }

  /** Workers that announced themselves within the TTL, this one included. */
  async liveWorkers(): Promise<number> {
    const keys = await this.kv.keys('w.*');
    let count = 0;
    for await (const _key of keys) count++;
    return Math.max(1, count);
  }

  async tryAcquire(partition: number): Promise<boolean> {
    try {
      const revision = await this.kv.create(this.key(partition), encoder.encode(this.settings.workerId));
      this.revisions.set(partition, revision);
      return true;
    } catch {
      return false;
    }
  }

  /** Extends the lease; false means it expired and may belong to another worker now. */
  async renew(partition: number): Promise<boolean> {
    const revision = this.revisions.get(partition);
    if (revision === undefined) return false;
    try {
      this.revisions.set(
        partition,
        await this.kv.update(this.key(partition), encoder.encode(this.settings.workerId), revision),
      );
      return true;
    } catch {
      this.revisions.delete(partition);
      return false;
    }
  }

  /** Gives the lease up at once (only if it is still this worker's), so another may take it. */
  async release(partition: number): Promise<void> {
    const revision = this.revisions.get(partition);
    this.revisions.delete(partition);
    if (revision === undefined) return;
    await this.kv.delete(this.key(partition), { previousSeq: revision }).catch(() => undefined);
  }

  /** Forgets the lease without touching the table: after a failed renewal it is not ours to delete. */
  forget(partition: number): void {
    this.revisions.delete(partition);
  }

  async leave(): Promise<void> {
    await this.kv.delete(`w.${this.settings.workerId}`).catch(() => undefined);
  }

  private key(partition: number): string {
    return `p.${partition}`;
  }
}
