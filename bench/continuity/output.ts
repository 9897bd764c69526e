/** How the continuity benchmark's drivers repeat, report and talk. */

/** How many times each measurement runs (REPEAT, default 3); the report gives the median. */
export function repeats(): number {
  const value = Number(process.env['REPEAT'] ?? '3');
  return Number.isInteger(value) && value > 0 ? value : 3;
}

/** One result line on stdout; run.sh collects them and report.mjs turns them into tables. */
export function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

/** Progress for the person running it, on stderr so stdout stays machine-readable. */
export function say(text: string): void {
  process.stderr.write(`${text}\n`);
}
