import type { ConsumerMessages, JetStreamClient, JsMsg } from 'nats';
import type { Logger } from '../../../kernel/log/logger.js';
import type { DetectEvent, EventFields, RuleMatch, RuleSummary } from '../types.js';
import { decodeEvents } from './codec.js';
import type { MatchRouter } from './router.js';
import { EVENTS_CONSUMER, type StreamLayout } from './settings.js';
import type { StreamAlert } from './types.js';

export interface RuleMatcher {
  match(fields: EventFields): readonly RuleSummary[];
}

export interface EventConsumerDeps {
  readonly js: JetStreamClient;
  readonly layout: StreamLayout;
  readonly matcher: RuleMatcher;
  readonly router: MatchRouter;
  /** Rules whose matches only feed correlations (`generate: false`) and raise no alert themselves. */
  readonly silent: ReadonlySet<string>;
  readonly onAlert: (alert: StreamAlert) => Promise<void>;
  readonly logger: Logger;
  /** Events pulled ahead and handled at once; also bounds this worker's share of max ack pending. */
  readonly concurrency: number;
}

export interface EventStats {
  events: number;
  matches: number;
  malformed: number;
  failed: number;
}

/** Delay before a failed event is offered again, so a NATS hiccup does not spin. */
const RETRY_DELAY_MS = 2000;

/**
 * One worker's share of the event stream: every worker pulls from the same durable consumer, so
 * JetStream hands each event to one of them. An event is acknowledged once its alerts are handed on
 * and its correlation feeds are stored; if the worker dies first, the event is delivered again.
 */
export class EventConsumer {
  readonly stats: EventStats = { events: 0, matches: 0, malformed: 0, failed: 0 };
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: EventConsumerDeps) {}

  async start(): Promise<void> {
    const consumer = await this.deps.js.consumers.get(this.deps.layout.stream, EVENTS_CONSUMER);
    this.messages = await consumer.consume({ max_messages: this.deps.concurrency });
    this.loop = this.run(this.messages);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        if (this.stopped) {
          msg.nak();
          continue;
        }
        const work = this.handle(msg).finally(() => this.inFlight.delete(work));
        this.inFlight.add(work);
        if (this.inFlight.size >= this.deps.concurrency) await Promise.race(this.inFlight);
      }
    } catch (err) {
      if (!this.stopped) this.deps.logger.warn({ error: String(err) }, 'event consumer stopped');
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const events = decodeEvents(msg.data);
    if (events === null) {
      this.stats.malformed++;
      // Not events: retrying cannot fix it, and it must not hold up the queue.
      this.deps.logger.warn({ seq: msg.seq }, 'malformed detect message dropped');
      msg.term();
      return;
    }
    const work: Promise<void>[] = [];
    try {
      let matches = 0;
      events.forEach((event, index) => {
        if (event) matches += this.process(event, `e${msg.seq}.${index}`, work);
      });
      await Promise.all(work);
      const malformed = events.filter((event) => event === null).length;
      if (malformed > 0)
        this.deps.logger.warn({ seq: msg.seq, malformed }, 'malformed detect events dropped');
      this.stats.events += events.length - malformed;
      this.stats.malformed += malformed;
      this.stats.matches += matches;
      msg.ack();
    } catch (err) {
      // Whatever was already handed on settles on its own; the whole message comes again.
      void Promise.allSettled(work);
      this.stats.failed++;
      this.deps.logger.warn(
        { seq: msg.seq, error: String(err) },
        'event processing failed; its message will be offered again',
      );
      msg.nak(RETRY_DELAY_MS);
    }
  }

  /** Matches one event and starts handing its matches on; returns how many rules matched. */
  private process(event: DetectEvent, origin: string, work: Promise<void>[]): number {
    const rules = this.deps.matcher.match(event.fields);
    for (const rule of rules) {
      const match: RuleMatch = { rule, event };
      // The origin names the message, event and rule, so a redelivered event's feeds are stored once.
      work.push(this.deps.router.route({ kind: 'rule', match }, `${origin}.${rule.id}`));
      if (!this.deps.silent.has(rule.id)) work.push(this.deps.onAlert({ kind: 'rule', match }));
    }
    return rules.length;
  }
}
