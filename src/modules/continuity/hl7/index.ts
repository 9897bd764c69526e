/** HL7 v2 for the census: ER7 parsing and writing, ACKs, MLLP, ADT ↔ census events, the census reducer. */
export { CONTINUITY_HL7_ERRORS, type Hl7ErrorCode } from './errors.js';
export {
  DEFAULT_DELIMITERS,
  encodingCharacters,
  type Hl7Charset,
  type Hl7Component,
  type Hl7Delimiters,
  type Hl7Field,
  type Hl7Leaf,
  type Hl7Repetition,
  type Hl7Segment,
} from './er7/types.js';
export { Hl7Message, fieldOf, textAt } from './er7/message.js';
export { parseHl7Path, type Hl7Path } from './er7/path.js';
export { parseHl7 } from './er7/parse.js';
export { encodeHl7, encodeSegment } from './er7/encode.js';
export { escapeHl7, unescapeHl7 } from './er7/escape.js';
export {
  createHl7Message,
  hl7Segment,
  type ComponentInput,
  type FieldInput,
  type LeafInput,
  type RepetitionInput,
} from './er7/build.js';
export { decodeHl7Bytes, encodeHl7Bytes, charsetFromMsh18 } from './er7/charset.js';
export { hl7TimeToIso, hl7DateToIso, isoToHl7Time, isoDateToHl7, dateToHl7Time } from './er7/time.js';
export {
  buildAck,
  ackCodeOf,
  HL7_ERROR_CONDITIONS,
  type AckCode,
  type AckOptions,
  type Hl7ErrorCondition,
} from './ack.js';
export { MllpDecoder, type MllpFrame } from './mllp/decoder.js';
export {
  frameMllp,
  DEFAULT_MAX_MESSAGE_BYTES,
  MLLP_START_BLOCK,
  MLLP_END_BLOCK,
  MLLP_CARRIAGE_RETURN,
} from './mllp/frame.js';
export {
  startMllpServer,
  type MllpServer,
  type MllpServerOptions,
  type MllpServerStats,
  type MllpServerTls,
} from './mllp/server.js';
export { HANDLER_FAILURE_TEXT, type MllpHandlerResult, type MllpMessageHandler } from './mllp/responder.js';
export { MllpClient, sendMllp, type MllpClientOptions, type MllpClientTls } from './mllp/client.js';
export { adtToCensusEvent } from './adt/to-census.js';
export { buildAdt, type BuildAdtOptions } from './adt/build-adt.js';
export { ADT_TRIGGERS, genderFromHl7, genderToHl7 } from './adt/triggers.js';
export { applyCensusEvent } from './census/apply.js';
export { censusByUnit, censusUnits, bedOccupant, pruneCensus } from './census/queries.js';
export { EMPTY_CENSUS, type CensusPatient, type CensusState, type CensusUndoEntry } from './census/state.js';
