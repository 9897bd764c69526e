/** One result line on stdout (run.sh collects them); progress on stderr. */
export function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

export function say(text: string): void {
  process.stderr.write(`${text}\n`);
}
