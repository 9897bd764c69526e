import { afterEach, describe, expect, it } from 'vitest';
import { buildAck } from '../ack.js';
import { parseHl7 } from '../er7/parse.js';
import { adtWithControlId } from '../testing/adt-samples.testkit.js';
import { rawServer, type FrameReader } from '../testing/mllp-peer.testkit.js';
import { MllpClient, sendMllp } from './client.js';
import { frameMllp } from './frame.js';
import { startMllpServer } from './server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function peer(onConnection: (reader: FrameReader, index: number) => void) {
  const server = await rawServer(onConnection);
  cleanups.push(server.close);
  return server;
}

/** Answers every frame on the connection with an AA. */
async function answerAll(reader: FrameReader): Promise<void> {
  for (let frame = await reader.next(); frame; frame = await reader.next()) {
    if (frame.ok) reader.socket.write(frameMllp(buildAck(parseHl7(frame.text), 'AA')));
  }
}

describe('MllpClient', () => {
  it('sends messages one after another over one connection', async () => {
    const received: string[] = [];
    const server = await startMllpServer({
      host: '127.0.0.1',
      port: 0,
      onMessage: async (message) => {
        received.push(message.controlId);
        return { code: 'AA' };
      },
    });
    cleanups.push(() => server.close());
    const client = new MllpClient({ host: '127.0.0.1', port: server.port });
    const acks = await Promise.all(['S1', 'S2', 'S3'].map((id) => client.send(adtWithControlId(id))));
    expect(acks.map((ack) => ack.get('MSA-2'))).toEqual(['S1', 'S2', 'S3']);
    expect(received).toEqual(['S1', 'S2', 'S3']);
    await client.close();
  });

  it('reconnects after a lost connection and resends the same message', async () => {
    const frames: string[] = [];
    const server = await peer((reader, index) => {
      void reader.next().then((frame) => {
        if (!frame?.ok) return;
        frames.push(frame.text);
        if (index === 0) reader.socket.destroy();
        else reader.socket.write(frameMllp(buildAck(parseHl7(frame.text), 'AA')));
      });
    });
    const text = adtWithControlId('RESEND-1');
    const ack = await sendMllp({ host: '127.0.0.1', port: server.port, retryDelayMs: 1 }, text);
    expect(ack.get('MSA-2')).toBe('RESEND-1');
    expect(frames).toEqual([text, text]);
  });

  it('gives up with CONTINUITY_MLLP_TIMEOUT when no ACK comes, after the configured attempts', async () => {
    let frames = 0;
    const server = await peer((reader) => {
      void reader.next().then(() => frames++);
    });
    await expect(
      sendMllp(
        { host: '127.0.0.1', port: server.port, timeoutMs: 100, attempts: 2, retryDelayMs: 1 },
        adtWithControlId('SILENT'),
      ),
    ).rejects.toMatchObject({ code: 'CONTINUITY_MLLP_TIMEOUT' });
    expect(frames).toBe(2);
  });

  it('waits past an ACK for another control id', async () => {
    const server = await peer((reader) => {
      void reader.next().then((frame) => {
        if (!frame?.ok) return;
        const message = parseHl7(frame.text);
        const stale = parseHl7(adtWithControlId('EARLIER'));
        reader.socket.write(
          Buffer.concat([frameMllp(buildAck(stale, 'AA')), frameMllp(buildAck(message, 'AE'))]),
        );
      });
    });
    const ack = await sendMllp({ host: '127.0.0.1', port: server.port }, adtWithControlId('MINE'));
    expect([ack.get('MSA-1'), ack.get('MSA-2')]).toEqual(['AE', 'MINE']);
  });

  it('refuses an answer that is not an ACK', async () => {
    const server = await peer((reader) => {
      void reader.next().then(() => reader.socket.write(frameMllp('hello')));
    });
    await expect(
      sendMllp({ host: '127.0.0.1', port: server.port, attempts: 1 }, adtWithControlId('Q')),
    ).rejects.toMatchObject({ code: 'CONTINUITY_MLLP_ACK_INVALID' });
  });

  it('reports a peer that cannot be reached', async () => {
    const server = await peer(() => undefined);
    await server.close();
    cleanups.length = 0;
    await expect(
      sendMllp({ host: '127.0.0.1', port: server.port, attempts: 2, retryDelayMs: 1 }, adtWithControlId('U')),
    ).rejects.toMatchObject({ code: 'CONTINUITY_MLLP_UNREACHABLE' });
  });

  it('refuses a message without a control id before connecting', async () => {
    let connections = 0;
    const server = await peer(() => connections++);
    const text = adtWithControlId('X').replace('|X|P|', '||P|');
    await expect(sendMllp({ host: '127.0.0.1', port: server.port }, text)).rejects.toMatchObject({
      code: 'CONTINUITY_HL7_MALFORMED',
    });
    expect(connections).toBe(0);
  });

  it('reuses its connection across sends', async () => {
    let connections = 0;
    const server = await peer((reader) => {
      connections++;
      void answerAll(reader);
    });
    const client = new MllpClient({ host: '127.0.0.1', port: server.port });
    await client.send(adtWithControlId('R1'));
    await client.send(adtWithControlId('R2'));
    expect(connections).toBe(1);
    await client.close();
  });

  it('reconnects when the peer closed the connection between messages', async () => {
    let connections = 0;
    const server = await peer((reader) => {
      connections++;
      void reader.next().then((frame) => {
        if (!frame?.ok) return;
        reader.socket.end(frameMllp(buildAck(parseHl7(frame.text), 'AA')));
      });
    });
    const client = new MllpClient({ host: '127.0.0.1', port: server.port, retryDelayMs: 1 });
    expect((await client.send(adtWithControlId('P1'))).get('MSA-2')).toBe('P1');
    expect((await client.send(adtWithControlId('P2'))).get('MSA-2')).toBe('P2');
    expect(connections).toBe(2);
    await client.close();
  });

  it('refuses to send once closed', async () => {
    const server = await peer((reader) => void answerAll(reader));
    const client = new MllpClient({ host: '127.0.0.1', port: server.port });
    await client.close();
    await expect(client.send(adtWithControlId('LATE'))).rejects.toMatchObject({
      code: 'CONTINUITY_MLLP_CLIENT_CLOSED',
    });
  });
});
