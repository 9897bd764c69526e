import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
// ssh2 is CommonJS: Node's ESM loader exposes only its default export, not named ones.
import ssh2 from 'ssh2';
import { LifelineError } from '../../../kernel/errors.js';
import { checkHostKey, fingerprintOf, parseKnownHosts, type HostKeyVerdict } from './sftp-known-hosts.js';
import type { SftpLocation } from './sftp-location.js';
import type { SessionOptions } from './sftp-session.js';

const { utils } = ssh2;

export interface SftpOptions {
  /** Private key file; default $LIFELINE_VAULT_SFTP_KEY, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  keyFile?: string;
  /** Passphrase of an encrypted key; default $LIFELINE_VAULT_SFTP_KEY_PASSPHRASE. */
  passphrase?: string;
  /** Default $LIFELINE_VAULT_SFTP_KNOWN_HOSTS, else ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /**
   * A host key fingerprint (`SHA256:…`) to accept although known_hosts does not list it; default
   * $LIFELINE_VAULT_SFTP_HOST_KEY. This is the operator's explicit trust decision.
   */
  trustedHostKey?: string;
  /** Connect and handshake timeout; default 20 s. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

function keyError(message: string): LifelineError {
  return new LifelineError('VAULT_BACKEND_FAILED', message, { stage: 'private-key' });
}

function loadPrivateKey(options: SftpOptions, env: NodeJS.ProcessEnv): { key: Buffer; passphrase?: string } {
  const explicit = options.keyFile ?? env.LIFELINE_VAULT_SFTP_KEY;
  const candidates = explicit
    ? [explicit]
    : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => join(homedir(), '.ssh', name));
  for (const file of candidates) {
    let key: Buffer;
    try {
      key = readFileSync(file);
    } catch (error) {
      if (!explicit && (error as { code?: string }).code === 'ENOENT') continue;
      throw keyError(
        `the SSH private key ${file} cannot be read (${(error as { code?: string }).code ?? 'error'})`,
      );
    }
    const passphrase = options.passphrase ?? env.LIFELINE_VAULT_SFTP_KEY_PASSPHRASE;
    const parsed = utils.parseKey(key, passphrase);
    if (parsed instanceof Error) {
      throw keyError(
        `the SSH private key ${file} cannot be used: ` +
          (/passphrase/i.test(parsed.message) ? 'wrong or missing passphrase' : 'unsupported or damaged key'),
      );
    }
    return passphrase === undefined ? { key } : { key, passphrase };
  }
  throw keyError(
    'no SSH private key found: set LIFELINE_VAULT_SFTP_KEY to a key file, or create ~/.ssh/id_ed25519',
  );
}

function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    // A missing file means nothing is trusted yet, which the host key check reports clearly.
    if ((error as { code?: string }).code === 'ENOENT') return '';
    throw new LifelineError('VAULT_BACKEND_FAILED', `the known hosts file ${file} cannot be read`, {
      stage: 'host-key',
    });
  }
}

/** Everything a connection needs, from explicit options first, then the environment, then ssh's defaults. */
export function sessionOptions(location: SftpLocation, options: SftpOptions = {}): SessionOptions {
  const env = options.env ?? process.env;
  const { key, passphrase } = loadPrivateKey(options, env);
  const knownHostsFile =
    options.knownHostsFile ?? env.LIFELINE_VAULT_SFTP_KNOWN_HOSTS ?? join(homedir(), '.ssh', 'known_hosts');
  const trusted = options.trustedHostKey ?? env.LIFELINE_VAULT_SFTP_HOST_KEY;
  const verifyHostKey = (hostKey: Buffer): HostKeyVerdict => {
    const entries = parseKnownHosts(readKnownHosts(knownHostsFile));
    const verdict = checkHostKey(entries, location.host, location.port, hostKey);
    if (verdict !== 'revoked' && trusted !== undefined && trusted.trim() === fingerprintOf(hostKey))
      return 'trusted';
    return verdict;
  };
  return {
    host: location.host,
    port: location.port,
    username: location.user ?? defaultUser(env),
    privateKey: key,
    ...(passphrase !== undefined ? { passphrase } : {}),
    verifyHostKey,
    knownHostsFile,
    timeoutMs: options.timeoutMs ?? 20_000,
  };
}

function defaultUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? 'root';
  }
}
