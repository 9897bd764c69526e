import { afterEach, describe, expect, it } from 'vitest';
import type { Hl7Message } from '../er7/message.js';
import { ADMIT_A01, LATIN1_A01, adtWithControlId } from '../testing/adt-samples.testkit.js';
import { connectRaw, gate, selfSignedCertificate } from '../testing/mllp-peer.testkit.js';
import { frameMllp } from './frame.js';
import { HANDLER_FAILURE_TEXT, type MllpMessageHandler } from './responder.js';
import { startMllpServer, type MllpServer, type MllpServerOptions } from './server.js';
import { adtToCensusEvent } from '../adt/to-census.js';
import { sendMllp } from './client.js';

const servers: MllpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(
  onMessage: MllpMessageHandler,
  options: Partial<MllpServerOptions> = {},
): Promise<MllpServer> {
  const server = await startMllpServer({ host: '127.0.0.1', port: 0, onMessage, ...options });
  servers.push(server);
  return server;
}

const accept: MllpMessageHandler = async () => ({ code: 'AA' });

describe('startMllpServer', () => {
  it('answers each message on a connection in order, handling one at a time', async () => {
    const held = gate();
    const seen: string[] = [];
    let running = 0;
    let overlapped = false;
    const server = await serve(async (message) => {
      running++;
      overlapped ||= running > 1;
      seen.push(message.controlId);
      if (message.controlId === 'C1') await held.promise;
      running--;
      return { code: 'AA' };
    });
    const peer = await connectRaw(server.port);
    peer.socket.write(Buffer.concat(['C1', 'C2', 'C3'].map((id) => frameMllp(adtWithControlId(id)))));
    const first = peer.nextMessage();
    await expect.poll(() => seen).toEqual(['C1']);
    held.open();
    const acks = [await first, await peer.nextMessage(), await peer.nextMessage()];
    expect(acks.map((ack) => [ack.get('MSA-1'), ack.get('MSA-2')])).toEqual([
      ['AA', 'C1'],
      ['AA', 'C2'],
      ['AA', 'C3'],
    ]);
    expect(overlapped).toBe(false);
    expect(server.stats()).toMatchObject({ accepted: 3, connectionsOpen: 1 });
    peer.socket.destroy();
  });

  it('hands the handler the parsed message and the raw text', async () => {
    let received: { message: Hl7Message; raw: string } | undefined;
    const server = await serve(async (message, raw) => {
      received = { message, raw };
      return { code: 'AA' };
    });
    const ack = await sendMllp({ host: '127.0.0.1', port: server.port }, ADMIT_A01);
    expect(ack.get('MSA-1')).toBe('AA');
    expect(ack.get('MSH-5')).toBe('HIS');
    expect(received?.raw).toBe(ADMIT_A01);
    expect(received?.message.get('PID-5.1')).toBe('Peeters');
  });

  it('answers AE without the error text when the handler throws', async () => {
    const server = await serve(async () => {
      throw new Error('cannot store Peeters M0045871');
    });
    const peer = await connectRaw(server.port);
    peer.socket.write(frameMllp(ADMIT_A01));
    const frame = await peer.next();
    expect(frame?.ok).toBe(true);
    const text = frame?.ok ? frame.text : '';
    expect(text).not.toMatch(/Peeters|M0045871|cannot store/);
    const ack = await sendMllp({ host: '127.0.0.1', port: server.port }, ADMIT_A01);
    expect(ack.get('MSA-1')).toBe('AE');
    expect(ack.get('MSA-3')).toBe(HANDLER_FAILURE_TEXT);
    expect(ack.get('ERR-3')).toBe('207');
    expect(server.stats().handlerFailures).toBe(2);
    peer.socket.destroy();
  });

  it('passes on the handler’s own AE or AR with its text and error condition', async () => {
    const server = await serve(async () => ({
      code: 'AR',
      text: 'unsupported event',
      errorCondition: '201',
    }));
    const ack = await sendMllp({ host: '127.0.0.1', port: server.port }, ADMIT_A01);
    expect([ack.get('MSA-1'), ack.get('MSA-3'), ack.get('ERR-3')]).toEqual([
      'AR',
      'unsupported event',
      '201',
    ]);
    expect(server.stats().rejected).toBe(1);
  });

  it('answers AR when the handler finds the message itself wrong', async () => {
    const server = await serve(async (message) => {
      adtToCensusEvent(message);
      return { code: 'AA' };
    });
    const noMrn = ADMIT_A01.replace('9100123^^^ZNA^NI~M0045871^^^ZNA^MR', '');
    const ack = await sendMllp({ host: '127.0.0.1', port: server.port }, noMrn);
    expect([ack.get('MSA-1'), ack.get('MSA-3'), ack.get('ERR-3')]).toEqual(['AR', 'PID-3 is empty', '101']);
    expect(server.stats()).toMatchObject({ rejected: 1, handlerFailures: 0 });
  });

  it('rejects a malformed message whose MSH is readable, drops one without, and keeps serving', async () => {
    let calls = 0;
    const server = await serve(async () => {
      calls++;
      return { code: 'AA' };
    });
    const peer = await connectRaw(server.port);
    const malformed =
      'MSH|^~\\&|HIS|ZNA|LIFELINE|CONT|20261126||ADT^A01|BAD1|P|2.5.1\rPID|1||X\rbroken Peeters\r';
    peer.socket.write(
      Buffer.concat([frameMllp(malformed), frameMllp('not hl7 at all'), frameMllp(adtWithControlId('OK1'))]),
    );
    const rejected = await peer.nextMessage();
    expect([rejected.get('MSA-1'), rejected.get('MSA-2'), rejected.get('ERR-3')]).toEqual([
      'AR',
      'BAD1',
      '102',
    ]);
    expect(rejected.get('MSA-3')).not.toContain('Peeters');
    const accepted = await peer.nextMessage();
    expect([accepted.get('MSA-1'), accepted.get('MSA-2')]).toEqual(['AA', 'OK1']);
    expect(calls).toBe(1);
    expect(server.stats()).toMatchObject({ malformed: 1, dropped: 1, accepted: 1 });
    peer.socket.destroy();
  });

  it('rejects an oversize message without buffering it, then accepts the next', async () => {
    const server = await serve(accept, { maxMessageBytes: 2048 });
    const peer = await connectRaw(server.port);
    const big = adtWithControlId('BIG') + `NTE|1||${'x'.repeat(100_000)}\r`;
    peer.socket.write(Buffer.concat([frameMllp(big), frameMllp(adtWithControlId('SMALL'))]));
    const rejected = await peer.nextMessage();
    expect([rejected.get('MSA-1'), rejected.get('MSA-2')]).toEqual(['AR', 'BIG']);
    expect(rejected.get('MSA-3')).toContain('2048-byte');
    expect((await peer.nextMessage()).get('MSA-2')).toBe('SMALL');
    expect(server.stats().oversize).toBe(1);
    peer.socket.destroy();
  });

  it('counts bytes outside frames and ignores them', async () => {
    const server = await serve(accept);
    const peer = await connectRaw(server.port);
    peer.socket.write(Buffer.concat([Buffer.from('\r\ngarbage'), frameMllp(adtWithControlId('G1'))]));
    expect((await peer.nextMessage()).get('MSA-2')).toBe('G1');
    expect(server.stats().bytesOutsideFrames).toBe(9);
    peer.socket.destroy();
  });

  it('reads and answers Latin-1 messages in Latin-1', async () => {
    let family = '';
    const server = await serve(async (message) => {
      family = message.get('PID-5.1');
      return { code: 'AA', text: 'reçu' };
    });
    const peer = await connectRaw(server.port);
    peer.socket.write(frameMllp(LATIN1_A01));
    const frame = await peer.next();
    expect(family).toBe('Lefèvre');
    expect(frame?.ok && frame.charset).toBe('latin1');
    expect(frame?.ok && frame.bytes.includes(Buffer.from('re\xe7u', 'latin1'))).toBe(true);
    peer.socket.destroy();
  });

  it('still answers a sender that half-closes after its last message', async () => {
    const server = await serve(accept);
    const peer = await connectRaw(server.port);
    peer.socket.end(frameMllp(adtWithControlId('LAST')));
    expect((await peer.nextMessage()).get('MSA-2')).toBe('LAST');
    await peer.whenClosed();
  });

  it('closes idle connections', async () => {
    const server = await serve(accept, { idleTimeoutMs: 100 });
    const peer = await connectRaw(server.port);
    await peer.whenClosed();
    await expect.poll(() => server.stats()).toMatchObject({ connectionsIdleClosed: 1, connectionsOpen: 0 });
  });

  it('refuses connections beyond the limit', async () => {
    const server = await serve(accept, { maxConnections: 1 });
    const first = await connectRaw(server.port);
    first.socket.write(frameMllp(adtWithControlId('F1')));
    await first.nextMessage();
    const second = await connectRaw(server.port);
    await second.whenClosed();
    await expect.poll(() => server.stats()).toMatchObject({ connectionsRefused: 1, connectionsOpen: 1 });
    first.socket.destroy();
  });

  it('on close, answers the message in hand, then ends connections and stops listening', async () => {
    const held = gate();
    let started = false;
    const server = await startMllpServer({
      host: '127.0.0.1',
      port: 0,
      onMessage: async () => {
        started = true;
        await held.promise;
        return { code: 'AA' };
      },
    });
    const peer = await connectRaw(server.port);
    peer.socket.write(frameMllp(adtWithControlId('INFLIGHT')));
    await expect.poll(() => started).toBe(true);
    const closing = server.close();
    held.open();
    expect((await peer.nextMessage()).get('MSA-2')).toBe('INFLIGHT');
    await closing;
    await peer.whenClosed();
    await expect(connectRaw(server.port)).rejects.toThrow();
  });

  it('reports a port that cannot be bound', async () => {
    const server = await serve(accept);
    await expect(
      startMllpServer({ host: '127.0.0.1', port: server.port, onMessage: accept }),
    ).rejects.toMatchObject({
      code: 'CONTINUITY_MLLP_LISTEN_FAILED',
    });
  });
});

describe('startMllpServer over TLS', () => {
  const certificate = selfSignedCertificate();

  it('exchanges messages with a client that trusts the certificate', async () => {
    const server = await serve(accept, { tls: certificate });
    const ack = await sendMllp(
      { host: '127.0.0.1', port: server.port, tls: { ca: certificate.cert } },
      ADMIT_A01,
    );
    expect([ack.get('MSA-1'), ack.get('MSA-2')]).toEqual(['AA', 'MSG00001']);
  });

  it('is refused by a client that does not trust it', async () => {
    const server = await serve(accept, { tls: certificate });
    await expect(
      sendMllp({ host: '127.0.0.1', port: server.port, tls: {}, attempts: 1, timeoutMs: 5000 }, ADMIT_A01),
    ).rejects.toMatchObject({ code: 'CONTINUITY_MLLP_UNREACHABLE' });
    expect(server.stats().accepted).toBe(0);
  });
});
