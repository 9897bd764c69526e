import type { Level } from '../types.js';

/** Colours for the chart series; the CSS badge colours follow the same scale. */
export const LEVEL_COLORS: Readonly<Record<Level, string>> = {
  informational: '#8a96a3',
  low: '#2f6fb3',
  medium: '#c99a06',
  high: '#d9661f',
  critical: '#b3261e',
};
