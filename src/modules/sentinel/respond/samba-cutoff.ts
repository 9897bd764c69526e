import { execFile } from 'node:child_process';
import { isIP } from 'node:net';
import { promisify } from 'node:util';

import type { ActionOutcome } from '../types.js';
import { delay, errnoOf, outcome } from './outcome.js';
import { sambaSessions, type SmbstatusOptions } from './samba.js';

const run = promisify(execFile);

export interface CutOffOptions extends SmbstatusOptions {
  /** The smbcontrol program; `smbcontrol` on the PATH by default. */
  smbcontrol?: string;
  /** The stop action this answers for, as the outcome names it; `kill` by default. */
  action?: 'suspend' | 'kill';
}

/** smbd children leave asynchronously after the message; this long is waited for their sessions to go. */
const WAIT_ATTEMPTS = 50;

/**
 * Drops every Samba connection from a client address (`smbcontrol smbd kill-client-ip`): the smbd
 * parent tells each child serving that address to exit. Stopping only the smbd process that wrote
 * does not hold, because Windows reconnects at once and a new smbd serves it. Judged done when
 * smbstatus lists no session from the address. A client may reconnect afterwards; barring it needs
 * `hosts deny` or a firewall rule.
 */
export async function cutOffSambaClient(
  address: string,
  options: CutOffOptions = {},
): Promise<ActionOutcome> {
  const kind = options.action ?? 'kill';
  if (isIP(address) === 0) return outcome(kind, false, `${address} is not an IP address`);
  const config = options.configFile ? ['-s', options.configFile] : [];
  try {
    await run(options.smbcontrol ?? 'smbcontrol', [...config, 'smbd', 'kill-client-ip', address], {
      timeout: 10_000,
    });
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') {
      return outcome(kind, false, 'smbcontrol is not installed (Debian: samba-common-bin)');
    }
    const stderr = ((error as { stderr?: string }).stderr ?? '').trim().split('\n').at(-1)?.slice(0, 200);
    return outcome(kind, false, `smbcontrol kill-client-ip ${address} failed: ${stderr || errnoOf(error)}`);
  }
  const from = async (): Promise<number[] | undefined> =>
    (await sambaSessions(options))?.filter((s) => s.address === address).map((s) => s.pid);
  let remaining = await from();
  const dropped = new Set(remaining);
  for (let i = 0; i < WAIT_ATTEMPTS && remaining !== undefined && remaining.length > 0; i++) {
    await delay(100);
    remaining = await from();
  }
  if (remaining === undefined) {
    return outcome(kind, false, `Samba was told to drop ${address}, but smbstatus cannot confirm it`);
  }
  if (remaining.length > 0) {
    return outcome(
      kind,
      false,
      `Samba sessions from ${address} are still open (smbd ${remaining.join(', ')})`,
    );
  }
  const served = dropped.size > 0 ? ` (smbd ${[...dropped].join(', ')})` : '';
  return outcome(kind, true, `Samba connections from ${address} dropped${served}`);
}
