import { type Socket, connect } from 'node:net';
// ssh2 is CommonJS: Node's ESM loader exposes only its default export, not named ones.
import ssh2, { type Client as SshClient, type SFTPWrapper, type Stats } from 'ssh2';
import { LifelineError } from '../../../kernel/errors.js';
import { fingerprintOf, hostKeyName, type HostKeyVerdict } from './sftp-known-hosts.js';

const { Client, utils } = ssh2;

export interface SessionOptions {
  host: string;
  port: number;
  username: string;
  privateKey: Buffer;
  passphrase?: string;
  /** Decides whether the server's host key blob is acceptable. */
  verifyHostKey: (key: Buffer) => HostKeyVerdict;
  /** Where the operator can add a trusted key; named in the refusal message. */
  knownHostsFile: string;
  timeoutMs: number;
}

export const { OPEN_MODE, STATUS_CODE } = utils.sftp;

type Callback<T> = (error?: Error | null, value?: T) => void;

/**
 * One SSH connection with its SFTP channel. `lost` turns true as soon as either closes, so the
 * backend can tell a dropped connection (worth one reconnect) from a refused operation.
 */
export class SftpSession {
  lost = false;
  private inFlight = 0;

  private constructor(
    private readonly client: SshClient,
    readonly sftp: SFTPWrapper,
    private readonly socket: Socket,
  ) {
    // An idle connection must not keep the process alive: a CLI command that forgets to close its
    // repository still exits. The socket holds the event loop only while requests are pending.
    socket.unref();
    const markLost = (): void => {
      this.lost = true;
    };
    client.on('close', markLost);
    client.on('end', markLost);
    client.on('error', markLost);
    sftp.on('close', markLost);
  }

  static open(options: SessionOptions): Promise<SftpSession> {
    const where = `${options.host}:${options.port}`;
    return new Promise((resolve, reject) => {
      const client = new Client();
      const socket = connect({ host: options.host, port: options.port });
      // Without the native addon ssh2 writes a packet in several pieces; Nagle's algorithm then holds
      // each request back for a delayed ACK, and a repository's many small requests crawl.
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 15_000);
      let refusal: LifelineError | undefined;
      let settled = false;
      const fail = (error: LifelineError): void => {
        if (settled) return;
        settled = true;
        client.end();
        reject(error);
      };
      client.on('error', (error: Error & { level?: string; code?: string }) => {
        fail(refusal ?? connectError(where, options.username, error));
      });
      client.on('close', () => fail(refusal ?? connectError(where, options.username, new Error('closed'))));
      client.on('ready', () => {
        client.sftp((error, sftp) => {
          if (error) return fail(connectError(where, options.username, error));
          settled = true;
          resolve(new SftpSession(client, sftp, socket));
        });
      });
      client.connect({
        sock: socket,
        username: options.username,
        privateKey: options.privateKey,
        ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
        readyTimeout: options.timeoutMs,
        // AES-GCM first: Node's own crypto runs it natively, whereas ssh2's chacha20-poly1305 falls
        // back to plain JavaScript without its optional native addon.
        algorithms: {
          cipher: [
            'aes128-gcm@openssh.com',
            'aes256-gcm@openssh.com',
            'aes128-ctr',
            'aes256-ctr',
            'chacha20-poly1305@openssh.com',
          ],
        },
        // ssh2's keepalive timer would hold the process open; TCP keepalive on the socket does not.
        keepaliveInterval: 0,
        hostVerifier: (key: Buffer) => {
          const verdict = options.verifyHostKey(key);
          if (verdict !== 'trusted') refusal = hostKeyRefusal(options, verdict, key);
          return verdict === 'trusted';
        },
      });
    });
  }

  /** Runs one SFTP request and turns its callback into a promise. */
  call<T>(request: (sftp: SFTPWrapper, done: Callback<T>) => void): Promise<T> {
    if (this.inFlight++ === 0) this.socket.ref();
    const settle = (): void => {
      if (--this.inFlight === 0) this.socket.unref();
    };
    return new Promise<T>((resolve, reject) => {
      try {
        request(this.sftp, (error, value) => {
          settle();
          if (error) reject(error);
          else resolve(value as T);
        });
      } catch (error) {
        settle();
        // ssh2 throws synchronously when the channel is already gone.
        this.lost = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  stat(path: string): Promise<Stats> {
    return this.call<Stats>((sftp, done) => sftp.stat(path, done));
  }

  /** fsync@openssh.com when the server offers it; other servers give no durability promise to ask for. */
  async fsync(handle: Buffer): Promise<void> {
    try {
      await this.call<unknown>((sftp, done) => sftp.ext_openssh_fsync(handle, done));
    } catch (error) {
      if (error instanceof Error && /does not support/.test(error.message)) return;
      throw error;
    }
  }

  close(): void {
    this.lost = true;
    this.client.end();
  }
}

function connectError(
  where: string,
  user: string,
  error: Error & { level?: string; code?: string },
): LifelineError {
  if (error.level === 'client-authentication') {
    return new LifelineError(
      'VAULT_BACKEND_FAILED',
      `the SFTP server ${where} did not accept the SSH key for user ${user}`,
      { stage: 'authentication' },
    );
  }
  const reason = error.level === 'client-timeout' ? 'timed out' : (error.code ?? 'connection failed');
  return new LifelineError('VAULT_BACKEND_FAILED', `cannot connect to the SFTP server ${where} (${reason})`, {
    stage: 'connect',
    reason,
  });
}

function hostKeyRefusal(options: SessionOptions, verdict: HostKeyVerdict, key: Buffer): LifelineError {
  const fingerprint = fingerprintOf(key);
  const name = hostKeyName(options.host, options.port);
  const trust =
    `check the fingerprint with the server's administrator, then add the key to ${options.knownHostsFile} ` +
    `(ssh-keyscan -p ${options.port} ${options.host}) or set LIFELINE_VAULT_SFTP_HOST_KEY=${fingerprint}`;
  const message =
    verdict === 'unknown'
      ? `the SSH host key of ${name} is not known (${fingerprint}); ${trust}`
      : verdict === 'revoked'
        ? `the SSH host key of ${name} is revoked in ${options.knownHostsFile} (${fingerprint})`
        : `the SSH host key of ${name} does not match ${options.knownHostsFile}: someone may be ` +
          `intercepting the connection, or the server's key was replaced (${fingerprint})`;
  return new LifelineError('VAULT_BACKEND_FAILED', message, { stage: 'host-key', verdict, fingerprint });
}
