import { describe, expect, it } from 'vitest';
import { event } from '../alerts.testkit.js';
import type { Alert } from '../types.js';
import { NotificationDispatcher } from './dispatcher.js';
import { type AlertNotification, type Notifier, NotifyError } from './notifier.js';
import { capturingLogger } from './notify.testkit.js';
import type { SigmaLevel } from '../../types.js';

const alert: Alert = {
  id: 'a'.repeat(32),
  ruleId: 'rule-1',
  ruleTitle: 'Shadow Copy Deletion',
  level: 'critical',
  tags: ['attack.t1490'],
  attack: ['T1490'],
  status: 'new',
  assignee: null,
  closeReason: null,
  falsePositive: false,
  dedupKey: 'Computer=ws-icu-07.hospital.example',
  count: 1,
  firstSeen: '2026-01-13T08:00:00.000Z',
  lastSeen: '2026-01-13T08:00:00.000Z',
  source: { kind: 'http', name: 'http' },
  correlation: null,
};
const evidence = { ...event(), fields: event().fields };

class ScriptedNotifier implements Notifier {
  readonly kind = 'webhook' as const;
  readonly sent: AlertNotification[] = [];
  attempts = 0;
  closed = false;
  constructor(
    readonly name: string,
    readonly minLevel: SigmaLevel,
    private readonly failures: (Error | undefined)[] = [],
  ) {}
  async send(n: AlertNotification): Promise<void> {
    const failure = this.failures[this.attempts++];
    if (failure) throw failure;
    this.sent.push(n);
  }
  async close() {
    this.closed = true;
  }
}

function dispatcher(notifiers: Notifier[], options: { attempts?: number; maxPending?: number } = {}) {
  const log = capturingLogger();
  const d = new NotificationDispatcher({
    notifiers,
    logger: log.logger,
    consoleUrl: 'https://lifeline.example/',
    retry: { attempts: options.attempts ?? 4, initialDelayMs: 2, maxDelayMs: 10 },
    maxPending: options.maxPending ?? 100,
  });
  return { d, log };
}

describe('notification dispatcher', () => {
  it('sends to every notifier whose minimum level the alert reaches, with host, user and program only', async () => {
    const pager = new ScriptedNotifier('pager', 'critical');
    const quiet = new ScriptedNotifier('quiet', 'critical');
    const { d } = dispatcher([pager, quiet]);
    d.notify({ ...alert, level: 'high' }, evidence);
    d.notify(alert, evidence);
    await d.idle();
    expect(pager.sent).toHaveLength(1);
    expect(pager.sent[0]).toEqual({
      alertId: alert.id,
      ruleId: 'rule-1',
      ruleTitle: 'Shadow Copy Deletion',
      level: 'critical',
      time: alert.firstSeen,
      host: 'ws-icu-07.hospital.example',
      user: 'HOSPITAL\\nurse.jansen',
      image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      sourceName: 'http',
      attack: ['T1490'],
      link: `https://lifeline.example/detect/alerts/${alert.id}`,
    });
    expect(JSON.stringify(pager.sent)).not.toContain('SQBFAFgA');
  });

  it('retries failures with backoff and counts every outcome', async () => {
    const flaky = new ScriptedNotifier('flaky', 'low', [
      new Error('boom'),
      Object.assign(new Error('x'), { code: 'ECONNRESET' }),
    ]);
    const { d, log } = dispatcher([flaky]);
    d.notify(alert, evidence);
    await d.idle();
    expect(flaky.attempts).toBe(3);
    expect(flaky.sent).toHaveLength(1);
    expect(await d.metrics.snapshot()).toEqual({ 'flaky/retried': 2, 'flaky/sent': 1 });
    expect(log.lines()).toContain('ECONNRESET');
  });

  it('gives up after the configured attempts, and at once on a permanent failure', async () => {
    const down = new ScriptedNotifier(
      'down',
      'low',
      Array.from({ length: 10 }, () => new NotifyError('webhook answered 503')),
    );
    const refused = new ScriptedNotifier('refused', 'low', [new NotifyError('webhook answered 401', true)]);
    const { d } = dispatcher([down, refused], { attempts: 3 });
    d.notify(alert, evidence);
    await d.idle();
    expect([down.attempts, refused.attempts]).toEqual([3, 1]);
    expect(await d.metrics.snapshot()).toEqual({ 'down/retried': 2, 'down/failed': 1, 'refused/failed': 1 });
  });

  it('never blocks the caller, drops beyond the pending limit and closes its notifiers', async () => {
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Notifier = { kind: 'email', name: 'slow', minLevel: 'low', send: () => gate };
    const { d } = dispatcher([slow], { maxPending: 2 });
    for (let i = 0; i < 3; i++) d.notify(alert, evidence);
    expect(await d.metrics.snapshot()).toEqual({ 'slow/dropped': 1 });
    release();
    await d.idle();
    expect(await d.metrics.snapshot()).toEqual({ 'slow/dropped': 1, 'slow/sent': 2 });
    const closing = new ScriptedNotifier('closing', 'low');
    const second = dispatcher([closing]).d;
    await second.close();
    expect(closing.closed).toBe(true);
    second.notify(alert, evidence);
    expect(closing.attempts).toBe(0);
  });

  it('stops waiting to retry when closed', async () => {
    const down = new ScriptedNotifier(
      'down',
      'low',
      Array.from({ length: 10 }, () => new Error('boom')),
    );
    const log = capturingLogger();
    const d = new NotificationDispatcher({
      notifiers: [down],
      logger: log.logger,
      consoleUrl: 'https://lifeline.example',
      retry: { attempts: 10, initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
      maxPending: 10,
    });
    d.notify(alert, evidence);
    await new Promise((resolve) => setImmediate(resolve));
    await d.close();
    expect(await d.metrics.snapshot()).toEqual({ 'down/retried': 1, 'down/failed': 1 });
  });

  it('logs no event content, even when a receiver fails', async () => {
    const failing = new ScriptedNotifier('failing', 'low', [
      new Error(`echo ${String(evidence.fields.CommandLine)}`),
    ]);
    const { d, log } = dispatcher([failing], { attempts: 1 });
    d.notify(alert, evidence);
    await d.idle();
    expect(log.lines()).toContain('alert notification failed');
    expect(log.lines()).not.toContain('SQBFAFgA');
    expect(log.lines()).not.toContain('nurse.jansen');
  });
});
