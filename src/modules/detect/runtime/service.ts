import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import { LifelineError, loggableError } from '../../../kernel/errors.js';
import type { Database } from '../../../kernel/db/connect.js';
import type { Logger } from '../../../kernel/log/logger.js';
import type { AlertService } from '../alerts/service.js';
import type { DetectConfig } from '../config.js';
import { type Decoder, IngestRuntime } from '../ingest/index.js';
import { packageRoot } from '../pipeline/index.js';
import type { RuleCatalog } from '../platform/catalog.js';
import { type DetectionRuleSet, loadRuleSet } from '../scan/index.js';
import type { EventSource } from '../types.js';
import { RuleSetCatalog } from './catalog.js';
import { Detector } from './detector.js';
import { EMPTY_CATALOG } from './empty-catalog.js';
import { ingestDropMatch } from './health.js';
import { loadPipelines } from './pipelines.js';
import { detectionFields } from './rule-fields.js';
import { startStreamMode } from './stream-mode.js';
import { unreachableCorrelations } from './unreachable.js';

export interface DetectionServiceDeps {
  config: { detect: DetectConfig; bus: { natsUrl?: string | undefined } };
  database: Database;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
}

export interface Decoders {
  http: Decoder;
  file: Decoder;
  syslogPayload: Decoder;
}

const MAINTENANCE_EVERY_MS = 60_000;

/** The rule paths a deployment runs: Lifeline's own rules first, then the operator's. */
export function rulePaths(config: DetectConfig): string[] {
  return [...(config.builtinRules ? [join(packageRoot(), 'content/detect/rules')] : []), ...config.rules];
}

/**
 * Detection in the serving process: ingest feeds the detector, the detector raises alerts, and the
 * rule browser reads the loaded rule set.
 */
export class DetectionService {
  private ruleSet: DetectionRuleSet | undefined;
  private currentCatalog: RuleCatalog = EMPTY_CATALOG;
  private readonly fieldCache = new Map<string, readonly string[]>();
  private alerts: AlertService | undefined;
  private ingestRuntime: IngestRuntime | undefined;
  private detector: Detector | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private unsubscribeFilters: (() => void) | undefined;
  private stopStream: (() => Promise<void>) | undefined;
  private readonly pendingDropAlerts = new Set<Promise<unknown>>();

  constructor(private readonly deps: DetectionServiceDeps) {}

  /** Reads the current rule set, whichever it is when asked. */
  readonly catalog: RuleCatalog = {
    list: (filter) => this.currentCatalog.list(filter),
    get: (id) => this.currentCatalog.get(id),
    problems: () => this.currentCatalog.problems(),
  };

  get ingest(): IngestRuntime {
    if (!this.ingestRuntime) throw new Error('detection is not attached to its alerts yet');
    return this.ingestRuntime;
  }

  get rules(): DetectionRuleSet | undefined {
    return this.ruleSet;
  }

  attach(alerts: AlertService, decoders: Decoders): void {
    this.alerts = alerts;
    this.ingestRuntime = new IngestRuntime({
      config: this.deps.config.detect.ingest,
      database: this.deps.database,
      registry: this.deps.metrics,
      decoders: { http: decoders.http, file: decoders.file },
      syslogPayload: decoders.syslogPayload,
      onDrop: (source, count) => this.raiseDrop(source, count),
      clock: this.deps.clock,
      logger: this.deps.logger.child({ component: 'detect.ingest' }),
    });
  }

  ruleFields(ruleId: string): readonly string[] {
    let fields = this.fieldCache.get(ruleId);
    if (!fields) {
      fields = detectionFields(this.ruleSet?.loaded.source(ruleId)?.text ?? '');
      this.fieldCache.set(ruleId, fields);
    }
    return fields;
  }

  /** Loads the rules, then starts the consumer and the listeners. */
  async start(): Promise<void> {
    const { detect } = this.deps.config;
    if (!this.alerts) return;
    if (!detect.enabled) {
      // Nothing would ever evaluate them: senders get 503 (DETECT_INGEST_CLOSED), not a false 202.
      await this.ingest.hub.close(0);
      return;
    }
    const alerts = this.alerts;
    if (detect.stream.enabled) {
      await this.startOnWorkers(alerts);
      return;
    }
    const ruleSet = await this.loadRules();
    const detector = new Detector({
      ruleSet,
      alerts,
      logger: this.deps.logger,
      metrics: this.deps.metrics,
      correlationLimits: detect.correlation,
    });
    this.detector = detector;
    const reload = () => detector.applyExclusions(() => alerts.exclusions());
    await reload();
    // A failed reload is logged by the detector, which keeps the previous verdicts.
    this.unsubscribeFilters = alerts.onFiltersChanged(() => void reload().catch(() => {}));
    this.expiryTimer = setInterval(() => {
      detector.expire();
      // Verdicts taken on another serving process reach this one within a minute.
      void reload().catch(() => {});
    }, MAINTENANCE_EVERY_MS);
    this.expiryTimer.unref();
    this.ingest.hub.consume(detector.handle, { batchSize: detect.ingest.batchSize });
    await this.ingest.start();
  }

  async close(): Promise<void> {
    if (this.expiryTimer) clearInterval(this.expiryTimer);
    this.unsubscribeFilters?.();
    this.detector?.close();
    // Ingest drains into the detector or the stream before the stream connection goes; the drops
    // it reports while closing are stored before the alerts and the database close after us.
    await this.ingestRuntime?.stop();
    await this.stopStream?.();
    await Promise.allSettled([...this.pendingDropAlerts]);
  }

  /** The rules still load here (the console browses them); matching happens on the workers. */
  private async startOnWorkers(alerts: AlertService): Promise<void> {
    const natsUrl = this.deps.config.bus.natsUrl;
    const stream = this.deps.config.detect.stream;
    if (!natsUrl)
      throw new LifelineError(
        'CONFIG_INVALID',
        'detect.stream.enabled needs bus.natsUrl (LIFELINE_NATS_URL)',
        {
          key: 'detect.stream.enabled',
        },
      );
    await this.loadRules();
    this.stopStream = await startStreamMode({
      natsUrl,
      layout: { stream: stream.name, prefix: stream.prefix, partitions: stream.partitions },
      hub: this.ingest.hub,
      bus: this.deps.bus,
      alerts,
      logger: this.deps.logger,
      metrics: this.deps.metrics,
    });
    await this.ingest.start();
  }

  /**
   * The demo hospital's night of the attack, as logs: password guessing, PsExec, backups and
   * recovery removed, the log cleared. Ingested like any source, so the console shows real alerts.
   */
  async seedDemo(): Promise<void> {
    if (!this.deps.config.detect.enabled) return;
    const text = await readFile(join(packageRoot(), 'content/demo/detect-events.ndjson'), 'utf8');
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    this.ingest.hub.register({ kind: 'http', name: 'demo-hospital' }).offer(lines, { overflow: 'keep' });
  }

  private async loadRules(): Promise<DetectionRuleSet> {
    const { detect } = this.deps.config;
    const started = Date.now();
    const ruleSet = await loadRuleSet({
      paths: rulePaths(detect),
      pipeline: await loadPipelines(detect.pipelines),
      placeholders: detect.placeholders,
    });
    this.ruleSet = ruleSet;
    const unreachable = unreachableCorrelations(ruleSet.correlations, detect.correlation.maxEntriesPerGroup);
    this.currentCatalog = new RuleSetCatalog(ruleSet, unreachable);
    this.deps.logger.info(
      {
        rules: ruleSet.loaded.rules.length,
        correlations: ruleSet.correlations.correlations.length,
        inactive: ruleSet.loaded.inactive.length,
        problems: ruleSet.problems.length + unreachable.length,
        ms: Date.now() - started,
      },
      'detection rules loaded',
    );
    return ruleSet;
  }

  private raiseDrop(source: EventSource, count: number): void {
    const alerts = this.alerts;
    if (!alerts) return;
    const raising = alerts
      .raise(ingestDropMatch(source, count, this.deps.clock.now()))
      .catch((error: unknown) => {
        this.deps.logger.error(
          { err: loggableError(error), source: source.name, count },
          'the ingest-drop alert could not be stored',
        );
      })
      .finally(() => this.pendingDropAlerts.delete(raising));
    this.pendingDropAlerts.add(raising);
  }
}
