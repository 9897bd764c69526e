import { spawn, type ChildProcessWithoutNullStreams, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync,
  existsSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { delay } from './outcome.js';
import { processState } from './proc.js';
import { cutOffSambaClient } from './samba-cutoff.js';
import { sambaClientOf, sambaSessions } from './samba.js';
import { isRoot } from './testkit.js';

const installed = ['/usr/sbin/smbd', '/usr/bin/smbclient', '/usr/bin/smbstatus'].every((path) =>
  existsSync(path),
);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** smbd children serving a client chdir into the share: that is how the writer is found here. */
function smbdServing(share: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return (
          readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'smbd' &&
          readlinkSync(`/proc/${pid}/cwd`) === share
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(!isRoot || !installed)(
  'Samba attribution against a real smbd (needs root and the samba, smbclient packages)',
  () => {
    let dir: string;
    let share: string;
    let config: string;
    let port: number;
    let smbd: ChildProcess | undefined;
    let client: ChildProcessWithoutNullStreams | undefined;
    let second: ChildProcessWithoutNullStreams | undefined;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sentinel-smb-'));
      chmodSync(dir, 0o755); // smbd serves the guest as nobody, who must reach the share
      share = join(dir, 'share');
      mkdirSync(share);
      chmodSync(share, 0o777);
      for (const sub of ['private', 'lock', 'state', 'cache', 'pid', 'ncalrpc', 'log'])
        mkdirSync(join(dir, sub));
      port = await freePort();
      config = join(dir, 'smb.conf');
      writeFileSync(
        config,
        `[global]\nserver role = standalone server\nsmb ports = ${port}\ninterfaces = 127.0.0.1\nbind interfaces only = yes\n` +
          ['private', 'lock', 'state', 'cache', 'pid']
            .map((sub) => `${sub} directory = ${join(dir, sub)}\n`)
            .join('')
            .replace('private directory', 'private dir') +
          `ncalrpc dir = ${join(dir, 'ncalrpc')}\nlog file = ${join(dir, 'log', 'smbd.log')}\nload printers = no\ndisable spoolss = yes\n` +
          `map to guest = Bad User\nguest account = nobody\n[share]\npath = ${share}\nread only = no\nguest ok = yes\n`,
      );
      // In its own process group: smbd signals its whole group when it shuts down.
      smbd = spawn('/usr/sbin/smbd', ['-F', '--no-process-group', '-s', config], {
        stdio: 'ignore',
        detached: true,
      });
      for (
        let i = 0;
        i < 100 &&
        !readFileSync('/proc/net/tcp', 'utf8').includes(
          `:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A`,
        );
        i++
      ) {
        await delay(100);
      }
    });

    afterAll(async () => {
      client?.kill('SIGKILL');
      second?.kill('SIGKILL');
      smbd?.kill('SIGTERM');
      if (smbd && smbd.exitCode === null) await new Promise((resolve) => smbd?.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    it('maps the smbd process that wrote a file to the client session', async () => {
      const local = join(dir, 'local.txt');
      writeFileSync(local, 'ward notes');
      client = spawn('/usr/bin/smbclient', [`//127.0.0.1/share`, '-p', String(port), '-N', '-s', config]);
      client.stdin.write(`put ${local} written.txt\n`);
      for (let i = 0; i < 100 && !existsSync(join(share, 'written.txt')); i++) await delay(100);
      expect(readFileSync(join(share, 'written.txt'), 'utf8')).toBe('ward notes');

      const writers = smbdServing(share);
      expect(writers).toHaveLength(1);
      const found = await sambaClientOf(writers[0] as number, { configFile: config });
      expect(found).toEqual({ machine: '127.0.0.1', address: '127.0.0.1', user: 'nobody' });
      expect(await sambaClientOf(smbd?.pid as number, { configFile: config })).toBeUndefined();
      client.stdin.end('quit\n');
    });

    it('cuts off a connected client: its smbd goes and the session is dropped', async () => {
      second = spawn('/usr/bin/smbclient', [`//127.0.0.1/share`, '-p', String(port), '-N', '-s', config]);
      let output = '';
      second.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      second.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => second?.once('exit', resolve));
      second.stdin.write('ls\n');
      let sessions = (await sambaSessions({ configFile: config })) ?? [];
      for (let i = 0; i < 100 && sessions.length === 0; i++) {
        await delay(100);
        sessions = (await sambaSessions({ configFile: config })) ?? [];
      }
      const served = sessions.filter((s) => s.address === '127.0.0.1').map((s) => s.pid);
      expect(served.length).toBeGreaterThan(0);

      const outcome = await cutOffSambaClient('127.0.0.1', { configFile: config });
      expect(outcome).toMatchObject({ action: 'kill', ok: true });
      for (const pid of served) expect([null, 'Z', 'X']).toContain(await processState(pid)); // gone, or reaped soon
      // The client finds its connection gone at its next request.
      second.stdin.write('ls\n');
      second.stdin.end('quit\n');
      await exited;
      expect(output).toMatch(
        /NT_STATUS_CONNECTION_(DISCONNECTED|RESET)|NT_STATUS_PIPE_BROKEN|NT_STATUS_END_OF_FILE/,
      );
    });
  },
);
