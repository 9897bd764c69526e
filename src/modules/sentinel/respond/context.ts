import type { ActionOutcome, Signal, StopActionKind, Writer } from '../types.js';

/** What a stop action is told about the detection it answers. */
export interface StopContext {
  share: string;
  writer: Writer;
  signals: Signal[];
  files: string[];
  detectionId: string;
}

export interface StopAction {
  readonly kind: StopActionKind;
  run(context: StopContext): Promise<ActionOutcome>;
}
