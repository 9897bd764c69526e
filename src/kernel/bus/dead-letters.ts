import { isLifelineError } from '../errors.js';
import type { DeadLetter } from './types.js';

/**
 * Parked events of this process, newest last. Bounded so that a flood of poison events cannot
 * exhaust memory; every parked event is also logged, so nothing leaves without a trace.
 */
export class DeadLetterList {
  private readonly items: DeadLetter[] = [];
  constructor(private readonly limit = 1000) {}

  add(letter: DeadLetter): void {
    this.items.push(letter);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
  }

  list(): readonly DeadLetter[] {
    return [...this.items];
  }
}

export function errorMessage(err: unknown): string {
  if (isLifelineError(err)) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return 'non-error value thrown';
}
