import nodemailer, { type Transporter } from 'nodemailer';
import type { SigmaLevel } from '../../types.js';
import { type AlertNotification, type Notifier, NotifyError } from './notifier.js';
import { subjectOf, textOf } from './message.js';

export interface EmailOptions {
  name: string;
  minLevel: SigmaLevel;
  host: string;
  port: number;
  tls: 'starttls' | 'implicit' | 'none';
  /** PEM of the CA that signed the relay's certificate. */
  ca?: string | undefined;
  auth?: { user: string; password: string } | undefined;
  from: string;
  to: readonly string[];
  timeoutMs: number;
}

/** Mails alerts through an SMTP relay. */
export class EmailNotifier implements Notifier {
  readonly kind = 'email' as const;
  readonly name: string;
  readonly minLevel: SigmaLevel;
  private readonly transport: Transporter;

  constructor(private readonly options: EmailOptions) {
    this.name = options.name;
    this.minLevel = options.minLevel;
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.tls === 'implicit',
      requireTLS: options.tls === 'starttls',
      ignoreTLS: options.tls === 'none',
      ...(options.ca ? { tls: { ca: options.ca } } : {}),
      ...(options.auth ? { auth: { user: options.auth.user, pass: options.auth.password } } : {}),
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      // Alert text is never a path or URL to fetch.
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
  }

  async send(notification: AlertNotification): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: [...this.options.to],
        subject: subjectOf(notification),
        text: textOf(notification),
      });
    } catch (error) {
      const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
      // A refused login or recipient stays refused; connection trouble may pass.
      if (
        code === 'EAUTH' ||
        code === 'EENVELOPE' ||
        (typeof responseCode === 'number' && responseCode >= 500)
      ) {
        throw new NotifyError(
          `mail refused (${String(code)}${typeof responseCode === 'number' ? ` ${responseCode}` : ''})`,
          true,
        );
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
