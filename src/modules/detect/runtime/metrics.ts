import { Counter, type Registry } from 'prom-client';

/**
 * The registry's counter of that name, made on first use: a serving process may stop and start
 * detection (stream mode or not) against the one /metrics registry it keeps.
 */
export function counterIn<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[] = [],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}
