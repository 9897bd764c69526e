import type { ActionOutcome, StopActionKind } from '../types.js';

export function outcome(action: StopActionKind, ok: boolean, detail: string): ActionOutcome {
  return { action, ok, detail, at: Date.now() };
}

export function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
