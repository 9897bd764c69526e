import { isLifelineError, loggableError } from '../../../../kernel/errors.js';
import { buildAck, type AckCode, type Hl7ErrorCondition } from '../ack.js';
import type { Hl7Message } from '../er7/message.js';
import { parseHl7 } from '../er7/parse.js';
import type { MllpFrame } from './decoder.js';

export interface MllpHandlerResult {
  code: AckCode;
  /** Goes back to the sender in MSA-3 and ERR-8: never patient data. */
  text?: string;
  /** ERR-3 for AE and AR. */
  errorCondition?: Hl7ErrorCondition;
}

export type MllpMessageHandler = (message: Hl7Message, raw: string) => Promise<MllpHandlerResult>;

/** What happened to one frame, for the server's counters. */
export type MllpOutcome = 'AA' | 'AE' | 'AR' | 'handler-failed' | 'malformed' | 'oversize' | 'dropped';

/** Sent instead of the handler's error, whose message may quote the patient data it choked on. */
export const HANDLER_FAILURE_TEXT = 'the receiving application could not process the message';

/**
 * Decides the answer to one frame: the handler's code when it parses; AE when the handler throws,
 * except AR when it throws one of this module's "the message is wrong" errors; AR when the message
 * is malformed or too large but its MSH can still be read (so the sender stops resending something
 * that will never be accepted); nothing when not even MSH can be read.
 */
export async function respondToFrame(
  frame: MllpFrame,
  handler: MllpMessageHandler,
  maxMessageBytes: number,
): Promise<{ ack: string | null; outcome: MllpOutcome; failure?: string }> {
  if (!frame.ok && frame.reason === 'unterminated') return { ack: null, outcome: 'dropped' };
  if (!frame.ok) {
    const header = readHeaderOnly(frame.head);
    const text = `the message is larger than the ${maxMessageBytes}-byte limit`;
    return { ack: header ? buildAck(header, 'AR', text) : null, outcome: 'oversize' };
  }
  let message: Hl7Message;
  try {
    message = parseHl7(frame.text);
  } catch (error) {
    const header = readHeaderOnly(frame.text);
    if (!header) return { ack: null, outcome: 'dropped' };
    const text = isLifelineError(error) ? error.message : 'the message cannot be parsed';
    return { ack: buildAck(header, 'AR', text, { errorCondition: '102' }), outcome: 'malformed' };
  }
  try {
    const result = await handler(message, frame.text);
    const options = result.errorCondition === undefined ? {} : { errorCondition: result.errorCondition };
    return { ack: buildAck(message, result.code, result.text, options), outcome: result.code };
  } catch (error) {
    const condition = isLifelineError(error) ? REJECTING_ERRORS[error.code] : undefined;
    if (condition !== undefined && isLifelineError(error)) {
      // The handler found the message itself wrong (e.g. an ADT without PID-3): resending cannot
      // help, so the answer is AR. These messages name fields, never values.
      return { ack: buildAck(message, 'AR', error.message, { errorCondition: condition }), outcome: 'AR' };
    }
    return {
      ack: buildAck(message, 'AE', HANDLER_FAILURE_TEXT),
      outcome: 'handler-failed',
      failure: loggableError(error),
    };
  }
}

/** Errors from reading a message that mean "this message is wrong", with their HL7 condition. */
const REJECTING_ERRORS: Readonly<Record<string, Hl7ErrorCondition>> = {
  CONTINUITY_HL7_MALFORMED: '102',
  CONTINUITY_HL7_UNSUPPORTED: '201',
  CONTINUITY_HL7_FIELD_MISSING: '101',
  CONTINUITY_HL7_FIELD_INVALID: '102',
};

/** The message's MSH segment alone, when that much is well formed. */
function readHeaderOnly(text: string): Hl7Message | null {
  const first = text.replace(/^[\uFEFF\s]+/u, '').split(/[\r\n]/, 1)[0] ?? '';
  try {
    return parseHl7(first);
  } catch {
    return null;
  }
}
