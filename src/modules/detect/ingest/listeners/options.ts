import type { Logger } from '../../../../kernel/log/logger.js';
import type { IngestHub } from '../hub/hub.js';
import type { Decoder } from '../types.js';

export interface ListenerOptions {
  /** The source name events carry, e.g. `dc01-syslog`. */
  readonly name: string;
  readonly host?: string;
  /** 0 picks a free port (tests); `address()` tells which. */
  readonly port: number;
  readonly hub: IngestHub;
  /** Overrides the hub's decoder for this source's kind. */
  readonly decode?: Decoder;
  /** Longest message accepted, in bytes. */
  readonly maxFrameBytes?: number;
  readonly logger?: Logger;
}

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

export interface BoundAddress {
  readonly host: string;
  readonly port: number;
}

/** `ip:port`, with IPv6 addresses bracketed. */
export function peerAddress(ip: string | undefined, port: number | undefined): string {
  const host = ip ?? 'unknown';
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? 0}`;
}
