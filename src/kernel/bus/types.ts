/**
 * The event bus: modules react to each other through typed events, never by calling each other's
 * services. Delivery is at-least-once: a handler that throws gets the event again, so handlers must
 * be idempotent (use `event.id`).
 */
export interface BusEvent<T = unknown> {
  /** Unique per published event; the same id on every redelivery. */
  id: string;
  /** `<module>.<noun>.<verb>`, e.g. `detect.alert.raised`. */
  type: string;
  /** ISO-8601 time of publication. */
  at: string;
  /** Who caused it: a user name, `system`, or a module name. */
  source: string;
  data: T;
}

export interface SubscribeOptions {
  /**
   * Name of a durable consumer. Events published while no process is subscribed under this name
   * are delivered when one subscribes again; processes sharing a name share the work.
   */
  durable: string;
  /** Event types to receive; a trailing `.*` or `.>` matches a whole family (`vault.>`). */
  types: readonly string[];
  /** How many times to try a handler before the event is parked as dead. Default 5. */
  maxDeliveries?: number;
  /** Wait before a failed event is offered again. Default 1000 ms. */
  retryDelayMs?: number;
}

export type EventHandler = (event: BusEvent) => Promise<void>;

export interface Subscription {
  /** Stops receiving; the durable consumer keeps its place for the next subscriber. */
  unsubscribe(): Promise<void>;
}

/** An event a durable consumer gave up on after `maxDeliveries` failed attempts. */
export interface DeadLetter {
  durable: string;
  event: BusEvent;
  deliveries: number;
  /** The last handler error's message; error messages carry no patient data by house rule. */
  error: string;
  /** ISO-8601 time it was parked. */
  at: string;
}

export interface EventBus {
  readonly kind: 'in-process' | 'nats';
  publish<T>(type: string, data: T, source?: string): Promise<BusEvent<T>>;
  subscribe(options: SubscribeOptions, handler: EventHandler): Promise<Subscription>;
  /** Throws BUS_UNAVAILABLE when the bus cannot be used; /readyz calls it. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** True when `type` is selected by `pattern` (`a.b.c`, `a.b.*` one level, `a.>` any depth). */
export function typeMatches(pattern: string, type: string): boolean {
  const want = pattern.split('.');
  const have = type.split('.');
  for (let i = 0; i < want.length; i++) {
    const part = want[i];
    if (part === '>') return have.length > i;
    if (i >= have.length) return false;
    if (part !== '*' && part !== have[i]) return false;
  }
  return want.length === have.length;
}
