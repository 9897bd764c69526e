import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('logger', () => {
  it('writes JSON lines with level and time', () => {
    const out = capture();
    createLogger({ level: 'info' }, out.stream).info({ job: 'backup' }, 'started');
    const line = JSON.parse(out.lines()[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'started', job: 'backup', level: 30, service: 'lifeline' });
    expect(typeof line.time).toBe('string');
  });

  it('never writes secrets or patient fields, at the top level or nested', () => {
    const out = capture();
    const logger = createLogger({ level: 'info' }, out.stream);
    logger.info({ password: 'hunter2-secret', user: { token: 'llt_abc', mrn: 'MRN-123456' } }, 'login');
    logger.info(
      { req: { headers: { authorization: 'Bearer llt_xyz', cookie: 'lifeline_session=s3cr3t' } } },
      'request',
    );
    logger.info(
      { patient: { name: 'Jan Peeters', birthDate: '1950-01-01' }, event: { patientName: 'Marie Dubois' } },
      'record',
    );
    const text = out.lines().join('\n');
    for (const secret of [
      'hunter2-secret',
      'llt_abc',
      'MRN-123456',
      'llt_xyz',
      's3cr3t',
      'Jan Peeters',
      '1950-01-01',
      'Marie Dubois',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  it('respects the configured level', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn' }, out.stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines()).toHaveLength(1);
  });
});

describe('request serializer', () => {
  it('logs the path without its query string', () => {
    const out = capture();
    createLogger({ level: 'info' }, out.stream).info(
      {
        req: { method: 'GET', url: '/api/auth/sso/callback?code=abc123&state=xyz', ip: '10.0.0.1', id: 'r1' },
      },
      'incoming request',
    );
    const line = out.lines()[0] ?? '';
    expect(line).toContain('/api/auth/sso/callback');
    expect(line).not.toContain('abc123');
    expect(line).not.toContain('xyz');
  });
});
