import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { Clock } from '../../../kernel/clock.js';
import type { Database } from '../../../kernel/db/connect.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { EventSource, SourceKind } from '../types.js';
import type { IngestConfig } from './config.js';
import { OffsetStore } from './file/offsets.js';
import { FileTail } from './file/tail.js';
import { ingestRoutes } from './http/routes.js';
import { IngestHub } from './hub/hub.js';
import { TcpSyslogListener } from './listeners/tcp.js';
import { TlsSyslogListener } from './listeners/tls.js';
import { UdpSyslogListener } from './listeners/udp.js';
import { QuarantineStore } from './quarantine/store.js';
import { QuarantineWriter } from './quarantine/writer.js';
import { syslogDecoder } from './syslog/decoder.js';
import type { Decoder } from './types.js';

export interface IngestRuntimeDeps {
  readonly config: IngestConfig;
  readonly database: Database;
  /** The platform's Prometheus registry (served at /metrics). */
  readonly registry: Registry;
  /** Decoders of JSON sources (`http`, `file` with format `json`, …): the normalisers. */
  readonly decoders: Partial<Record<SourceKind, Decoder>>;
  /** Decodes a JSON message inside a syslog line (NXLog, Winlogbeat over syslog); usually the same normaliser. */
  readonly syslogPayload?: Decoder;
  readonly onDrop: (source: EventSource, count: number) => void;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface Stoppable {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Ingest as configured: the hub, the quarantine writer, every listener and file tail. Attach the
 * consumer with `hub.consume(...)` before `start()`.
 */
export class IngestRuntime {
  readonly hub: IngestHub;
  readonly quarantine: QuarantineStore;
  private readonly writer: QuarantineWriter;
  private readonly running: Stoppable[] = [];
  private offsets: OffsetStore | undefined;

  constructor(private readonly deps: IngestRuntimeDeps) {
    const { config } = deps;
    this.quarantine = new QuarantineStore(deps.database);
    this.writer = new QuarantineWriter({
      store: this.quarantine,
      keepPerSource: config.quarantine.keepPerSource,
      flushIntervalMs: config.quarantine.flushIntervalMs,
      maxBuffered: config.quarantine.maxBuffered,
      registry: deps.registry,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    const syslog = this.syslogDecoder();
    this.hub = new IngestHub({
      capacity: config.queueCapacity,
      decoders: { 'syslog-udp': syslog, 'syslog-tcp': syslog, 'syslog-tls': syslog, ...deps.decoders },
      registry: deps.registry,
      onDrop: deps.onDrop,
      quarantine: this.writer.add,
      maxRawChars: config.maxRawChars,
      maxSources: config.maxSources,
      idleAfterMs: config.health.idleAfterSeconds * 1000,
      lagAfterMs: config.health.lagAfterSeconds * 1000,
      dropWindowMs: config.health.dropWindowSeconds * 1000,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
  }

  routes(): FastifyPluginAsync {
    const { http } = this.deps.config;
    return ingestRoutes({
      hub: this.hub,
      quarantine: this.quarantine,
      maxBodyBytes: http.maxBodyBytes,
      maxLineChars: http.maxLineChars,
      retryAfterSeconds: http.retryAfterSeconds,
    });
  }

  /** Starts every configured source; if one cannot start, those already started are stopped again. */
  async start(): Promise<void> {
    this.writer.start();
    try {
      for (const source of await this.sources()) {
        await source.start();
        this.running.push(source);
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops intake first, lets the consumer drain the queue, then writes what is buffered. */
  async stop(drainMs = 10_000): Promise<void> {
    for (const source of this.running.splice(0).reverse()) await source.stop();
    await this.hub.close(drainMs);
    await this.writer.stop();
    await this.offsets?.close();
  }

  private syslogDecoder(): Decoder {
    return syslogDecoder({
      offsetMinutes: this.deps.config.syslog.offsetMinutes,
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
      ...(this.deps.syslogPayload ? { payload: this.deps.syslogPayload } : {}),
    });
  }

  private async sources(): Promise<Stoppable[]> {
    const { config, logger } = this.deps;
    const hub = this.hub;
    const common = { hub, maxFrameBytes: config.maxFrameBytes, ...(logger ? { logger } : {}) };
    const sources: Stoppable[] = [
      ...config.syslog.udp.map((udp) => new UdpSyslogListener({ ...common, ...udp })),
      ...config.syslog.tcp.map((tcp) => new TcpSyslogListener({ ...common, ...tcp })),
      ...config.syslog.tls.map((tls) => new TlsSyslogListener({ ...common, ...tls })),
    ];
    if (config.files.length > 0) {
      this.offsets = await OffsetStore.open(config.offsetsFile, logger ? { logger } : {});
      const offsets = this.offsets;
      for (const file of config.files) {
        sources.push(
          new FileTail({
            hub,
            offsets,
            name: file.name,
            path: file.path,
            startAt: file.startAt,
            pollIntervalMs: file.pollIntervalMs,
            maxLineBytes: config.maxFrameBytes,
            ...(file.format === 'syslog' ? { decode: this.syslogDecoder() } : {}),
            ...(logger ? { logger } : {}),
          }),
        );
      }
    }
    return sources;
  }
}
