import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifelineError } from '../errors.js';
import { natsConnectionOptions, parseNatsUrl } from './nats-url.js';

describe('parseNatsUrl', () => {
  it('takes credentials out of the server address', () => {
    const target = parseNatsUrl('nats://bus%40user:s3cr%3At@nats.example:4333');
    expect(target).toMatchObject({
      servers: ['nats.example:4333'],
      display: 'nats://nats.example:4333',
      user: 'bus@user',
      pass: 's3cr:t',
    });
    const options = natsConnectionOptions(target, 1000);
    expect(options).toMatchObject({
      servers: ['nats.example:4333'],
      user: 'bus@user',
      pass: 's3cr:t',
      timeout: 1000,
    });
    expect(parseNatsUrl('nats://tok3n@127.0.0.1')).toMatchObject({
      servers: ['127.0.0.1:4222'],
      token: 'tok3n',
    });
  });

  it('reads a cluster list, bare host names and tls://', () => {
    const target = parseNatsUrl('tls://a:4222, b ,nats://[::1]:5000');
    expect(target.servers).toEqual(['a:4222', 'b:4222', '[::1]:5000']);
    expect(target.tls).toBe(true);
    expect(target.display).toBe('tls://a:4222,nats://b:4222,nats://[::1]:5000');
  });

  it('rejects what is not a NATS address without echoing it', () => {
    for (const bad of [
      '',
      ' , ',
      'http://h:80',
      'nats://',
      'nats://user:hunter2@h/x',
      'nats://h:4222/path',
    ]) {
      let caught: unknown;
      try {
        parseNatsUrl(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(LifelineError);
      expect((caught as LifelineError).code).toBe('CONFIG_INVALID');
      expect(
        JSON.stringify({
          message: (caught as LifelineError).message,
          details: (caught as LifelineError).details,
        }),
      ).not.toContain('hunter2');
    }
  });

  it('never shows a user name or password in the display form', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{6,20}$/);
    fc.assert(
      fc.property(secret, secret, (user, pass) => {
        const target = parseNatsUrl(`nats://${user}:${pass}@127.0.0.1:4222`);
        return !target.display.includes(user) && !target.display.includes(pass) && target.pass === pass;
      }),
    );
  });
});
