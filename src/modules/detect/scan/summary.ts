/** One output line of a scan: a rule (or correlation) matched the event at `eventIndex`. */
export interface ScanMatch {
  readonly ruleId: string;
  readonly title: string;
  readonly level: string;
  /** 0-based line (NDJSON) or array position of the event; for a correlation, of the one that fired it. */
  readonly eventIndex: number;
  readonly correlation?: true;
  /** Correlations only: the group that fired and its aggregate value. */
  readonly group?: Readonly<Record<string, string>>;
  readonly value?: number;
}

export interface MalformedRecord {
  readonly index: number;
  readonly reason: string;
}

export interface ScanSummary {
  /** Events read and matched (malformed ones not included). */
  readonly events: number;
  readonly matches: number;
  readonly malformed: number;
  /** The first malformed records, with their index; `malformed` counts them all. */
  readonly malformedRecords: readonly MalformedRecord[];
  /** Rule or correlation id → matches. */
  readonly byRule: Readonly<Record<string, number>>;
  readonly seconds: number;
}

/** Counts as a scan goes; the list of malformed records is capped so memory stays flat. */
export class SummaryBuilder {
  events = 0;
  matches = 0;
  malformed = 0;
  private readonly malformedRecords: MalformedRecord[] = [];
  private readonly byRule = new Map<string, number>();
  private readonly started = performance.now();

  constructor(private readonly maxListed: number) {}

  addMalformed(index: number, reason: string): void {
    this.malformed++;
    if (this.malformedRecords.length < this.maxListed) this.malformedRecords.push({ index, reason });
  }

  addMatch(ruleId: string): void {
    this.matches++;
    this.byRule.set(ruleId, (this.byRule.get(ruleId) ?? 0) + 1);
  }

  build(): ScanSummary {
    const byRule = Object.fromEntries([...this.byRule].sort(([, a], [, b]) => b - a));
    return {
      events: this.events,
      matches: this.matches,
      malformed: this.malformed,
      malformedRecords: [...this.malformedRecords],
      byRule,
      seconds: Math.round(performance.now() - this.started) / 1000,
    };
  }
}
