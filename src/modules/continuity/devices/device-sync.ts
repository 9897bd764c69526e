import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LifelineError, isLifelineError } from '../../../kernel/errors.js';
import '../errors.js';
import { extractEnvelopes, readSigner, verifyKitSignature, type TrustedSigner } from '../kit/index.js';

export interface DeviceSyncOptions {
  /** The Lifeline server, e.g. https://lifeline.hospital.example */
  server: string;
  deviceId: string;
  /** An API token with the continuity.device.sync permission. */
  token: string;
  /** The kit signer pinned at enrolment: kits signed by anyone else are refused. */
  signer: TrustedSigner;
  /** Where the kits are kept. */
  dir: string;
  /** Kit files kept, newest first. */
  keep: number;
  fetch?: typeof fetch;
}

export interface DeviceSyncResult {
  file: string;
  kitId: string;
  dataAsOf: string;
  /** False when the server's newest kit is the one the device holds already. */
  changed: boolean;
}

const KIT_FILE = /^kit-(\d{8}T\d{6}Z)-([A-Za-z0-9._-]+)\.html$/;

/**
 * Pulls the device's newest kit chain. Every envelope in it must carry the pinned signer's valid
 * signature before the file is kept; the file lands under a temporary name and is renamed, so a
 * device never holds half a kit. Older kits beyond `keep` are removed, never the newest.
 */
export async function syncDevice(options: DeviceSyncOptions): Promise<DeviceSyncResult> {
  const doFetch = options.fetch ?? fetch;
  const url = new URL(`/api/continuity/devices/${encodeURIComponent(options.deviceId)}/kit`, options.server);
  let response: Response;
  try {
    response = await doFetch(url, { headers: { authorization: `Bearer ${options.token}` } });
  } catch {
    throw new LifelineError('CONTINUITY_DEVICE_SYNC_FAILED', 'The Lifeline server cannot be reached', {});
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    throw new LifelineError('CONTINUITY_DEVICE_SYNC_FAILED', 'The server refused the kit request', {
      status: response.status,
      code: typeof body.code === 'string' ? body.code : 'unknown',
    });
  }
  const body = (await response.json()) as {
    html?: unknown;
    kitId?: unknown;
    dataAsOf?: unknown;
    builtAt?: unknown;
  };
  if (typeof body.html !== 'string' || typeof body.kitId !== 'string' || typeof body.dataAsOf !== 'string') {
    throw new LifelineError('CONTINUITY_DEVICE_SYNC_FAILED', 'The server sent no kit', {});
  }
  const html = body.html;
  const signer = readSigner(html);
  if (signer.keyId !== options.signer.keyId || signer.publicKey !== options.signer.publicKey) {
    throw new LifelineError(
      'CONTINUITY_KIT_SIGNER_UNTRUSTED',
      'The kit names another signer than the pinned one',
    );
  }
  const envelopes = extractEnvelopes(html);
  let newest: { kitId: string; dataAsOf: string } | undefined;
  for (const envelope of envelopes) newest = await verifyKitSignature(envelope, [options.signer]);
  // The file's name and order come from the signed header, not from what the response said.
  if (newest === undefined || newest.kitId !== body.kitId) {
    throw new LifelineError(
      'CONTINUITY_DEVICE_SYNC_FAILED',
      'The kit file does not end with the kit announced',
      {},
    );
  }
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const dataTime = Date.parse(newest.dataAsOf);
  if (Number.isNaN(dataTime))
    throw new LifelineError('CONTINUITY_DEVICE_SYNC_FAILED', 'The kit has no data time', {});
  const stamp = new Date(dataTime).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const name = `kit-${stamp}-${body.kitId}.html`;
  const held = await kitFiles(options.dir);
  if (held.includes(name)) {
    await acknowledge(doFetch, options, newest.kitId);
    return { file: join(options.dir, name), kitId: newest.kitId, dataAsOf: newest.dataAsOf, changed: false };
  }
  const temporary = join(options.dir, `.${name}.partial`);
  try {
    await writeFile(temporary, html, { mode: 0o600 });
    await rename(temporary, join(options.dir, name));
  } catch (err) {
    await rm(temporary, { force: true });
    if (isLifelineError(err)) throw err;
    throw new LifelineError('CONTINUITY_DEVICE_SYNC_FAILED', 'The kit could not be stored on this device', {
      code: String((err as { code?: string }).code ?? 'unknown'),
    });
  }
  const all = [name, ...held].sort().reverse();
  for (const old of all.slice(Math.max(1, options.keep))) await rm(join(options.dir, old), { force: true });
  // Only a kit verified and stored counts towards the device's freshness on the server.
  await acknowledge(doFetch, options, newest.kitId);
  return { file: join(options.dir, name), kitId: newest.kitId, dataAsOf: newest.dataAsOf, changed: true };
}

async function acknowledge(doFetch: typeof fetch, options: DeviceSyncOptions, kitId: string): Promise<void> {
  const url = new URL(
    `/api/continuity/devices/${encodeURIComponent(options.deviceId)}/kit/ack`,
    options.server,
  );
  const response = await doFetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kitId }),
  }).catch(() => undefined);
  // The kit is on the device either way; an unacknowledged pull only leaves it looking older.
  await response?.body?.cancel();
}

async function kitFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => KIT_FILE.test(name));
}
