/**
 * The simulator as its own process, so a sentinel watching the target can stop it without stopping
 * its caller: `node child.js '<SimulationOptions as JSON>'` (from source: `node --import tsx child.ts …`).
 * Prints the result as one JSON line; exits 2 with the error's code on stderr when refused.
 */
import { LifelineError } from '../../../kernel/errors.js';
import { VARIANTS, type Variant } from './journal.js';
import { runSimulation, type SimulationOptions } from './run.js';

function parseOptions(text: string | undefined): SimulationOptions {
  const value = JSON.parse(text ?? '{}') as Partial<SimulationOptions>;
  if (typeof value.target !== 'string' || !VARIANTS.includes(value.variant as Variant)) {
    throw new Error('usage: child.ts \'{"target":"DIR","variant":"fast"}\'');
  }
  return value as SimulationOptions;
}

try {
  const result = await runSimulation(parseOptions(process.argv[2]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  const code = error instanceof LifelineError ? error.code : 'ERROR';
  process.stderr.write(`${code}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
