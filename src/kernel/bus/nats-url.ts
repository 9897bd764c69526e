import type { ConnectionOptions } from 'nats';
import { LifelineError } from '../errors.js';

export interface NatsTarget {
  /** `host:port` of each server, credentials removed. */
  servers: string[];
  /** Safe to log and to show in errors: scheme, host and port only. */
  display: string;
  tls: boolean;
  user?: string;
  pass?: string;
  token?: string;
}

/**
 * Parses `nats://[user[:pass]@]host[:port]` (or `tls://`, comma-separated for a cluster). The client
 * takes credentials as options, not in the server address, and the display form must never carry them.
 */
export function parseNatsUrl(url: string): NatsTarget {
  const entries = url
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw unparseable();
  const target: NatsTarget = { servers: [], display: '', tls: false };
  const shown: string[] = [];
  for (const entry of entries) {
    let parsed: URL;
    try {
      parsed = new URL(/^[a-z]+:\/\//i.test(entry) ? entry : `nats://${entry}`);
    } catch {
      throw unparseable();
    }
    const scheme = parsed.protocol.toLowerCase();
    if ((scheme !== 'nats:' && scheme !== 'tls:') || parsed.hostname === '') throw unparseable();
    if (parsed.pathname !== '' && parsed.pathname !== '/') throw unparseable();
    if (scheme === 'tls:') target.tls = true;
    const host = parsed.port ? parsed.host : `${parsed.host}:4222`;
    target.servers.push(host);
    shown.push(`${scheme}//${host}`);
    if (parsed.username && target.user === undefined && target.token === undefined) {
      const name = safeDecode(parsed.username);
      if (parsed.password) {
        target.user = name;
        target.pass = safeDecode(parsed.password);
      } else {
        target.token = name;
      }
    }
  }
  target.display = shown.join(',');
  return target;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw unparseable();
  }
}

function unparseable(): LifelineError {
  // The raw value may hold a password, so it is not echoed back.
  return new LifelineError('CONFIG_INVALID', 'bus.natsUrl is not a valid NATS URL (nats://host:port)');
}

/** Client options for a parsed target; credentials go here, never into the server list. */
export function natsConnectionOptions(target: NatsTarget, timeoutMs: number): ConnectionOptions {
  const options: ConnectionOptions = { servers: target.servers, name: 'lifeline', timeout: timeoutMs };
  if (target.tls) options.tls = {};
  if (target.user !== undefined) options.user = target.user;
  if (target.pass !== undefined) options.pass = target.pass;
  if (target.token !== undefined) options.token = target.token;
  return options;
}
