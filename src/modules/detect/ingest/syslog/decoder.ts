import { type Clock, systemClock } from '../../../../kernel/clock.js';
import type { Decoder } from '../types.js';
import { syslogFields } from './fields.js';
import { parseSyslog } from './parse.js';

export interface SyslogDecoderOptions {
  readonly clock?: Clock;
  /** UTC offset (minutes east) of RFC 3164 senders that write local time without a zone. */
  readonly offsetMinutes?: number;
  /**
   * Decodes a message that is itself a JSON document (NXLog and Winlogbeat forwarders send Windows
   * events this way). Its fields win over the syslog ones; when it fails the message stays text.
   */
  readonly payload?: Decoder;
}

/** The decoder of syslog sources: a syslog line becomes the fields listed in the README. */
export function syslogDecoder(options: SyslogDecoderOptions = {}): Decoder {
  const clock = options.clock ?? systemClock;
  return (line, source) => {
    const parsed = parseSyslog(line, {
      now: clock.now(),
      ...(options.offsetMinutes !== undefined ? { offsetMinutes: options.offsetMinutes } : {}),
    });
    if (!parsed.ok) return parsed;
    const fields = syslogFields(parsed.message);
    const time = parsed.message.timestamp;
    const text = parsed.message.message.trimStart();
    if (options.payload && text.startsWith('{')) {
      const inner = options.payload(text, source);
      if (inner.ok) {
        const innerTime = inner.time ?? time;
        return {
          ok: true,
          fields: { ...fields, ...inner.fields },
          ...(innerTime ? { time: innerTime } : {}),
        };
      }
    }
    return { ok: true, fields, ...(time ? { time } : {}) };
  };
}
