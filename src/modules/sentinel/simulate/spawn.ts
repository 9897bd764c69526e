import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SimulationOptions } from './run.js';

/** The command that runs the simulator in its own process: the built child.js, or child.ts through tsx. */
export function simulationCommand(options: SimulationOptions): { command: string; args: string[] } {
  const built = fileURLToPath(new URL('./child.js', import.meta.url));
  const json = JSON.stringify(options);
  if (existsSync(built)) return { command: process.execPath, args: [built, json] };
  const source = fileURLToPath(new URL('./child.ts', import.meta.url));
  return { command: process.execPath, args: ['--import', 'tsx', source, json] };
}

/** Starts the simulator as a child process; its pid is the writer a sentinel sees. */
export function spawnSimulation(options: SimulationOptions): ChildProcess {
  const { command, args } = simulationCommand(options);
  return spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
}
