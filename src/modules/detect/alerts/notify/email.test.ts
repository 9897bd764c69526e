import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailNotifier, type EmailOptions } from './email.js';
import { NotifyError, describeFailure } from './notifier.js';
import { NOTIFICATION } from './notify.testkit.js';

interface Mail {
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  message: string;
}

/** A real SMTP server on loopback that keeps what it receives. */
async function startSmtp(
  options: SMTPServerOptions,
): Promise<{ port: number; mails: Mail[]; stop: () => Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          message: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Unfolds headers and undoes quoted-printable so the test reads the text as a mail client shows it. */
function readable(message: string): string {
  return message
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const base = (port: number, overrides: Partial<EmailOptions> = {}): EmailOptions => ({
  name: 'soc-mail',
  minLevel: 'high',
  host: '127.0.0.1',
  port,
  tls: 'none',
  from: 'lifeline@hospital.example',
  to: ['soc@hospital.example', 'oncall@hospital.example'],
  timeoutMs: 5000,
  ...overrides,
});

describe('email notifier', () => {
  it('mails rule, level, host, user, program, time and link over plain SMTP without STARTTLS', async () => {
    const smtp = await startSmtp({ disabledCommands: ['STARTTLS', 'AUTH'] });
    const notifier = new EmailNotifier(base(smtp.port));
    try {
      await notifier.send(NOTIFICATION);
      const [mail] = smtp.mails;
      expect(mail).toMatchObject({
        from: 'lifeline@hospital.example',
        to: ['soc@hospital.example', 'oncall@hospital.example'],
        secure: false,
      });
      const text = readable(mail?.message ?? '');
      expect(text).toContain(
        'Subject: [Lifeline] HIGH alert: Suspicious Encoded PowerShell on ws-icu-07.hospital.example',
      );
      for (const value of [
        'Level:   high',
        'Host:    ws-icu-07.hospital.example',
        'User:    HOSPITAL\\nurse.jansen',
        'Program: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'Time:    2026-01-13T08:00:00.000Z',
        NOTIFICATION.link,
      ]) {
        expect(text).toContain(value);
      }
    } finally {
      await notifier.close();
      await smtp.stop();
    }
  });

  it('logs in with AUTH and reports a wrong password as a permanent failure', async () => {
    const smtp = await startSmtp({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'lifeline' && auth.password === 'relay-password')
          callback(null, { user: 'lifeline' });
        else callback(new Error('Invalid username or password'));
      },
    });
    const good = new EmailNotifier(
      base(smtp.port, { auth: { user: 'lifeline', password: 'relay-password' } }),
    );
    const bad = new EmailNotifier(base(smtp.port, { auth: { user: 'lifeline', password: 'wrong' } }));
    try {
      await good.send(NOTIFICATION);
      expect(smtp.mails.map((m) => m.user)).toEqual(['lifeline']);
      const error = await bad.send(NOTIFICATION).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotifyError);
      expect((error as NotifyError).permanent).toBe(true);
      expect(describeFailure(error)).toBe('mail refused (EAUTH 535)');
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await good.close();
      await bad.close();
      await smtp.stop();
    }
  });

  it('refuses to send in clear text when STARTTLS is required but not offered', async () => {
    const smtp = await startSmtp({ disabledCommands: ['STARTTLS', 'AUTH'] });
    const notifier = new EmailNotifier(base(smtp.port, { tls: 'starttls' }));
    try {
      await expect(notifier.send(NOTIFICATION)).rejects.toBeDefined();
      expect(smtp.mails).toHaveLength(0);
    } finally {
      await notifier.close();
      await smtp.stop();
    }
  });

  describe('with STARTTLS', () => {
    let dir = '';
    let cert = '';
    let key = '';
    let opensslMissing = false;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'lifeline-smtp-tls-'));
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:P-256',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=relay.test',
            '-addext',
            'subjectAltName=IP:127.0.0.1',
            '-keyout',
            join(dir, 'key.pem'),
            '-out',
            join(dir, 'cert.pem'),
          ],
          { stdio: 'ignore' },
        );
        cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
        key = readFileSync(join(dir, 'key.pem'), 'utf8');
      } catch {
        opensslMissing = true;
      }
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('upgrades the connection, trusting the configured CA only', async (context) => {
      if (opensslMissing) context.skip();
      const smtp = await startSmtp({ key, cert, authOptional: true });
      const trusted = new EmailNotifier(base(smtp.port, { tls: 'starttls', ca: cert }));
      const untrusted = new EmailNotifier(base(smtp.port, { tls: 'starttls' }));
      try {
        await trusted.send(NOTIFICATION);
        expect(smtp.mails.map((m) => m.secure)).toEqual([true]);
        await expect(untrusted.send(NOTIFICATION)).rejects.toBeDefined();
        expect(smtp.mails).toHaveLength(1);
      } finally {
        await trusted.close();
        await untrusted.close();
        await smtp.stop();
      }
    });
  });
});
