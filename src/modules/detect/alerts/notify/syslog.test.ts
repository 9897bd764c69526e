import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION } from './notify.testkit.js';
import { SyslogNotifier, type SyslogOptions } from './syslog.js';

/** Reads RFC 6587 octet-counted frames, however TCP splits them. */
function octetCounted(socket: Socket, onFrame: (frame: string) => void): void {
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const space = buffer.indexOf(0x20);
      if (space < 0) return;
      const length = Number(buffer.subarray(0, space).toString('ascii'));
      if (buffer.length < space + 1 + length) return;
      onFrame(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
      buffer = buffer.subarray(space + 1 + length);
    }
  });
}

let udp: UdpSocket;
let tcp: Server;
const datagrams: string[] = [];
const frames: string[] = [];

beforeAll(async () => {
  udp = createSocket('udp4');
  udp.on('message', (message) => datagrams.push(message.toString('utf8')));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  tcp = createServer((socket) => {
    octetCounted(socket, (frame) => frames.push(frame));
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  udp.close();
  await new Promise((resolve) => tcp.close(resolve));
});

const options = (transport: 'udp' | 'tcp', port: number): SyslogOptions => ({
  name: 'siem',
  minLevel: 'medium',
  host: '127.0.0.1',
  port,
  transport,
  facility: 16,
  appName: 'lifeline',
  enterpriseId: 32473,
  timeoutMs: 2000,
  now: () => new Date('2026-01-13T08:00:01.000Z'),
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('syslog notifier', () => {
  it('sends one RFC 5424 datagram over UDP', async () => {
    await new SyslogNotifier(options('udp', udp.address().port)).send(NOTIFICATION);
    await until(() => datagrams.length > 0);
    expect(datagrams).toHaveLength(1);
    expect(datagrams[0]).toMatch(
      /^<131>1 2026-01-13T08:00:01\.000Z \S+ lifeline \d+ alert \[lifeline@32473 alertId="/,
    );
    expect(datagrams[0]).toContain('host="ws-icu-07.hospital.example"');
  });

  it('sends octet-counted frames over TCP, one connection per alert', async () => {
    const port = (tcp.address() as AddressInfo).port;
    const notifier = new SyslogNotifier(options('tcp', port));
    await notifier.send(NOTIFICATION);
    await notifier.send({
      ...NOTIFICATION,
      level: 'critical',
      ruleTitle: 'Ransom note with\nnewline cleaned before',
    });
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/^<131>1 /);
    expect(frames[1]).toMatch(/^<130>1 /);
    expect(frames[1]).toContain('Ransom note with newline cleaned before');
    expect(frames[0]).toContain(`link="${NOTIFICATION.link}"`);
  });

  it('fails with the socket’s code when the collector is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(new SyslogNotifier(options('tcp', port)).send(NOTIFICATION)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
