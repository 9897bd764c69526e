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
  let newest = '';
  for (const envelope of envelopes) {
    const header = await verifyKitSignature(envelope, [options.signer]);
    newest = header.kitId;
  }
  if (newest !== body.kitId) {
    throw new LifelineError(
      'CONTINUITY_DEVICE_SYNC_FAILED',
      'The kit file does not end with the kit announced',
      {},
    );
  }
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const dataTime = Date.parse(body.dataAsOf);
  if (Number.isNaN(dataTime))
    throw new LifelineError('CONTINUITY_DEVICE_SYNC_FAILED', 'The kit has no data time', {});
  const stamp = new Date(dataTime).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const name = `kit-${stamp}-${body.kitId}.html`;
  const held = await kitFiles(options.dir);
  if (held.includes(name)) {
    return { file: join(options.dir, name), kitId: body.kitId, dataAsOf: body.dataAsOf, changed: false };
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
  return { file: join(options.dir, name), kitId: body.kitId, dataAsOf: body.dataAsOf, changed: true };
}

async function kitFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => KIT_FILE.test(name));
}
