import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Server, type Socket, createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SftpOptions } from './sftp-options.js';

export const SSHD = '/usr/sbin/sshd';
/** sshd needs root to switch users; CI runs the tests as root with Debian's openssh-server. */
export const sshdAvailable =
  existsSync(SSHD) && existsSync('/usr/bin/ssh-keygen') && process.getuid?.() === 0;

export interface SshServer {
  port: number;
  dir: string;
  clientKey: string;
  knownHosts: string;
  hostFingerprint: string;
  /** Options that trust this server and log in with the generated key. */
  options: SftpOptions;
  /** `sftp://root@127.0.0.1:<port>//<path>` for a repository under the server's temp dir. */
  location(name: string): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function keygen(file: string): void {
  execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'vault-test', '-f', file]);
}

async function launch(config: string, port: number): Promise<ChildProcess> {
  const child = spawn(SSHD, ['-D', '-e', '-f', config, '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${log}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`sshd exited: ${log}`));
    });
  });
  child.removeAllListeners('exit');
  return child;
}

/** Starts Debian's sshd on a free loopback port, with its own host key and one authorised client key. */
export async function startSshServer(): Promise<SshServer> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'vault-sshd-'));
  const hostKey = join(dir, 'host_key');
  const clientKey = join(dir, 'client_key');
  keygen(hostKey);
  keygen(clientKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'ListenAddress 127.0.0.1',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    child = await launch(config, port).catch(() => undefined);
  }
  if (!child) throw new Error('sshd could not be started');
  const [type, blob] = readFileSync(`${hostKey}.pub`, 'utf8').split(' ');
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${type} ${blob}\n`);
  const hostFingerprint =
    execFileSync('/usr/bin/ssh-keygen', ['-l', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).split(' ')[1] ??
    '';
  const running = child;
  return {
    port,
    dir,
    clientKey,
    knownHosts,
    hostFingerprint,
    options: { keyFile: clientKey, knownHostsFile: knownHosts, env: {}, timeoutMs: 20_000 },
    location: (name) => `sftp://root@127.0.0.1:${port}/${join(dir, 'repos', name)}`,
    stop: async () => {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP relay in front of sshd whose connections the test can cut, as a network failure would. */
export async function startRelay(
  port: number,
): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((incoming) => {
    const outgoing = connect(port, '127.0.0.1');
    for (const s of [incoming, outgoing]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
