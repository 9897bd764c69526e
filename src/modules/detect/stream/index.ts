/** Scale-out detection on NATS JetStream: ingest publishes events, `lifeline worker detect` consumes. */
export { connectDetectStream, type DetectStreamConnection, type DetectStreamOptions } from './connection.js';
export type { StreamLimits } from './admin.js';
export { DetectEventPublisher, type PublishOptions } from './publisher.js';
export { DetectWorker, type DetectWorkerOptions, type WorkerRules, type WorkerStats } from './worker.js';
export type { RuleMatcher } from './event-consumer.js';
export { ALERT_MATCH_EVENT, type StreamAlert, type StreamMatch } from './types.js';
export {
  DEFAULT_LAYOUT,
  eventsSubject,
  partitionSubject,
  streamLayout,
  type StreamLayout,
} from './settings.js';
export { DETECT_STREAM_ERRORS } from './errors.js';
