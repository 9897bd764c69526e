import { hostname } from 'node:os';
import type { Clock } from '../../../kernel/clock.js';
import { randomId } from '../../../kernel/crypto/random.js';
import { LifelineError } from '../../../kernel/errors.js';
import type { LeaseHolder, LeaseStore, ShareLease } from './lease-store.js';

/** A lease outlives three missed renewals, so one slow tick never hands a share to another process. */
export const LEASE_TTL_MS = 90_000;
export const LEASE_RENEW_MS = 30_000;

export interface ShareLeasesDeps {
  store: LeaseStore;
  clock: Clock;
  /** Told when another process took a share this one held (this one stalled past its lease). */
  onLost(share: string, lease: ShareLease | undefined): Promise<void>;
  /** Runs after each renewal round (the service retries shares it was refused). */
  onTick?(): Promise<void>;
  /** Whether a process on this node still runs; a dead holder's lease is over at once. */
  alive?(pid: number): boolean;
  ttlMs?: number;
  renewMs?: number;
}

/** The shares this process holds, renewed on a timer and given up on close. */
export class ShareLeases {
  readonly holder: LeaseHolder = {
    id: `${hostname()}:${process.pid}:${randomId().slice(0, 8)}`,
    node: hostname(),
    pid: process.pid,
  };
  readonly #held = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;

  constructor(private readonly deps: ShareLeasesDeps) {}

  /** Takes the share, or throws SENTINEL_SHARE_WATCHED naming the live holder. */
  async take(share: string): Promise<{ tookOver: ShareLease | null }> {
    const now = this.deps.clock.now();
    const answer = await this.deps.store.acquire(share, this.holder, this.window(now), (lease) =>
      this.expired(lease, now),
    );
    if (!answer.ok) {
      const lease = answer.lease;
      throw new LifelineError(
        'SENTINEL_SHARE_WATCHED',
        `${share} is watched by another process: ${lease.holder} (node ${lease.node}, pid ${lease.pid}), lease until ${lease.expiresAt}`,
        { share, holder: lease.holder, node: lease.node, pid: lease.pid, expiresAt: lease.expiresAt },
      );
    }
    this.#held.add(share);
    this.#timer ??= setInterval(() => void this.tick(), this.deps.renewMs ?? LEASE_RENEW_MS).unref();
    return { tookOver: answer.tookOver };
  }

  async give(share: string): Promise<void> {
    if (!this.#held.delete(share)) return;
    await this.deps.store.release(share, this.holder.id);
  }

  /** One renewal round (the timer's work; tests call it to avoid waiting). */
  tick(): Promise<void> {
    this.#ticking ??= this.renewAll().finally(() => (this.#ticking = undefined));
    return this.#ticking;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking;
    for (const share of [...this.#held]) await this.give(share);
  }

  private async renewAll(): Promise<void> {
    const { expiresAt } = this.window(this.deps.clock.now());
    for (const share of [...this.#held]) {
      if (await this.deps.store.renew(share, this.holder.id, expiresAt)) continue;
      this.#held.delete(share);
      await this.deps.onLost(share, await this.deps.store.get(share));
    }
    await this.deps.onTick?.();
  }

  private window(now: Date): { now: string; expiresAt: string } {
    const ttl = this.deps.ttlMs ?? LEASE_TTL_MS;
    return { now: now.toISOString(), expiresAt: new Date(now.getTime() + ttl).toISOString() };
  }

  private expired(lease: ShareLease, now: Date): boolean {
    if (lease.expiresAt <= now.toISOString()) return true;
    // A holder on this node that no longer runs (a crash, a restart) leaves its lease behind.
    return lease.node === this.holder.node && !(this.deps.alive ?? processAlive)(lease.pid);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
