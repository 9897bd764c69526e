import { z } from 'zod';

/** Names as they appear in metrics labels, URLs and the console. */
export const sourceNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash and underscore, up to 64');

const host = z.string().min(1).default('0.0.0.0');
const port = (fallback: number) => z.number().int().min(0).max(65535).default(fallback);

const udpSchema = z.strictObject({
  name: sourceNameSchema,
  host,
  port: port(514),
  receiveBufferBytes: z.number().int().positive().optional(),
});
const tcpSchema = z.strictObject({
  name: sourceNameSchema,
  host,
  port: port(514),
  maxConnections: z.number().int().positive().default(1000),
});
const tlsSchema = z.strictObject({
  name: sourceNameSchema,
  host,
  port: port(6514),
  maxConnections: z.number().int().positive().default(1000),
  certFile: z.string().min(1),
  keyFile: z.string().min(1),
  /** Set it to require client certificates signed by this CA (mutual TLS). */
  clientCaFile: z.string().min(1).optional(),
});
const fileSchema = z.strictObject({
  name: sourceNameSchema,
  path: z.string().min(1),
  startAt: z.enum(['end', 'beginning']).default('end'),
  /** `syslog`: syslog text lines (/var/log/*); `json`: one JSON document a line, read by the normalisers. */
  format: z.enum(['syslog', 'json']).default('syslog'),
  pollIntervalMs: z.number().int().min(50).default(1000),
});

/** The `detect.ingest` configuration slice. */
export const ingestConfigSchema = z
  .strictObject({
    queueCapacity: z.number().int().positive().default(50_000),
    batchSize: z.number().int().positive().default(500),
    /** RFC 5425 receivers must take 2048 bytes and should take 8192; real Windows events are larger. */
    maxFrameBytes: z
      .number()
      .int()
      .min(2048)
      .max(16 * 1024 * 1024)
      .default(64 * 1024),
    maxRawChars: z.number().int().positive().default(8192),
    maxSources: z.number().int().positive().default(256),
    syslog: z
      .strictObject({
        /** UTC offset (minutes east) of RFC 3164 senders that write local time without a zone. */
        offsetMinutes: z.number().int().min(-840).max(840).default(0),
        udp: z.array(udpSchema).default([]),
        tcp: z.array(tcpSchema).default([]),
        tls: z.array(tlsSchema).default([]),
      })
      .prefault({}),
    files: z.array(fileSchema).default([]),
    offsetsFile: z.string().min(1).default('./data/detect-offsets.json'),
    http: z
      .strictObject({
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024),
        maxLineChars: z
          .number()
          .int()
          .positive()
          .default(256 * 1024),
        retryAfterSeconds: z.number().int().positive().default(5),
      })
      .prefault({}),
    quarantine: z
      .strictObject({
        keepPerSource: z.number().int().positive().default(1000),
        flushIntervalMs: z.number().int().min(10).default(1000),
        maxBuffered: z.number().int().positive().default(10_000),
      })
      .prefault({}),
    health: z
      .strictObject({
        idleAfterSeconds: z.number().int().positive().default(900),
        lagAfterSeconds: z.number().int().positive().default(10),
        dropWindowSeconds: z.number().int().positive().default(300),
      })
      .prefault({}),
  })
  .superRefine((config, context) => {
    const names = [
      ...config.syslog.udp.map((s) => s.name),
      ...config.syslog.tcp.map((s) => s.name),
      ...config.syslog.tls.map((s) => s.name),
      ...config.files.map((s) => s.name),
    ];
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) context.addIssue({ code: 'custom', message: `source name ${name} is used twice` });
      seen.add(name);
    }
  });

export type IngestConfig = z.infer<typeof ingestConfigSchema>;
