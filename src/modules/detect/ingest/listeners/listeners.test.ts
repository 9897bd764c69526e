import { createSocket } from 'node:dgram';
import { type Socket, connect as connectTcp, createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { connect as connectTls } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestHub, createTestHub } from '../hub.testkit.js';
import { type TestPki, createTestPki } from './certificates.testkit.js';
import { TcpSyslogListener } from './tcp.js';
import { TlsSyslogListener } from './tls.js';
import { UdpSyslogListener } from './udp.js';

const host = '127.0.0.1';
const counted = (message: string) => `${Buffer.byteLength(message)} ${message}`;

let test: TestHub;
let pki: TestPki;
const stops: (() => Promise<void>)[] = [];

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki.remove());
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await test.close();
});

function started<T extends { stop(): Promise<void> }>(listener: T): T {
  stops.push(() => listener.stop());
  return listener;
}

async function send(socket: Socket, parts: string[]): Promise<void> {
  for (const part of parts) {
    await new Promise<void>((resolve, reject) =>
      socket.write(part, (error) => (error ? reject(error) : resolve())),
    );
  }
  await new Promise<void>((resolve) => socket.end(resolve));
}

describe('syslog over UDP', () => {
  it('receives datagrams in both formats with the sender address', async () => {
    test = createTestHub();
    test.consume();
    const listener = started(new UdpSyslogListener({ name: 'udp-in', host, port: 0, hub: test.hub }));
    const { port } = await listener.start();
    const client = createSocket('udp4');
    client.bind(0, host);
    await new Promise((r) => client.once('listening', r));
    const lines = [
      '<34>1 2026-01-13T08:15:02.003Z ward3-ws12 su - AUTH01 - failed for nurse7\n',
      '<38>Jan 13 08:15:02 ehr-app01 sshd[2214]: Failed password for admin',
      '<999>broken',
    ];
    for (const line of lines) await new Promise((r) => client.send(line, port, host, r));
    await test.until(() => test.events.length === 2 && test.quarantined.length === 1, 'two events');
    const clientPort = client.address().port;
    client.close();
    expect(test.events.map((e) => e.fields.app_name)).toEqual(['su', 'sshd']);
    expect(test.events[0]?.source).toEqual({
      kind: 'syslog-udp',
      name: 'udp-in',
      address: `${host}:${clientPort}`,
    });
    expect(test.events[0]?.raw).toBe(lines[0]);
    expect(test.quarantined[0]).toMatchObject({
      source: 'udp-in',
      reason: 'invalid PRI',
      line: '<999>broken',
    });
    expect(test.hub.sources()[0]).toMatchObject({ name: 'udp-in', address: `${host}:${port}`, received: 3 });
  });

  it('counts an oversized datagram as malformed', async () => {
    test = createTestHub();
    const listener = started(
      new UdpSyslogListener({ name: 'udp-in', host, port: 0, hub: test.hub, maxFrameBytes: 100 }),
    );
    const { port } = await listener.start();
    const client = createSocket('udp4');
    await new Promise((r) => client.send(`<13>${'x'.repeat(500)}`, port, host, r));
    client.close();
    await test.until(() => test.quarantined.length === 1, 'the refusal');
    expect(test.quarantined[0]).toMatchObject({ reason: 'frame too large', line: '' });
  });
});

describe('syslog over TCP', () => {
  it('reads mixed framing across split writes from several senders', async () => {
    test = createTestHub();
    test.consume();
    const listener = started(new TcpSyslogListener({ name: 'tcp-in', host, port: 0, hub: test.hub }));
    const { port } = await listener.start();
    const first = connectTcp(port, host);
    const stream = `<13>Jan 13 08:00:01 h app: one\r\n${counted('<13>1 - h app - - - two\nlines')}<13>Jan 13 08:00:03 h app: three\0`;
    await send(first, [stream.slice(0, 17), stream.slice(17, 40), stream.slice(40)]);
    await test.until(() => test.events.length === 3, 'three events');
    const second = connectTcp(port, host);
    await send(second, ['<13>Jan 13 08:00:04 h app: last line without terminator']);
    await test.until(() => test.events.length === 4, 'the last event');
    expect(test.events.map((e) => e.fields.message)).toEqual([
      'one',
      'two\nlines',
      'three',
      'last line without terminator',
    ]);
    expect(test.events[0]?.source.kind).toBe('syslog-tcp');
    expect(test.events[0]?.source.address).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('counts an oversized frame and keeps reading the stream', async () => {
    test = createTestHub();
    test.consume();
    const listener = started(
      new TcpSyslogListener({ name: 'tcp-in', host, port: 0, hub: test.hub, maxFrameBytes: 64 }),
    );
    const { port } = await listener.start();
    await send(connectTcp(port, host), [`<13>${'x'.repeat(200)}\n<13>h app: after\n`]);
    await test.until(() => test.events.length === 1, 'the event after');
    expect(test.quarantined.map((q) => q.reason)).toEqual(['frame too large']);
    expect(test.hub.sources()[0]).toMatchObject({ malformed: 1, processed: 1 });
  });

  it('stops gracefully: no new connections, open senders told to close', async () => {
    test = createTestHub();
    const listener = new TcpSyslogListener({ name: 'tcp-in', host, port: 0, hub: test.hub });
    const { port } = await listener.start();
    const client = connectTcp(port, host);
    await new Promise((r) => client.once('connect', r));
    const ended = new Promise((r) => client.once('close', r));
    await listener.stop();
    await ended;
    const refused = connectTcp(port, host);
    await expect(new Promise((_, reject) => refused.once('error', reject))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('reports a port in use', async () => {
    test = createTestHub();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, host, r));
    const port = (blocker.address() as { port: number }).port;
    const listener = new TcpSyslogListener({ name: 'tcp-in', host, port, hub: test.hub });
    await expect(listener.start()).rejects.toMatchObject({ code: 'DETECT_INGEST_LISTEN_FAILED' });
    await new Promise((r) => blocker.close(r));
  });
});

describe('syslog over TLS', () => {
  it('reads octet-counted frames over TLS', async () => {
    test = createTestHub();
    test.consume();
    const listener = started(
      new TlsSyslogListener({
        name: 'tls-in',
        host,
        port: 0,
        hub: test.hub,
        certFile: pki.serverCert,
        keyFile: pki.serverKey,
      }),
    );
    const { port } = await listener.start();
    const client = connectTls({ host, port, ca: readFileSync(pki.serverCert), servername: 'localhost' });
    await new Promise((r) => client.once('secureConnect', r));
    await send(client, [
      counted('<165>1 2026-01-13T08:15:02Z gw app - - [x a="1"] over tls') +
        counted('<13>1 - gw app - - - second'),
    ]);
    await test.until(() => test.events.length === 2, 'two events');
    expect(test.events[0]?.fields).toMatchObject({ 'sd.x.a': '1', message: 'over tls' });
    expect(test.events[0]?.source.kind).toBe('syslog-tls');
  });

  it('requires a client certificate signed by the configured CA when one is set', async () => {
    test = createTestHub();
    test.consume();
    const listener = started(
      new TlsSyslogListener({
        name: 'tls-mutual',
        host,
        port: 0,
        hub: test.hub,
        certFile: pki.serverCert,
        keyFile: pki.serverKey,
        clientCaFile: pki.clientCa,
      }),
    );
    const { port } = await listener.start();
    const ca = readFileSync(pki.serverCert);
    const anonymous = connectTls({ host, port, ca, servername: 'localhost' });
    anonymous.on('error', () => undefined);
    anonymous.write('<13>app: must not arrive\n');
    await new Promise((r) => anonymous.once('close', r));
    const trusted = connectTls({
      host,
      port,
      ca,
      servername: 'localhost',
      cert: readFileSync(pki.clientCert),
      key: readFileSync(pki.clientKey),
    });
    await new Promise((r) => trusted.once('secureConnect', r));
    await send(trusted, ['<13>app: from a known sender\n']);
    await test.until(() => test.events.length === 1, 'the trusted event');
    expect(test.events.map((e) => e.fields.message)).toEqual(['from a known sender']);
  });

  it('names an unreadable certificate file', async () => {
    test = createTestHub();
    const listener = new TlsSyslogListener({
      name: 'tls-in',
      host,
      port: 0,
      hub: test.hub,
      certFile: '/nonexistent/cert.pem',
      keyFile: pki.serverKey,
    });
    await expect(listener.start()).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: { key: 'certFile' },
    });
  });
});
